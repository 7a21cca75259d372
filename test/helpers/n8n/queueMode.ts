import { spawn } from 'node:child_process';
import { REDIS_URL } from '../redis';
import type { N8nHome } from './installedN8n';
import { freePort, stopN8nProcess } from './installedServer';

/**
 * The settings every process of one n8n in queue mode shares: n8n's database on PostgreSQL
 * (SQLite is not for several processes), Redis for the queue, and key prefixes of this run's
 * own so that parallel runs on one Redis never take each other's jobs or commands.
 * (The encryption key, the other setting they must share, is n8nHome's.)
 */
export function queueModeEnv(options: { databaseUrl: string; redisPrefix: string }): NodeJS.ProcessEnv {
	const database = new URL(options.databaseUrl);
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: REDIS_URL.hostname,
		QUEUE_BULL_REDIS_PORT: REDIS_URL.port || '6379',
		// Bull's job keys, then the pub/sub channels and cache keys.
		QUEUE_BULL_PREFIX: `${options.redisPrefix}-bull`,
		N8N_REDIS_KEY_PREFIX: `${options.redisPrefix}-n8n`,
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: database.hostname,
		DB_POSTGRESDB_PORT: database.port || '5432',
		DB_POSTGRESDB_DATABASE: database.pathname.slice(1),
		DB_POSTGRESDB_USER: decodeURIComponent(database.username) || 'postgres',
		DB_POSTGRESDB_PASSWORD: decodeURIComponent(database.password),
		// n8n 2.8.4 still runs the editor's manual executions on main unless told, and warns it will stop.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		// Files cannot stay on one process's disk: what n8n 2.8.4 picks in queue mode anyway.
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
	};
}

export interface N8nWorker {
	pid: number;
	/** What the worker printed so far. */
	log(): string;
	stop(): Promise<void>;
}

/** `n8n worker` on a home set up with queueModeEnv; resolves once it says it is ready. */
export async function startN8nWorker(home: N8nHome, concurrency = 5): Promise<N8nWorker> {
	const child = spawn(home.install.node, [home.install.bin, 'worker', `--concurrency=${concurrency}`], {
		cwd: home.folder,
		// Its task broker must not take the main process's port.
		env: { ...home.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
	});
	let log = '';
	child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
	const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
	const deadline = Date.now() + 240_000;
	while (!log.includes('n8n worker is now ready')) {
		if (child.exitCode !== null || Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`n8n worker did not start: ${log.slice(-3000)}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	return {
		pid: child.pid!,
		log: () => log,
		stop: () => stopN8nProcess(child, exited),
	};
}
