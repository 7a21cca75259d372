import { spawn } from 'node:child_process';

/**
 * Runs pg_dump or pg_restore to its end; fails with what it printed, or with a clear message when
 * the tool is not installed (PostgreSQL's client tools, of the server's major version).
 */
export function runPgTool(tool: 'pg_dump' | 'pg_restore', databaseUrl: string, args: string[]): Promise<void> {
	// The password goes in the environment, not on the command line other users' `ps` shows.
	const url = new URL(databaseUrl);
	const password = decodeURIComponent(url.password);
	url.password = '';
	const env = password ? { ...process.env, PGPASSWORD: password } : process.env;
	return new Promise((resolve, reject) => {
		const child = spawn(tool, [`--dbname=${url.toString()}`, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
		let stderr = '';
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
		child.on('error', (error: NodeJS.ErrnoException) =>
			reject(
				error.code === 'ENOENT'
					? new Error(`${tool} was not found on the PATH: install PostgreSQL's client tools (${tool} of the same major version as the server) and run again.`)
					: error,
			),
		);
		child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${tool} failed (exit code ${code}):\n${stderr.trim()}`))));
	});
}
