import { existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { sqliteFile } from '../helpers/engine/engine';

/** A read-only look at the engine's database, from outside the engine (as an operator or a backup would). */
export interface DatabaseReader {
	all(sql: string): Promise<Array<Record<string, any>>>;
	/** Whether the engine's blob store holds the blob: a file in the data folder (SQLite), a `blobs` row (PostgreSQL). */
	hasBlob(sha256: string): Promise<boolean>;
	close(): Promise<void>;
}

export function sqliteReader(dataDir: string): DatabaseReader {
	const database = sqliteFile(dataDir);
	// SQLite answers at once; the interface is the PostgreSQL reader's, which waits.
	return {
		all: (sql) => Promise.resolve(database.prepare(sql).all() as Array<Record<string, any>>),
		hasBlob: (sha256) => Promise.resolve(existsSync(path.join(dataDir, 'blobs', sha256.slice(0, 2), sha256))),
		close: () => {
			database.close();
			return Promise.resolve();
		},
	};
}

export async function postgresReader(databaseUrl: string): Promise<DatabaseReader> {
	const client = new pg.Client({ connectionString: databaseUrl });
	await client.connect();
	return {
		all: async (sql) => (await client.query(sql)).rows,
		hasBlob: async (sha256) => (await client.query('select 1 from blobs where sha256 = $1', [sha256])).rows.length > 0,
		close: () => client.end(),
	};
}

const TERMINAL = "('workflow.completed', 'workflow.refused', 'workflow.expired', 'workflow.cancelled')";

/** Rows naming a workflow that does not exist, or one of another organization. */
const ORPHANS = ['files', 'signers', 'signatures', 'annotations', 'finalizations'].flatMap((table) => [
	[`${table} without their workflow`, `select x.workflow_id as id from ${table} x left join workflows w on w.id = x.workflow_id where w.id is null`],
	[`${table} of another organization than their workflow`, `select x.workflow_id as id from ${table} x join workflows w on w.id = x.workflow_id where w.organization_id <> x.organization_id`],
]);

const QUERIES: Array<[string, string]> = [
	...(ORPHANS as Array<[string, string]>),
	['signature fields on a file of another workflow', 'select s.id from signatures s left join files f on f.id = s.file_id and f.workflow_id = s.workflow_id where f.id is null'],
	['signature fields of a signer of another workflow', 'select s.id from signatures s left join signers g on g.id = s.signer_id and g.workflow_id = s.workflow_id where g.id is null'],
	['annotations on a file of another workflow', 'select a.id from annotations a left join files f on f.id = a.file_id and f.workflow_id = a.workflow_id where f.id is null'],
	['annotations for a signer of another workflow', 'select a.id from annotations a left join signers g on g.id = a.signer_id and g.workflow_id = a.workflow_id where a.signer_id is not null and g.id is null'],
	['events of a workflow that does not exist', 'select e.id from events e left join workflows w on w.id = e.workflow_id where e.workflow_id is not null and w.id is null'],
	['events sharing a sequence number in one workflow', 'select workflow_id as id, sequence, count(*) as n from events where workflow_id is not null group by workflow_id, sequence having count(*) > 1'],
	['deliveries of a webhook that does not exist', 'select d.id from deliveries d left join webhooks h on h.id = d.webhook_id where h.id is null'],
	['deliveries of an event that does not exist', 'select d.id from deliveries d left join events e on e.id = d.event_id where e.id is null'],
	['deliveries of another organization than their webhook', 'select d.id from deliveries d join webhooks h on h.id = d.webhook_id where h.organization_id <> d.organization_id'],
	['a terminal event recorded twice', `select workflow_id as id, type, count(*) as n from events where type in ${TERMINAL} group by workflow_id, type having count(*) > 1`],
	['more than one kind of terminal event', `select workflow_id as id, count(distinct type) as n from events where type in ${TERMINAL} group by workflow_id having count(distinct type) > 1`],
	['a terminal event that does not match the status', `select e.workflow_id as id, e.type, w.status from events e join workflows w on w.id = e.workflow_id where e.type in ${TERMINAL} and w.status <> substr(e.type, 10)`],
	[
		'refused, expired or cancelled without its event',
		"select w.id, w.status from workflows w where w.status in ('refused', 'expired', 'cancelled') and not exists (select 1 from events e where e.workflow_id = w.id and e.type = 'workflow.' || w.status)",
	],
	[
		'completed and finalized without workflow.completed',
		"select w.id from workflows w join finalizations f on f.workflow_id = w.id where w.status = 'completed' and f.status = 'done' and not exists (select 1 from events e where e.workflow_id = w.id and e.type = 'workflow.completed')",
	],
	['completed without a finalization job', "select w.id from workflows w where w.status = 'completed' and not exists (select 1 from finalizations f where f.workflow_id = w.id)"],
	['finalization errors', 'select workflow_id as id, status, attempts, last_error from finalizations where last_error is not null'],
];

/**
 * Every blob a row names: original and signed files, images, drawn signatures (stamped_sha256 is
 * only a hash printed on the certificate). A purged workflow keeps its files' hashes, not their bytes.
 */
const BLOB_REFERENCES = `
	select 'files.sha256' as col, f.sha256 as sha from files f join workflows w on w.id = f.workflow_id where w.purged_at is null
	union all select 'files.signed_sha256', f.signed_sha256 from files f join workflows w on w.id = f.workflow_id where f.signed_sha256 is not null and w.purged_at is null
	union all select 'assets.sha256', sha256 from assets
	union all select 'signatures.value_image_sha256', s.value_image_sha256 from signatures s join workflows w on w.id = s.workflow_id where s.value_image_sha256 is not null and w.purged_at is null`;

/**
 * The database after the storm: every row's blob stored (on disk or in
 * PostgreSQL), no row without its workflow, no duplicate or
 * contradictory terminal events. Returns what is wrong, one line each.
 */
export async function consistencyProblems(reader: DatabaseReader): Promise<string[]> {
	const problems: string[] = [];
	for (const row of await reader.all(BLOB_REFERENCES)) {
		const sha = String(row.sha);
		if (!/^[0-9a-f]{64}$/.test(sha) || !(await reader.hasBlob(sha))) problems.push(`${row.col} ${sha} has no blob stored`);
	}
	for (const [what, sql] of QUERIES) {
		const rows = await reader.all(sql);
		if (rows.length) problems.push(`${what}: ${rows.length} (${JSON.stringify(rows.slice(0, 5))})`);
	}
	return problems;
}

/** Row counts that say how far the run got into the state machine. */
export async function stateFigures(reader: DatabaseReader): Promise<Record<string, number>> {
	const figures: Record<string, number> = {};
	for (const row of await reader.all('select status, count(*) as n from workflows group by status')) figures[`workflows ${row.status}`] = Number(row.n);
	for (const row of await reader.all("select type, count(*) as n from events where type like 'workflow.%' or type in ('signer.signed', 'signer.refused', 'signer.locked') group by type"))
		figures[row.type] = Number(row.n);
	for (const [name, sql] of [
		['files', 'select count(*) as n from files'],
		['signers', 'select count(*) as n from signers'],
		['fields', 'select count(*) as n from signatures'],
		['annotations', 'select count(*) as n from annotations'],
		['webhooks', 'select count(*) as n from webhooks'],
		['deliveries', 'select count(*) as n from deliveries'],
	] as const)
		figures[name] = Number((await reader.all(sql))[0].n);
	return figures;
}
