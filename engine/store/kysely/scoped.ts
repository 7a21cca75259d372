import {
	sql,
	type DeleteQueryBuilder,
	type DeleteResult,
	type Kysely,
	type RawBuilder,
	type Selectable,
	type SelectQueryBuilder,
	type UpdateQueryBuilder,
	type UpdateResult,
} from 'kysely';
import type { ApiKeyMode, WorkflowScope } from '../../domain';
import type { Database } from '../schema';

/** The tables whose rows belong to one organization (they have an organizationId column). */
export type OrganizationTable = {
	[T in keyof Database]: Database[T] extends { organizationId: string } ? T : never;
}[keyof Database];

/**
 * Queries on one organization's rows: every builder starts with the organization's where,
 * so a query that concerns an organization's data cannot leave it out by accident. Given a
 * WorkflowScope with a mode (an API key's), queries on `workflows`, `templates` and `bulkSends` also keep to that
 * mode's rows, live or test: the other mode's are as absent as another organization's.
 */
export function scoped(db: Kysely<Database>, scope: string | WorkflowScope) {
	const { organizationId, mode } = typeof scope === 'string' ? { organizationId: scope, mode: null } : scope;
	const onlyMode = (table: OrganizationTable) => (MODED_TABLES.includes(table as ModedTable) && mode !== null ? sql<boolean>`${sql.ref('test')} = ${testFlag(mode)}` : null);
	return {
		selectFrom<T extends OrganizationTable>(table: T): SelectQueryBuilder<Database, T, object> {
			// Kysely cannot resolve the column on a generic table; every OrganizationTable has it.
			// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- on T itself Kysely's where() has no callable signature (tsc TS2349)
			const query = db.selectFrom(table as OrganizationTable).where('organizationId', '=', organizationId);
			return onlyMode(table) ? query.where(onlyMode(table)!) : query;
		},
		updateTable<T extends OrganizationTable>(table: T): UpdateQueryBuilder<Database, T, T, UpdateResult> {
			// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- as in selectFrom: on T, where() is not callable (tsc TS2349)
			const query = db.updateTable(table as OrganizationTable).where('organizationId', '=', organizationId);
			return (onlyMode(table) ? query.where(onlyMode(table)!) : query) as never;
		},
		deleteFrom<T extends OrganizationTable>(table: T): DeleteQueryBuilder<Database, T, DeleteResult> {
			// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- as in selectFrom: on T, where() is not callable (tsc TS2349)
			const query = db.deleteFrom(table as OrganizationTable).where('organizationId', '=', organizationId);
			const mode = onlyMode(table);
			return mode ? query.where(mode) : query;
		},
	};
}

/**
 * A WorkflowScope's where on a `workflows` row aliased `alias`, for the statements written by hand
 * (workflowDetail.ts): its organization, and its mode when it has one.
 */
export function scopedWorkflowCondition(scope: WorkflowScope, alias: string): RawBuilder<boolean> {
	const organization = sql<boolean>`${sql.ref(`${alias}.organization_id`)} = ${scope.organizationId}`;
	return scope.mode === null ? organization : sql<boolean>`${organization} and ${sql.ref(`${alias}.test`)} = ${testFlag(scope.mode)}`;
}

/** The tables whose rows are a live or a test key's (their `test` column). */
type ModedTable = 'workflows' | 'templates' | 'bulkSends';
const MODED_TABLES: readonly ModedTable[] = ['workflows', 'templates', 'bulkSends'];

/** A mode as the `test` column holds it. */
export function testFlag(mode: ApiKeyMode): 0 | 1 {
	return mode === 'test' ? 1 : 0;
}

/**
 * One row of a live-or-test table by its id, if the scope sees it. Found by organization and id,
 * the mode checked on the row: with `test = ?` beside them in the where, a PostgreSQL planner
 * without statistics (a new or restored database, until autovacuum's first analyze) took the
 * (organization_id, test, created_at, id) index and walked the organization's whole mode for one
 * row. A row of the other mode is as absent as another organization's. `forUpdate` locks it (PostgreSQL).
 */
export async function scopedRowById<T extends ModedTable>(
	db: Kysely<Database>,
	scope: WorkflowScope,
	table: T,
	id: string,
	forUpdate = false,
): Promise<Selectable<Database[T]> | null> {
	// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- as in scoped(): on T, where() is not callable (tsc TS2349)
	let query = scoped(db, scope.organizationId).selectFrom(table as ModedTable).selectAll().where('id', '=', id);
	if (forUpdate) query = query.forUpdate();
	const row = (await query.executeTakeFirst()) as Selectable<Database[T]> | undefined;
	// Every ModedTable has `test` (Kysely cannot see it on a generic table).
	return row && (scope.mode === null || (row as { test: number }).test === testFlag(scope.mode)) ? row : null;
}

type WorkflowChildTable = 'files' | 'signatures' | 'annotations' | 'emails';

/** A workflow's rows of one child table, in the order they were added. */
export function rowsOfWorkflow<T extends WorkflowChildTable>(db: Kysely<Database>, table: T, organizationId: string, workflowId: string) {
	return scoped(db, organizationId)
		// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- on T, Kysely cannot type workflowId's where() nor the rows (tsc TS2345, TS2352)
		.selectFrom(table as WorkflowChildTable)
		.selectAll()
		.where('workflowId', '=', workflowId)
		.orderBy('createdAt')
		.orderBy('id')
		.execute() as Promise<Array<Selectable<Database[T]>>>;
}
