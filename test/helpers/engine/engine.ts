import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Libsql from 'libsql';
import { startEngine, type RunningEngine, type StartOptions } from '../../../engine/runtime/bootstrap';
import { SQLITE_FILE_NAME } from '../../../engine/store/sqlite';
import { ApiClient } from './apiClient';
import { databaseUrlFor, dropDatabaseOf } from './testDatabase';

export function tempDataDir(label = 'engine'): string {
	return mkdtempSync(path.join(os.tmpdir(), `signflow-${label}-`));
}

export interface TestEngine {
	engine: RunningEngine;
	dataDir: string;
	/** A client with the first organization's key. */
	api: ApiClient;
	organizationId: string;
	newOrganization(name: string): Promise<{ organizationId: string; api: ApiClient }>;
	stop(): Promise<void>;
	/** Stops the engine, removes its data folder and drops its PostgreSQL database. */
	destroy(): Promise<void>;
}

/**
 * A real engine on a random loopback port, its data in a temp folder: on the store SIGNFLOW_TEST_DB
 * names (testDatabase.ts), a SQLite file in that folder or a PostgreSQL database of the folder's own.
 * A start on the same folder after stop() finds the same data.
 */
export async function startTestEngine(
	options: Omit<StartOptions, 'port' | 'host' | 'logLevel'> = {},
): Promise<TestEngine> {
	const dataDir = options.dataDir ?? tempDataDir();
	const engine = await startEngine({
		port: 0,
		host: '127.0.0.1',
		dataDir,
		logLevel: 'silent',
		...options,
		databaseUrl: options.databaseUrl ?? (await databaseUrlFor(dataDir)),
		expiryCheckIntervalMs: options.expiryCheckIntervalMs ?? 60_000,
	});
	const newOrganization = async (name: string) => {
		const { organization, apiKey } = await engine.service.createOrganization({ name });
		return { organizationId: organization.id, api: new ApiClient(engine.url, apiKey) };
	};
	const first = await newOrganization('Acme HR');
	return {
		engine,
		dataDir,
		api: first.api,
		organizationId: first.organizationId,
		newOrganization,
		stop: () => engine.close(),
		async destroy() {
			await engine.close();
			rmSync(dataDir, { recursive: true, force: true });
			await dropDatabaseOf(dataDir);
		},
	};
}

export const TABLES = ['organizations', 'api_keys', 'interfaces', 'assets', 'workflows', 'files', 'signers', 'signatures', 'annotations', 'events'];

/** A second connection to a data folder's SQLite file, as another process (a backup, an operator) would open it. */
export function sqliteFile(dataDir: string): Libsql.Database {
	return new Libsql(path.join(dataDir, SQLITE_FILE_NAME));
}

/** Row counts of every table, read from a data folder's SQLite file by a separate connection (database.ts reads either store). */
export function sqliteRowCounts(dataDir: string): Record<string, number> {
	const database = sqliteFile(dataDir);
	try {
		return Object.fromEntries(
			TABLES.map((table) => [table, (database.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n]),
		);
	} finally {
		database.close();
	}
}
