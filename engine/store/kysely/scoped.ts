import type { DeleteQueryBuilder, DeleteResult, Kysely, Selectable, SelectQueryBuilder, UpdateQueryBuilder, UpdateResult } from 'kysely';
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
		selectFrom<T extends OrganizationTable>(table: T): SelectQueryBuilder<Database, T, object> {
			// Kysely cannot resolve the column on a generic table; every OrganizationTable has it.
			// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- on T itself Kysely's where() has no callable signature (tsc TS2349)
			return db.selectFrom(table as OrganizationTable).where('organizationId', '=', organizationId);
		},
		updateTable<T extends OrganizationTable>(table: T): UpdateQueryBuilder<Database, T, T, UpdateResult> {
			// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- as in selectFrom: on T, where() is not callable (tsc TS2349)
			return db.updateTable(table as OrganizationTable).where('organizationId', '=', organizationId) as never;
		},
		deleteFrom<T extends OrganizationTable>(table: T): DeleteQueryBuilder<Database, T, DeleteResult> {
			// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- as in selectFrom: on T, where() is not callable (tsc TS2349)
			return db.deleteFrom(table as OrganizationTable).where('organizationId', '=', organizationId) as never;
		},
	};
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
