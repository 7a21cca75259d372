import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDF_FIXTURES } from '../pdf/fixtures';

/** The n8n versions the end-to-end tests know: 2.8.4 on this machine's Node 20, 2.41.0 (what users run today) on Node 24. */
export type N8nVersion = '2.8.4' | '2.41.0';

export interface N8nInstall {
	version: N8nVersion;
	/** n8n's bin script. */
	bin: string;
	/** The Node.js binary that runs it. */
	node: string;
}

const installs = new Map<N8nVersion, N8nInstall>();

/** A real n8n, installed once into a cache outside the repository (scripts/ensure-n8n.js). */
export function n8nInstall(version: N8nVersion = '2.8.4'): N8nInstall {
	let install = installs.get(version);
	if (!install) {
		const line = execFileSync(process.execPath, [path.resolve(__dirname, '../../../scripts/ensure-n8n.js'), version], { encoding: 'utf8' }).trim();
		install = JSON.parse(line) as N8nInstall;
		installs.set(version, install);
	}
	return install;
}

export interface N8nHome {
	folder: string;
	install: N8nInstall;
	env: NodeJS.ProcessEnv;
	/** Runs an n8n CLI command; resolves with its output. */
	run(args: string[], timeoutMs?: number): Promise<{ code: number | null; stdout: string; stderr: string }>;
	remove(): void;
}

export interface N8nHomeOptions {
	version?: N8nVersion;
	/**
	 * Load this package from dist/ as a custom extension (the default), or not at all: then the
	 * test installs it into the user folder's .n8n/nodes, as n8n's community-package install does.
	 */
	loadDist?: boolean;
	env?: NodeJS.ProcessEnv;
}

/** A fresh n8n user folder; by default it loads this package (built into dist/) as a custom extension. */
export function n8nHome(options: N8nHomeOptions = {}): N8nHome {
	const install = n8nInstall(options.version);
	const folder = mkdtempSync(path.join(os.tmpdir(), 'signflow-n8n-'));
	const env: NodeJS.ProcessEnv = {
		...process.env,
		// n8n runs on its own Node (24 for 2.41): put it first on the PATH for its child processes too.
		PATH: `${path.dirname(install.node)}${path.delimiter}${process.env.PATH ?? ''}`,
		// Jest sets NODE_ENV=test, under which n8n prints no execution output.
		NODE_ENV: 'production',
		N8N_USER_FOLDER: folder,
		...(options.loadDist === false ? {} : { N8N_CUSTOM_EXTENSIONS: path.resolve(__dirname, '../../../dist') }),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_ENCRYPTION_KEY: 'signflow-e2e-encryption-key',
		N8N_DEFAULT_BINARY_DATA_MODE: 'default',
		N8N_RESTRICT_FILE_ACCESS_TO: PDF_FIXTURES,
		...options.env,
	};
	return {
		folder,
		install,
		env,
		run(args, timeoutMs = 120_000) {
			return new Promise((resolve, reject) => {
				const child = spawn(install.node, [install.bin, ...args], { env, cwd: folder });
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
