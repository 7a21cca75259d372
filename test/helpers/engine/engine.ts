import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Libsql from 'libsql';
import { startEngine, type RunningEngine, type StartOptions } from '../../../engine/runtime/bootstrap';
import { SQLITE_FILE_NAME } from '../../../engine/store/sqlite';
import { ApiClient } from './apiClient';

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
	/** Stops the engine and removes its data folder. */
	destroy(): Promise<void>;
}

/** A real engine on a random loopback port over a real SQLite file in a temp folder. */
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
		},
	};
}

const TABLES = ['organizations', 'api_keys', 'interfaces', 'assets', 'workflows', 'files', 'signers', 'signatures', 'annotations', 'events'];

/** A second connection to a data folder's SQLite file, as another process (a backup, an operator) would open it. */
export function sqliteFile(dataDir: string): Libsql.Database {
	return new Libsql(path.join(dataDir, SQLITE_FILE_NAME));
}

/** Row counts of every table, read from the SQLite file by a separate connection. */
export function rowCounts(dataDir: string): Record<string, number> {
	const database = sqliteFile(dataDir);
	try {
		return Object.fromEntries(
			TABLES.map((table) => [table, (database.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n]),
		);
	} finally {
		database.close();
	}
}
