import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, promises as fs, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { MASTER_KEY_FILE, MasterKey } from '../../security/masterKey';
import { DiskBlobStore } from '../../store/diskBlobStore';
import { DEFAULT_SQLITE_DRIVER, SQLITE_FILE_NAME } from '../../store/sqlite';
import { BLOBS_FOLDER } from '../bootstrap';
import { extractArchive, readManifest } from './archive';
import type { BackupManifest, SnapshotQuery } from './manifest';
import { snapshotFacts } from './manifest';
import { runPgTool } from './pgTools';
import { POSTGRES_DUMP_ENTRY, schemaTables } from './postgresSnapshot';
import { sqliteQuery, sqliteTables } from './sqliteSnapshot';

export interface RestoreOptions {
	archive: string;
	dataDir: string;
	databaseUrl?: string;
	/** The master key's text: from SIGNFLOW_MASTER_KEY, or the content of --master-key-file. */
	masterKey: string;
	/** Written into the data folder as master.key (0600): the key came from a file, not the environment. */
	writeMasterKeyFile: boolean;
}

export interface RestoreResult {
	manifest: BackupManifest;
	documentsVerified: number;
	blobsVerified: number;
	blobBytes: number;
	elapsedMs: number;
}

/** A refusal the operator can act on (exit code 1, nothing written). */
export class RestoreRefused extends Error {
	override name = 'RestoreRefused';
}

/**
 * Rebuilds a data folder (and, on PostgreSQL, an empty database) from a `signflow backup` archive:
 * refuses before writing anything when the target is not empty or the key given is not the one
 * the data was sealed with; then checks every blob against its SHA-256 name, that every signed
 * document of the manifest is there, and that the database holds what the manifest counted.
 * Anything failing removes what it wrote.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
	const started = Date.now();
	const dataDir = path.resolve(options.dataDir);
	const manifest = await readManifest(options.archive);
	if (existsSync(dataDir) && readdirSync(dataDir).length > 0) throw new RestoreRefused(`Refusing to restore into ${dataDir}: the folder is not empty. Give a new or empty folder.`);
	if ((manifest.store === 'postgres') !== Boolean(options.databaseUrl))
		throw new RestoreRefused(
			manifest.store === 'postgres'
				? 'This archive is of a PostgreSQL database: give the (empty) database to restore it into with --database-url.'
				: 'This archive is of a SQLite data folder: restore it without --database-url.',
		);
	const key = MasterKey.fromText(options.masterKey);
	if (manifest.masterKeyCheck !== null && key.checkValue() !== manifest.masterKeyCheck)
		throw new RestoreRefused(
			[
				`Refusing to restore: the master key given does not open this archive's data (its check value differs from the one in ${options.archive}).`,
				'Give the master key of the engine that made the backup: its master.key file (--master-key-file) or the value of its SIGNFLOW_MASTER_KEY.',
				'Nothing was written.',
			].join('\n'),
		);
	if (options.databaseUrl) await refuseNonEmptyDatabase(options.databaseUrl);

	const createdFolder = !existsSync(dataDir);
	await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
	try {
		const verified = options.databaseUrl ? await restorePostgres(options.archive, options.databaseUrl, manifest, key) : await restoreSqlite(options.archive, dataDir, manifest, key);
		if (options.writeMasterKeyFile) await fs.writeFile(path.join(dataDir, MASTER_KEY_FILE), `${options.masterKey.trim()}\n`, { mode: 0o600, flag: 'wx' });
		return { manifest, ...verified, elapsedMs: Date.now() - started };
	} catch (error) {
		if (createdFolder) await fs.rm(dataDir, { recursive: true, force: true });
		else for (const entry of readdirSync(dataDir)) await fs.rm(path.join(dataDir, entry), { recursive: true, force: true });
		throw error;
	}
}

type Verified = Pick<RestoreResult, 'documentsVerified' | 'blobsVerified' | 'blobBytes'>;

async function restoreSqlite(archive: string, dataDir: string, manifest: BackupManifest, key: MasterKey): Promise<Verified> {
	await extractArchive(archive, dataDir);
	const database = new DEFAULT_SQLITE_DRIVER(path.join(dataDir, SQLITE_FILE_NAME));
	try {
		const query = sqliteQuery(database);
		checkAgainstManifest(await snapshotFacts(query, await sqliteTables(query)), manifest, key);
	} finally {
		database.close();
	}
	const blobs = new DiskBlobStore(path.join(dataDir, BLOBS_FOLDER));
	const present = new Set<string>();
	let blobBytes = 0;
	for await (const sha256 of blobs.list()) {
		const { actual, size } = await hashFile(blobs.pathOf(sha256));
		if (actual !== sha256) throw new Error(`Damaged archive: blob ${sha256} hashes to ${actual}. Nothing was kept.`);
		present.add(sha256);
		blobBytes += size;
	}
	return { ...checkSignedDocuments(manifest, present), blobsVerified: present.size, blobBytes };
}

async function restorePostgres(archive: string, databaseUrl: string, manifest: BackupManifest, key: MasterKey): Promise<Verified> {
	const temp = mkdtempSync(path.join(os.tmpdir(), 'signflow-restore-'));
	try {
		await extractArchive(archive, temp, (entry) => entry === POSTGRES_DUMP_ENTRY);
		// One transaction: a failed restore leaves the database as empty as it was.
		await runPgTool('pg_restore', databaseUrl, ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', path.join(temp, POSTGRES_DUMP_ENTRY)]);
	} finally {
		await fs.rm(temp, { recursive: true, force: true });
	}
	const client = new pg.Client({ connectionString: databaseUrl });
	await client.connect();
	try {
		try {
			const query: SnapshotQuery = async <Row>(sql: string) => (await client.query(sql)).rows as Row[];
			checkAgainstManifest(await snapshotFacts(query, await schemaTables(client)), manifest, key);
			// Each blob's chunks hashed by the server: its bytes never cross the network.
			const rows = (
				await client.query<{ sha256: string; size: string; actual: string | null; stored: string | null }>(
					`select b.sha256, b.size, encode(sha256(string_agg(c.bytes, ''::bytea order by c.seq)), 'hex') as actual, sum(length(c.bytes)) as stored
					 from blobs b left join blob_chunks c on c.sha256 = b.sha256 group by b.sha256, b.size`,
				)
			).rows;
			const present = new Set<string>();
			let blobBytes = 0;
			for (const row of rows) {
				const empty = Number(row.size) === 0 && row.stored === null;
				const actual = empty ? createHash('sha256').digest('hex') : row.actual;
				if (actual !== row.sha256 || (!empty && Number(row.stored) !== Number(row.size)))
					throw new Error(`Damaged archive: blob ${row.sha256} hashes to ${String(actual)}. The database was emptied again.`);
				present.add(row.sha256);
				blobBytes += Number(row.size);
			}
			return { ...checkSignedDocuments(manifest, present), blobsVerified: present.size, blobBytes };
		} catch (error) {
			await dropRestoredTables(client);
			throw error;
		}
	} finally {
		await client.end();
	}
}

function checkAgainstManifest(facts: Awaited<ReturnType<typeof snapshotFacts>>, manifest: BackupManifest, key: MasterKey): void {
	if (facts.masterKeyCheck !== null && facts.masterKeyCheck !== key.checkValue())
		throw new RestoreRefused("Refusing to restore: the master key given does not open this archive's data (the database's check value differs). Nothing was kept.");
	for (const [table, count] of Object.entries(manifest.rowCounts))
		if (facts.rowCounts[table] !== count) throw new Error(`Damaged archive: table ${table} holds ${facts.rowCounts[table]} row(s), the manifest counted ${count}. Nothing was kept.`);
}

function checkSignedDocuments(manifest: BackupManifest, present: Set<string>): Pick<Verified, 'documentsVerified'> {
	const missing = manifest.signedDocuments.filter((document) => !present.has(document.sha256));
	if (missing.length)
		throw new Error(
			`Damaged archive: ${missing.length} signed document(s) of the manifest are missing (first: file ${missing[0].fileId} of workflow ${missing[0].workflowId}). Nothing was kept.`,
		);
	return { documentsVerified: manifest.signedDocuments.length };
}

async function refuseNonEmptyDatabase(databaseUrl: string): Promise<void> {
	const client = new pg.Client({ connectionString: databaseUrl });
	await client.connect();
	try {
		const tables = await schemaTables(client);
		if (tables.length) throw new RestoreRefused(`Refusing to restore: the database already has tables (${tables.slice(0, 3).join(', ')}${tables.length > 3 ? ', ...' : ''}). Give a new, empty database.`);
	} finally {
		await client.end();
	}
}

/** The database was empty before the restore (refuseNonEmptyDatabase): every table in it now came from the archive. */
async function dropRestoredTables(client: pg.Client): Promise<void> {
	const tables = await schemaTables(client);
	if (tables.length) await client.query(`drop table ${tables.map((table) => `"${table}"`).join(', ')} cascade`);
}

async function hashFile(file: string): Promise<{ actual: string; size: number }> {
	const hash = createHash('sha256');
	let size = 0;
	for await (const chunk of createReadStream(file)) {
		hash.update(chunk as Buffer);
		size += (chunk as Buffer).length;
	}
	return { actual: hash.digest('hex'), size };
}
