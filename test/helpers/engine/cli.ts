import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

/** The built CLI, as `npm start` runs it (npm test builds first). */
export const CLI = path.resolve(__dirname, '../../../dist/engine/cli.js');

export function runCli(args: string[], env: Record<string, string> = {}) {
	const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, SIGNFLOW_LOG_LEVEL: 'warn', ...env } });
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface EngineProcess {
	child: ChildProcessWithoutNullStreams;
	url: string;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
	output: () => string;
}

/** `signflow serve` in its own process on a random port; resolves once it listens. */
export async function spawnEngine(args: string[], env: Record<string, string> = {}): Promise<EngineProcess> {
	const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {
		env: { ...process.env, SIGNFLOW_LOG_LEVEL: 'warn', ...env },
	});
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
