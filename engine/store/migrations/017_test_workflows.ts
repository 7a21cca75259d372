import type { Kysely, Migration } from 'kysely';

/**
 * Which workflows a test key made (1) and which a live key (0, every workflow made before).
 * Every read of an API key's workflows filters on it (store/kysely/scoped.ts), so the indexes that
 * list an organization's workflows gain it after the organization.
 */
export function testWorkflowsSchema(): Migration {
	return {
		async up(db: Kysely<unknown>) {
			await db.schema.alterTable('workflows').addColumn('test', 'integer', (c) => c.notNull().defaultTo(0)).execute();
			await db.schema.createIndex('workflows_by_mode_created').on('workflows').columns(['organization_id', 'test', 'created_at', 'id']).execute();
		},
	};
}
