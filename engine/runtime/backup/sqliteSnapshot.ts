import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { DiskBlobStore } from '../../store/diskBlobStore';
import { DEFAULT_SQLITE_DRIVER, SQLITE_FILE_NAME, type SqliteConnection } from '../../store/sqlite';
import { BLOBS_FOLDER } from '../bootstrap';
import { namedBlobs, snapshotFacts, type BackupManifest, type SnapshotQuery } from './manifest';

interface Statement {
	all(...params: unknown[]): unknown[];
}

export function sqliteQuery(database: SqliteConnection): SnapshotQuery {
	return <Row>(sql: string) => Promise.resolve((database.prepare(sql) as Statement).all() as Row[]);
}

export async function sqliteTables(query: SnapshotQuery): Promise<string[]> {
	return (await query<{ name: string }>("select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\'")).map((row) => row.name);
}

/**
 * A SQLite data folder into `staging` while the engine keeps writing: the database by VACUUM INTO
 * (one read transaction: a consistent copy, never a file copy of a live database), THEN the blobs.
 * A blob is written before the rows that name it and never deleted, so every blob the copy names
 * exists by the time the blobs are taken; each is checked anyway. Blobs are hard-linked when the
 * staging folder is on the same file system (they never change), copied otherwise.
 */
export async function stageSqlite(
	dataDir: string,
	staging: string,
): Promise<{ entries: string[]; facts: Awaited<ReturnType<typeof snapshotFacts>>; blobs: BackupManifest['blobs'] }> {
	const live = path.join(dataDir, SQLITE_FILE_NAME);
	if (!existsSync(live)) throw new Error(`No Signflow database in ${dataDir} (${SQLITE_FILE_NAME} is missing): name the engine's data folder with --data.`);
	const copy = path.join(staging, SQLITE_FILE_NAME);
	const source = new DEFAULT_SQLITE_DRIVER(live);
	try {
		source.pragma('busy_timeout = 10000');
		(source.prepare('vacuum into ?') as { run(file: string): unknown }).run(copy);
	} finally {
		source.close();
	}
	await fs.chmod(copy, 0o600);

	const snapshot = new DEFAULT_SQLITE_DRIVER(copy);
	let facts: Awaited<ReturnType<typeof snapshotFacts>>;
	let named: Set<string>;
	try {
		const query = sqliteQuery(snapshot);
		facts = await snapshotFacts(query, await sqliteTables(query));
		named = await namedBlobs(query);
	} finally {
		snapshot.close();
	}

	const from = new DiskBlobStore(path.join(dataDir, BLOBS_FOLDER));
	const to = new DiskBlobStore(path.join(staging, BLOBS_FOLDER));
	await fs.mkdir(to.folder, { mode: 0o700 });
	const blobs = { count: 0, bytes: 0 };
	for await (const sha256 of from.list()) {
		const target = to.pathOf(sha256);
		await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
		await linkOrCopy(from.pathOf(sha256), target);
		blobs.count += 1;
		blobs.bytes += (await fs.stat(target)).size;
	}
	const missing = [...named].filter((sha256) => !existsSync(to.pathOf(sha256)));
	if (missing.length)
		throw new Error(`The database names ${missing.length} blob(s) missing from ${from.folder} (first: ${missing[0]}): the data folder is damaged; no archive written.`);
	return { entries: [SQLITE_FILE_NAME, BLOBS_FOLDER], facts, blobs };
}

async function linkOrCopy(from: string, to: string): Promise<void> {
	try {
		await fs.link(from, to);
	} catch (error) {
		if (!['EXDEV', 'EPERM', 'ENOTSUP'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
		await fs.copyFile(from, to);
	}
}
