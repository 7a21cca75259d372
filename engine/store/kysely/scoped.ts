import type { Kysely, Selectable, SelectQueryBuilder, UpdateQueryBuilder, UpdateResult } from 'kysely';
import type { Database } from '../schema';

/** The tables whose rows belong to one organization (they have an organizationId column). */
export type OrganizationTable = {
	[T in keyof Database]: Database[T] extends { organizationId: string } ? T : never;
}[keyof Database];

/**
 * Queries on one organization's rows: every builder starts with the organization's where,
 * so a query that concerns an organization's data cannot leave it out by accident.
 */
export function scoped(db: Kysely<Database>, organizationId: string) {
	return {
		selectFrom<T extends OrganizationTable>(table: T): SelectQueryBuilder<Database, T, {}> {
			// Kysely cannot resolve the column on a generic table; every OrganizationTable has it.
			return db.selectFrom(table as OrganizationTable).where('organizationId', '=', organizationId) as never;
		},
		updateTable<T extends OrganizationTable>(table: T): UpdateQueryBuilder<Database, T, T, UpdateResult> {
			return db.updateTable(table as OrganizationTable).where('organizationId', '=', organizationId) as never;
		},
	};
}

type WorkflowChildTable = 'files' | 'signatures' | 'annotations' | 'emails';

/** A workflow's rows of one child table, in the order they were added. */
export function rowsOfWorkflow<T extends WorkflowChildTable>(db: Kysely<Database>, table: T, organizationId: string, workflowId: string) {
	return scoped(db, organizationId)
		.selectFrom(table as WorkflowChildTable)
		.selectAll()
		.where('workflowId', '=', workflowId)
		.orderBy('createdAt')
		.orderBy('id')
		.execute() as Promise<Array<Selectable<Database[T]>>>;
}
