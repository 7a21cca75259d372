import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { FinalizationJob, WorkflowAggregate, WorkflowScope } from '../../domain';
import type { AnnotationsTable, Database, FilesTable, FinalizationsTable, SignaturesTable, SignersTable, WorkflowsTable } from '../schema';
import { ONE_ROW } from '../sqlite';
import { annotationFromRow, signatureFromRow } from './fields';
import { fileFromRow } from './files';
import { finalizationFromRow } from './outboxes';
import { keptCompiled } from './rowWrites';
import { scopedWorkflowCondition, testFlag } from './scoped';
import { signerFromRow } from './signers';
import { workflowFromRow } from './workflows';

export interface WorkflowDetailRows {
	aggregate: WorkflowAggregate;
	finalization: FinalizationJob | null;
}

interface DetailRow {
	workflow: Selectable<WorkflowsTable>;
	files: Array<Selectable<FilesTable>>;
	signers: Array<Selectable<SignersTable>>;
	signatures: Array<Selectable<SignaturesTable>>;
	annotations: Array<Selectable<AnnotationsTable>>;
	finalization: Selectable<FinalizationsTable> | null;
}

/**
 * A workflow's parts as JSON arrays built by the server, one column each, `w` being a row with the
 * workflow's organization_id and id. The CamelCasePlugin renames the keys inside the JSON too, so
 * the rows map as the table repositories map theirs. Orders match the repositories' list orders.
 */
const POSTGRES_PARTS = `
	(select coalesce(json_agg(f order by f.created_at, f.id), '[]'::json) from files f
		where f.organization_id = w.organization_id and f.workflow_id = w.id) as files,
	(select coalesce(json_agg(s order by s.sign_order, s.created_at, s.id), '[]'::json) from signers s
		where s.organization_id = w.organization_id and s.workflow_id = w.id) as signers,
	(select coalesce(json_agg(g order by g.created_at, g.id), '[]'::json) from signatures g
		where g.organization_id = w.organization_id and g.workflow_id = w.id) as signatures,
	(select coalesce(json_agg(a order by a.created_at, a.id), '[]'::json) from annotations a
		where a.organization_id = w.organization_id and a.workflow_id = w.id) as annotations`;

/**
 * A workflow, its parts and its finalization job in one PostgreSQL statement: one round trip and
 * one snapshot, where reading them one by one takes six statements. Its result columns are all
 * JSON, so it stays prepared on a connection whatever columns later migrations add (pgStatementCache.ts).
 */
export async function loadWorkflowDetailPostgres(db: Kysely<Database>, scope: WorkflowScope, workflowId: string): Promise<WorkflowDetailRows | null> {
	const { rows } = await db.executeQuery<DetailRow>(
		keptCompiled(`postgres detail ${scopeKind(scope)}`, postgresRowParameters(scope, workflowId), () =>
			sql`
				select to_json(w) as workflow, ${sql.raw(POSTGRES_PARTS)},
					(select to_json(z) from finalizations z
						where z.organization_id = w.organization_id and z.workflow_id = w.id) as finalization
				from ${postgresWorkflowRow(scope, workflowId)}`.compile(db),
		),
	);
	const [row] = rows;
	if (!row) return null;
	return { aggregate: aggregateFromRow(row), finalization: row.finalization && finalizationFromRow(row.finalization) };
}

/**
 * A workflow with its parts on PostgreSQL. Read alone, in one statement. Locked (`forUpdate`), in two
 * sent together: the workflow's row, locked, then its parts. The second statement starts once the
 * first holds the lock, with a snapshot of its own, so it sees what the transaction that held the
 * lock before committed (one statement would read the parts as they were when it started waiting).
 */
export async function loadWorkflowAggregatePostgres(
	db: Kysely<Database>,
	scope: WorkflowScope,
	workflowId: string,
	forUpdate: boolean,
): Promise<WorkflowAggregate | null> {
	const { organizationId } = scope;
	if (!forUpdate) {
		const { rows } = await db.executeQuery<Omit<DetailRow, 'finalization'>>(
			keptCompiled(`postgres aggregate ${scopeKind(scope)}`, postgresRowParameters(scope, workflowId), () =>
				sql`
					select to_json(w) as workflow, ${sql.raw(POSTGRES_PARTS)}
					from ${postgresWorkflowRow(scope, workflowId)}`.compile(db),
			),
		);
		return rows[0] ? aggregateFromRow(rows[0]) : null;
	}
	const [locked, parts] = await Promise.all([
		db.executeQuery<Pick<DetailRow, 'workflow'>>(
			keptCompiled(`postgres locked workflow ${scopeKind(scope)}`, postgresRowParameters(scope, workflowId), () =>
				sql`select to_json(w) as workflow from ${postgresWorkflowRow(scope, workflowId)} for update`.compile(db),
			),
		),
		db.executeQuery<Omit<DetailRow, 'workflow' | 'finalization'>>(
			keptCompiled('postgres parts', [organizationId, workflowId], () =>
				sql`
					select ${sql.raw(POSTGRES_PARTS)}
					from (select ${organizationId}::text as organization_id, ${workflowId}::text as id) w`.compile(db),
			),
		),
	]);
	const [row] = locked.rows;
	return row ? aggregateFromRow({ ...row, ...parts.rows[0] }) : null;
}

interface LinkRow {
	organizationId: string;
	signerId: string;
	accessCodeHash: string | null;
}

/**
 * A signing link's signer, found by its token hash across organizations, with its workflow's
 * aggregate. Read alone, in one PostgreSQL statement (one snapshot). Locked (`forUpdate`), in two
 * sent together, as loadWorkflowAggregatePostgres does: the signer with its workflow's row, locked,
 * then the parts of the workflow the token leads to once the lock is held. A token that no longer
 * leads there then (its link was reissued meanwhile) finds no parts: no link.
 */
export async function loadAggregateByTokenHashPostgres(
	db: Kysely<Database>,
	tokenHash: string,
	forUpdate: boolean,
): Promise<(LinkRow & { aggregate: WorkflowAggregate }) | null> {
	if (!forUpdate) {
		const { rows } = await sql<Omit<DetailRow, 'finalization'> & LinkRow>`
			select s.organization_id, s.id as signer_id, s.access_code_hash, to_json(w) as workflow, ${sql.raw(POSTGRES_PARTS)}
			from signers s
			join workflows w on w.organization_id = s.organization_id and w.id = s.workflow_id
			where s.token_hash = ${tokenHash}`.execute(db);
		const [row] = rows;
		return row ? { organizationId: row.organizationId, signerId: row.signerId, accessCodeHash: row.accessCodeHash, aggregate: aggregateFromRow(row) } : null;
	}
	const [locked, parts] = await Promise.all([
		sql<Pick<DetailRow, 'workflow'> & LinkRow>`
			select s.organization_id, s.id as signer_id, s.access_code_hash, to_json(w) as workflow
			from signers s
			join workflows w on w.organization_id = s.organization_id and w.id = s.workflow_id
			where s.token_hash = ${tokenHash} for update of w`.execute(db),
		sql<Omit<DetailRow, 'workflow' | 'finalization'>>`
			select ${sql.raw(POSTGRES_PARTS)}
			from (select organization_id, workflow_id as id from signers where token_hash = ${tokenHash}) w`.execute(db),
	]);
	const [row] = locked.rows;
	const [part] = parts.rows;
	if (!row || !part) return null;
	return {
		organizationId: row.organizationId,
		signerId: row.signerId,
		accessCodeHash: row.accessCodeHash,
		aggregate: aggregateFromRow({ workflow: row.workflow, ...part }),
	};
}

/** What the text of scopedWorkflowCondition and postgresWorkflowRow depends on: whether the scope names a mode. */
function scopeKind(scope: WorkflowScope): string {
	return scope.mode === null ? 'any mode' : 'one mode';
}

/**
 * `w`, the scope's workflow row of a PostgreSQL statement, found as scopedRowById (scoped.ts) finds
 * it and for the same reason: by primary key within its organization, then kept to the scope's mode.
 * The fence (`offset 0`, which the planner does not look through) leaves it only `organization_id`
 * and `id` to choose an index by; a locking clause reaches into it.
 */
function postgresWorkflowRow(scope: WorkflowScope, workflowId: string): RawBuilder<unknown> {
	const row = sql`(select * from workflows where organization_id = ${scope.organizationId} and id = ${workflowId} offset 0) w`;
	return scope.mode === null ? row : sql`${row} where w.test = ${testFlag(scope.mode)}`;
}

/** The values of postgresWorkflowRow(scope, workflowId), in the order the builder binds them. */
function postgresRowParameters(scope: WorkflowScope, workflowId: string): unknown[] {
	return [scope.organizationId, workflowId, ...(scope.mode === null ? [] : [testFlag(scope.mode)])];
}

/** The values of scopedWorkflowCondition(scope) and then `id = workflowId`, in the order the builder binds them. */
function scopedParameters(scope: WorkflowScope, workflowId: string): unknown[] {
	return [scope.organizationId, ...(scope.mode === null ? [] : [testFlag(scope.mode)]), workflowId];
}

function aggregateFromRow(row: Omit<DetailRow, 'finalization'>): WorkflowAggregate {
	return {
		workflow: workflowFromRow(row.workflow),
		files: row.files.map(fileFromRow),
		signers: row.signers.map(signerFromRow),
		signatures: row.signatures.map(signatureFromRow),
		annotations: row.annotations.map(annotationFromRow),
	};
}

/** The parts of a workflow's detail, each with the order its table repository lists it in. */
const PARTS = [
	{ key: 'files', table: 'files', order: 'created_at, id' },
	{ key: 'signers', table: 'signers', order: 'sign_order, created_at, id' },
	{ key: 'signatures', table: 'signatures', order: 'created_at, id' },
	{ key: 'annotations', table: 'annotations', order: 'created_at, id' },
] as const;

let sqliteDetailQuery: Promise<string> | null = null;

/**
 * The same in one SQLite statement: SQLite has no row-to-JSON, so each table's json_object lists
 * its columns, read once from the schema (camelCased there, as the CamelCasePlugin would).
 */
export async function loadWorkflowDetailSqlite(db: Kysely<Database>, scope: WorkflowScope, workflowId: string): Promise<WorkflowDetailRows | null> {
	sqliteDetailQuery ??= buildSqliteDetailQuery(db).catch((error: unknown) => {
		sqliteDetailQuery = null;
		throw error;
	});
	const query = await sqliteDetailQuery;
	const { rows } = await db.executeQuery<Record<keyof DetailRow, string | null>>(
		keptCompiled(`sqlite detail ${scopeKind(scope)}`, scopedParameters(scope, workflowId), () =>
			sql`${sql.raw(query)} where ${scopedWorkflowCondition(scope, 'w')} and w.id = ${workflowId} ${sql.raw(ONE_ROW)}`.compile(db),
		),
	);
	const [row] = rows;
	if (!row?.workflow) return null;
	const parse = <T>(text: string | null) => JSON.parse(text ?? 'null') as T;
	return {
		aggregate: {
			workflow: workflowFromRow(parse(row.workflow)),
			files: parse<DetailRow['files']>(row.files).map(fileFromRow),
			signers: parse<DetailRow['signers']>(row.signers).map(signerFromRow),
			signatures: parse<DetailRow['signatures']>(row.signatures).map(signatureFromRow),
			annotations: parse<DetailRow['annotations']>(row.annotations).map(annotationFromRow),
		},
		finalization: row.finalization === null ? null : finalizationFromRow(parse(row.finalization)),
	};
}

async function buildSqliteDetailQuery(db: Kysely<Database>): Promise<string> {
	const object = async (table: string, alias: string) => {
		const { rows } = await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db);
		if (!rows.length || rows.some(({ name }) => !/^[a-z][a-z0-9_]*$/.test(name))) throw new Error(`Unexpected columns of ${table} for a workflow's detail.`);
		return `json_object(${rows.map(({ name }) => `'${camelCase(name)}', ${alias}.${name}`).join(', ')})`;
	};
	const parts = await Promise.all(
		PARTS.map(
			async ({ key, table, order }) =>
				`(select json_group_array(${await object(table, 'p')} order by ${order.split(', ').map((column) => `p.${column}`).join(', ')}) from ${table} p
					where p.organization_id = w.organization_id and p.workflow_id = w.id) as ${key}`,
		),
	);
	return `select ${await object('workflows', 'w')} as workflow, ${parts.join(', ')},
		(select ${await object('finalizations', 'z')} from finalizations z where z.organization_id = w.organization_id and z.workflow_id = w.id) as finalization
		from workflows w`;
}

function camelCase(name: string): string {
	return name.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}
