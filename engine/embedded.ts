import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEngine, type RunningEngine } from './engine';

/**
 * The engine inside the n8n process, for the credential's "Embedded engine"
 * mode: started on first use, one per data folder however many nodes use it,
 * stopped with the process. From then on the nodes reach it over its REST
 * API exactly as they reach a remote one.
 */
export interface EmbeddedOptions {
	/** Default: .n8n/signflow in the n8n user folder. */
	dataDir?: string;
	port?: number;
	host?: string;
	/** How signers reach the signing pages; defaults to the listening address. */
	publicUrl?: string;
}

export interface EmbeddedEngine {
	url: string;
	publicUrl: string;
	apiKey: string;
}

const KEY_FILE = 'embedded-api-key.json';
const running = new Map<string, Promise<{ engine: RunningEngine; apiKey: string }>>();

export function defaultDataDir(): string {
	return path.join(process.env.N8N_USER_FOLDER ?? os.homedir(), '.n8n', 'signflow');
}

export async function embeddedEngine(options: EmbeddedOptions = {}): Promise<EmbeddedEngine> {
	const dataDir = path.resolve(options.dataDir || defaultDataDir());
	let starting = running.get(dataDir);
	if (!starting) {
		starting = start(dataDir, options);
		running.set(dataDir, starting);
		// A failed start (port taken, bad folder) is reported, then tried again on next use.
		starting.catch(() => running.delete(dataDir));
	}
	const { engine, apiKey } = await starting;
	return { url: engine.url, publicUrl: engine.publicUrl, apiKey };
}

async function start(dataDir: string, options: EmbeddedOptions) {
	const engine = await startEngine({
		dataDir,
		port: options.port ?? 5681,
		host: options.host || '127.0.0.1',
		publicUrl: options.publicUrl || undefined,
		logLevel: 'warn',
		// n8n's own webhook URLs (the Signflow trigger) are usually on this host or LAN.
		allowPrivateWebhooks: true,
	});
	// n8n decides when its process ends; the embedded engine never keeps it alive on its own.
	engine.http.server.unref();
	stopWithProcess();
	return { engine, apiKey: await embeddedKey(engine, dataDir) };
}

/** The embedded organization's API key: made at first start and kept (mode 0600) in the data folder. */
async function embeddedKey(engine: RunningEngine, dataDir: string): Promise<string> {
	const file = path.join(dataDir, KEY_FILE);
	if (existsSync(file)) {
		const saved = JSON.parse(readFileSync(file, 'utf8')) as { apiKey?: string };
		if (saved.apiKey && (await engine.service.authenticate(saved.apiKey))) return saved.apiKey;
	}
	const { organization, apiKey } = await engine.service.createOrganization({ name: 'n8n' });
	mkdirSync(dataDir, { recursive: true });
	writeFileSync(file, `${JSON.stringify({ organizationId: organization.id, apiKey }, null, 2)}\n`, { mode: 0o600 });
	return apiKey;
}

let hooked = false;

function stopWithProcess(): void {
	if (hooked) return;
	hooked = true;
	const stopAll = () => {
		for (const starting of running.values()) void starting.then(({ engine }) => engine.close()).catch(() => undefined);
	};
	process.once('beforeExit', stopAll);
	// Only join signal handling that n8n already does: a listener of our own would stop the
	// default exit of a process that has none. Without one, the SQLite file (WAL) is safe anyway.
	for (const signal of ['SIGTERM', 'SIGINT'] as const) if (process.listenerCount(signal) > 0) process.prependListener(signal, stopAll);
}

/** Stops every embedded engine of this process (tests, and n8n's shutdown). */
export async function stopEmbeddedEngines(): Promise<void> {
	const engines = [...running.values()];
	running.clear();
	await Promise.all(engines.map((starting) => starting.then(({ engine }) => engine.close()).catch(() => undefined)));
}
