import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import pg from 'pg';
import type { StartOptions } from '../../../engine/runtime/bootstrap';
import { startTestEngine, tempDataDir, type TestEngine } from './engine';

/** The real PostgreSQL server of this machine (127.0.0.1:5432, database `test`). */
export const POSTGRES_ADMIN_URL = process.env.SIGNFLOW_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type StoreKind = 'sqlite' | 'postgres';

/** A database of its own on the PostgreSQL server, for one test file; drop() removes it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
	const database = `signflow_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
	await admin.connect();
	await admin.query(`create database ${database}`);
	await admin.end();
	return {
		url: POSTGRES_ADMIN_URL.replace(/\/[^/]*$/, `/${database}`),
		async drop() {
			const cleanup = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
			await cleanup.connect();
			await cleanup.query(`drop database if exists ${database} with (force)`);
			await cleanup.end();
		},
	};
}

/**
 * An engine on SQLite (a file in a temp folder) or on PostgreSQL (a database
 * of its own, dropped by destroy()).
 */
export async function startEngineOn(store: StoreKind, options: Omit<StartOptions, 'port' | 'host' | 'logLevel'> = {}): Promise<TestEngine> {
	if (store === 'sqlite') return startTestEngine(options);
	const database = await createPostgresDatabase();
	const dataDir = tempDataDir('postgres');
	const engine = await startTestEngine({ ...options, dataDir, databaseUrl: database.url });
	return {
		...engine,
		async destroy() {
			await engine.stop();
			await database.drop();
			rmSync(dataDir, { recursive: true, force: true });
		},
	};
}
