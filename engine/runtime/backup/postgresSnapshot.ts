import path from 'node:path';
import pg from 'pg';
import { namedBlobs, snapshotFacts, type BackupManifest, type SnapshotQuery } from './manifest';
import { runPgTool } from './pgTools';

export const POSTGRES_DUMP_ENTRY = 'database.dump';

/** The tables of the database's schema (where the engine's migrations made them). */
export async function schemaTables(client: pg.ClientBase): Promise<string[]> {
	return (await client.query<{ tablename: string }>('select tablename from pg_tables where schemaname = current_schema() order by tablename')).rows.map(
		(row) => row.tablename,
	);
}

/**
 * A PostgreSQL database into `staging` while engines keep writing: a read-only REPEATABLE READ
 * transaction exports its snapshot, the manifest is read in it and `pg_dump --snapshot` dumps
 * exactly that snapshot (custom format), so the manifest describes the dump to the row. Blobs are
 * in the database (migration 010): each one a row names must be there (not still in a data folder
 * of a disk-based version: `signflow migrate-blobs` first).
 */
export async function stagePostgres(
	databaseUrl: string,
	staging: string,
): Promise<{ entries: string[]; facts: Awaited<ReturnType<typeof snapshotFacts>>; blobs: BackupManifest['blobs'] }> {
	const client = new pg.Client({ connectionString: databaseUrl });
	await client.connect();
	try {
		await client.query('begin isolation level repeatable read read only');
		const snapshot = (await client.query<{ id: string }>('select pg_export_snapshot() as id')).rows[0].id;
		const query: SnapshotQuery = async <Row>(sql: string) => (await client.query(sql)).rows as Row[];
		const facts = await snapshotFacts(query, await schemaTables(client));
		const named = await namedBlobs(query);
		const stored = await query<{ sha256: string }>('select sha256 from blobs');
		const inDatabase = new Set(stored.map((row) => row.sha256));
		const missing = [...named].filter((sha256) => !inDatabase.has(sha256));
		if (missing.length)
			throw new Error(
				`The database names ${missing.length} blob(s) it does not hold (first: ${missing[0]}): run signflow migrate-blobs --data DIR --database-url URL to move a disk-based version's blobs in, then back up again.`,
			);
		const totals = (await query<{ n: string; bytes: string | null }>('select count(*) as n, sum(size) as bytes from blobs'))[0];
		await runPgTool('pg_dump', databaseUrl, ['--format=custom', `--snapshot=${snapshot}`, '--no-owner', '--no-privileges', `--file=${path.join(staging, POSTGRES_DUMP_ENTRY)}`]);
		await client.query('commit');
		return { entries: [POSTGRES_DUMP_ENTRY], facts, blobs: { count: Number(totals.n), bytes: Number(totals.bytes ?? 0) } };
	} finally {
		await client.end();
	}
}
