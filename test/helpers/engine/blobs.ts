import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { withDatabase } from './database';
import { TEST_DB } from './testDatabase';

/** A blob's file in a data folder (blobs/ab/abcdef...), where the SQLite engine keeps it. */
export function diskBlobPath(dataDir: string, sha256: string): string {
	return path.join(dataDir, 'blobs', sha256.slice(0, 2), sha256);
}

/**
 * Takes a stored blob away, as a lost disk or a bad restore would: its file on SQLite, its rows on
 * PostgreSQL. Storing the same bytes again (engine.blobs.put) brings it back.
 */
export async function removeBlob(dataDir: string, sha256: string): Promise<void> {
	if (TEST_DB === 'sqlite') rmSync(diskBlobPath(dataDir, sha256));
	else await withDatabase(dataDir, (database) => database.run('delete from blobs where sha256 = ?', [sha256]));
}

/** Whether the engine's store holds the blob: its file on SQLite, its `blobs` row on PostgreSQL. */
export async function blobStored(dataDir: string, sha256: string): Promise<boolean> {
	if (TEST_DB === 'sqlite') return existsSync(diskBlobPath(dataDir, sha256));
	const rows = await withDatabase(dataDir, (database) => database.all('select 1 from blobs where sha256 = ?', [sha256]));
	return rows.length > 0;
}

/** Every blob a row names (files, signed files, assets, drawn signatures) that the store does not hold. */
export async function rowsNamingMissingBlobs(dataDir: string): Promise<string[]> {
	const named = await withDatabase(dataDir, (database) =>
		database.all<{ what: string; sha: string }>(
			`select 'files.sha256' as what, sha256 as sha from files
			 union all select 'files.signed_sha256', signed_sha256 from files where signed_sha256 is not null
			 union all select 'assets.sha256', sha256 from assets
			 union all select 'signatures.value_image_sha256', value_image_sha256 from signatures where value_image_sha256 is not null`,
		),
	);
	const missing: string[] = [];
	for (const { what, sha } of named) if (!(await blobStored(dataDir, sha))) missing.push(`${what} ${sha}`);
	return missing;
}

/** The bytes of an opened blob's body, whether the store gave them whole or as a stream. */
export async function bodyBytes(body: Buffer | Readable): Promise<Buffer> {
	return Buffer.isBuffer(body) ? body : buffer(body);
}
