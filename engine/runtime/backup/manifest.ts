import { MASTER_KEY_CHECK } from '../masterKeyCheck';

/** The archive's first entry: what the backup holds, read by `signflow restore` before anything is written. */
export const MANIFEST_ENTRY = 'manifest.json';
export const MANIFEST_FORMAT = 'signflow-backup/1';

export interface SignedDocument {
	workflowId: string;
	fileId: string;
	sha256: string;
}

export interface BackupManifest {
	format: typeof MANIFEST_FORMAT;
	engineVersion: string;
	createdAt: string;
	store: 'sqlite' | 'postgres';
	/** Names of the migrations the database had applied. */
	migrations: string[];
	rowCounts: Record<string, number>;
	workflowsByStatus: Record<string, number>;
	blobs: { count: number; bytes: number };
	signedDocuments: SignedDocument[];
	/** MasterKey.checkValue() of the key the database was set up with: tells a key apart, reveals nothing of it. */
	masterKeyCheck: string | null;
}

/** Runs one SQL query on the snapshot being archived (the VACUUM INTO copy, or a transaction on pg_dump's snapshot). */
export type SnapshotQuery = <Row>(sql: string) => Promise<Row[]>;

/** Every column that names a blob: the blobs a consistent archive must hold. */
export const NAMED_BLOBS_SQL = `
	select sha256 from files
	union select signed_sha256 from files where signed_sha256 is not null
	union select sha256 from assets
	union select value_image_sha256 from signatures where value_image_sha256 is not null`;

export async function namedBlobs(query: SnapshotQuery): Promise<Set<string>> {
	return new Set((await query<{ sha256: string }>(NAMED_BLOBS_SQL)).map((row) => row.sha256));
}

/** The database's side of the manifest, read from the snapshot itself so that it describes exactly what is archived. */
export async function snapshotFacts(
	query: SnapshotQuery,
	tables: string[],
): Promise<Pick<BackupManifest, 'migrations' | 'rowCounts' | 'workflowsByStatus' | 'signedDocuments' | 'masterKeyCheck'>> {
	const rowCounts: Record<string, number> = {};
	for (const table of [...tables].sort()) rowCounts[table] = Number((await query<{ n: number | string }>(`select count(*) as n from "${table}"`))[0].n);
	const migrations = (await query<{ name: string }>('select name from kysely_migration order by name')).map((row) => row.name);
	const workflowsByStatus: Record<string, number> = {};
	for (const row of await query<{ status: string; n: number | string }>('select status, count(*) as n from workflows group by status order by status'))
		workflowsByStatus[row.status] = Number(row.n);
	const signedDocuments = (
		await query<{ workflow_id: string; id: string; signed_sha256: string }>(
			'select workflow_id, id, signed_sha256 from files where signed_sha256 is not null order by workflow_id, id',
		)
	).map((row) => ({ workflowId: row.workflow_id, fileId: row.id, sha256: row.signed_sha256 }));
	const check = await query<{ value: string }>(`select value from engine_settings where name = '${MASTER_KEY_CHECK}'`);
	return { migrations, rowCounts, workflowsByStatus, signedDocuments, masterKeyCheck: check[0]?.value ?? null };
}
