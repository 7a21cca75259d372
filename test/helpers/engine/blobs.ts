import { rmSync } from 'node:fs';
import path from 'node:path';
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
