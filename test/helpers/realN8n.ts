import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The real n8n 2.8.4, installed once into a cache outside the repository (scripts/ensure-n8n.js). */
export function n8nBinary(): string {
	return execFileSync(process.execPath, [path.resolve(__dirname, '../../scripts/ensure-n8n.js')], { encoding: 'utf8' }).trim();
}

export interface N8nHome {
	folder: string;
	env: NodeJS.ProcessEnv;
	/** Runs an n8n CLI command; resolves with its output. */
	run(args: string[], timeoutMs?: number): Promise<{ code: number | null; stdout: string; stderr: string }>;
	remove(): void;
}

/** A fresh n8n user folder that loads this package (built into dist/) as a custom extension. */
export function n8nHome(extra: NodeJS.ProcessEnv = {}): N8nHome {
	const bin = n8nBinary();
	const folder = mkdtempSync(path.join(os.tmpdir(), 'signflow-n8n-'));
	const env: NodeJS.ProcessEnv = {
		...process.env,
		// Jest sets NODE_ENV=test, under which n8n prints no execution output.
		NODE_ENV: 'production',
		N8N_USER_FOLDER: folder,
		N8N_CUSTOM_EXTENSIONS: path.resolve(__dirname, '../../dist'),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_ENCRYPTION_KEY: 'signflow-e2e-encryption-key',
		N8N_DEFAULT_BINARY_DATA_MODE: 'default',
		N8N_RESTRICT_FILE_ACCESS_TO: path.resolve(__dirname, '../fixtures/pdf'),
		...extra,
	};
	return {
		folder,
		env,
		run(args, timeoutMs = 120_000) {
			return new Promise((resolve, reject) => {
				const child = spawn(bin, args, { env, cwd: folder });
				let stdout = '';
				let stderr = '';
				child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
				child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
				const timer = setTimeout(() => {
					child.kill('SIGKILL');
					reject(new Error(`n8n ${args.join(' ')} timed out: ${stderr}`));
				}, timeoutMs);
				child.on('exit', (code) => {
					clearTimeout(timer);
					resolve({ code, stdout, stderr });
				});
			});
		},
		remove: () => rmSync(folder, { recursive: true, force: true }),
	};
}

/** Imports credentials and a workflow (plain JSON) into an n8n home. */
export async function importInto(home: N8nHome, credentials: object[], workflow: object): Promise<void> {
	const credentialsFile = path.join(home.folder, 'credentials.json');
	const workflowFile = path.join(home.folder, 'workflow.json');
	writeFileSync(credentialsFile, JSON.stringify(credentials));
	writeFileSync(workflowFile, JSON.stringify(workflow));
	for (const args of [
		['import:credentials', `--input=${credentialsFile}`],
		['import:workflow', `--input=${workflowFile}`],
	]) {
		const result = await home.run(args);
		if (result.code !== 0) throw new Error(`n8n ${args[0]} failed: ${result.stdout}${result.stderr}`);
	}
}

/** The run data n8n execute --rawOutput printed (after its log lines). */
export function parseRawOutput(stdout: string): any {
	const start = stdout.indexOf('{\n');
	if (start < 0) throw new Error(`no JSON in n8n output (n8n execute prints it at log level info): ${stdout.slice(0, 2000)}`);
	return JSON.parse(stdout.slice(start));
}
