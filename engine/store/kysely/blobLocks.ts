import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect';
import type { Database } from '../schema';

/**
 * PostgreSQL keeps blobs in its `blobs` table (migration 010): their rows are locked until the
 * transaction ends, `keep` (FOR KEY SHARE: a transaction about to name them) or `remove` (FOR
 * UPDATE: a removal, which waits for every keeper to commit and makes later ones wait for it).
 * Answers which of them the table holds. SQLite has one writer, which already runs a removal and a
 * transaction naming the same blob one after the other: null, nothing locked.
 */
export async function lockBlobs(db: Kysely<Database>, dialect: Dialect, sha256s: string[], purpose: 'keep' | 'remove'): Promise<Set<string> | null> {
	if (dialect !== 'postgres') return null;
	if (sha256s.length === 0) return new Set();
	// In one order, so that two transactions locking several blobs never wait for each other in a circle.
	const sorted = [...new Set(sha256s)].sort();
	const lock = purpose === 'keep' ? sql`for key share` : sql`for update`;
	const { rows } = await sql<{ sha256: string }>`select sha256 from blobs where sha256 in (${sql.join(sorted)}) order by sha256 ${lock}`.execute(db);
	return new Set(rows.map((row) => row.sha256));
}

/** PostgreSQL: deletes these blobs' rows (their chunks go with them) in the transaction that locked them for removal. */
export async function deleteBlobRows(db: Kysely<Database>, dialect: Dialect, sha256s: string[]): Promise<void> {
	if (dialect !== 'postgres' || sha256s.length === 0) return;
	await sql`delete from blobs where sha256 in (${sql.join(sha256s)})`.execute(db);
}
