import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { databaseUrlFor } from './testDatabase';

/** The built CLI, as `npm start` runs it (npm test builds first). */
export const CLI = path.resolve(__dirname, '../../../dist/engine/cli.js');

/**
 * The environment of a CLI process: with `--data DIR` and no database named, the folder's
 * database of this run (testDatabase.ts), as startTestEngine gives an engine in-process.
 */
async function cliEnv(args: string[], env: Record<string, string>): Promise<NodeJS.ProcessEnv> {
	const data = args.indexOf('--data');
	const named = args.includes('--database-url') || 'SIGNFLOW_DATABASE_URL' in env;
	const databaseUrl = data >= 0 && !named ? await databaseUrlFor(args[data + 1]) : undefined;
	return { ...process.env, SIGNFLOW_LOG_LEVEL: 'warn', ...(databaseUrl ? { SIGNFLOW_DATABASE_URL: databaseUrl } : {}), ...env };
}

/** One `signflow` command, to its end; with `killAfterMs`, killed then (a `serve` expected to refuse to start that did not). */
export async function runCli(
	args: string[],
	env: Record<string, string> = {},
	options: { killAfterMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
	const child = spawn(process.execPath, [CLI, ...args], { env: await cliEnv(args, env), stdio: ['ignore', 'pipe', 'pipe'] });
	const killer = options.killAfterMs === undefined ? null : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const code = await new Promise<number | null>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', resolve);
	});
	if (killer) clearTimeout(killer);
	return { code, stdout, stderr };
}

export interface EngineProcess {
	child: ChildProcessWithoutNullStreams;
	url: string;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	output: () => string;
}

/** `signflow serve` in its own process on a random port; resolves once it listens. */
export async function spawnEngine(args: string[], env: Record<string, string> = {}): Promise<EngineProcess> {
	const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], { env: await cliEnv(args, env) });
	let output = '';
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
		child.on('exit', (code, signal) => resolve({ code, signal })),
	);
	const url = await new Promise<string>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`engine did not start: ${output}`)), 20_000);
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		void exited.then(() => reject(new Error(`engine exited before listening: ${output}`)));
	});
	return { child, url, exited, output: () => output };
}
