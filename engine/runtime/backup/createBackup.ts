import { existsSync, mkdtempSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { MASTER_KEY_FILE } from '../../security/masterKey';
import { packageVersion } from '../../support/version';
import type { EngineConfig } from '../config';
import { writeArchive } from './archive';
import { MANIFEST_FORMAT, type BackupManifest } from './manifest';
import { stagePostgres } from './postgresSnapshot';
import { stageSqlite } from './sqliteSnapshot';

export interface BackupResult {
	manifest: BackupManifest;
	archiveBytes: number;
	elapsedMs: number;
	/** Where the master key this archive needs is kept (never in the archive). */
	masterKeyAt: string;
}

/**
 * One consistent archive of an engine's data while it runs: the database snapshot, the blobs
 * (SQLite: from the data folder; PostgreSQL: inside the dump), and a manifest. The master key is
 * never in it. Staged beside `out`, removed whatever happens.
 */
export async function createBackup(config: Pick<EngineConfig, 'dataDir' | 'databaseUrl' | 'masterKey'>, out: string): Promise<BackupResult> {
	const started = Date.now();
	const target = path.resolve(out);
	const staging = mkdtempSync(path.join(path.dirname(target), '.signflow-backup-'));
	try {
		const createdAt = new Date().toISOString();
		const staged = config.databaseUrl ? await stagePostgres(config.databaseUrl, staging) : await stageSqlite(config.dataDir, staging);
		const manifest: BackupManifest = {
			format: MANIFEST_FORMAT,
			engineVersion: packageVersion(),
			createdAt,
			store: config.databaseUrl ? 'postgres' : 'sqlite',
			...staged.facts,
			blobs: staged.blobs,
		};
		const archiveBytes = await writeArchive(staging, staged.entries, manifest, target);
		return { manifest, archiveBytes, elapsedMs: Date.now() - started, masterKeyAt: masterKeyLocation(config) };
	} finally {
		await fs.rm(staging, { recursive: true, force: true });
	}
}

function masterKeyLocation(config: Pick<EngineConfig, 'dataDir' | 'masterKey'>): string {
	if (config.masterKey) return 'the SIGNFLOW_MASTER_KEY setting of the engine (this process was given it too)';
	const file = path.join(config.dataDir, MASTER_KEY_FILE);
	return existsSync(file) ? file : `not found here (no SIGNFLOW_MASTER_KEY, no ${file}): find the SIGNFLOW_MASTER_KEY the engine runs with`;
}
