import type { Kysely, Migration } from 'kysely';

/**
 * Whether a workflow lets its signers hand their place to someone else (delegation), and each
 * signer's saved values to finish later: one row a signer, deleted when they sign, refuse or delegate.
 */
export function delegationDraftsSchema(): Migration {
	return {
		async up(db: Kysely<unknown>) {
			await db.schema.alterTable('workflows').addColumn('allow_delegation', 'integer', (c) => c.notNull().defaultTo(0)).execute();
			await db.schema
				.createTable('signer_drafts')
				.addColumn('signer_id', 'text', (c) => c.primaryKey().references('signers.id'))
				.addColumn('organization_id', 'text', (c) => c.notNull())
				.addColumn('workflow_id', 'text', (c) => c.notNull())
				.addColumn('draft_values', 'text', (c) => c.notNull())
				.addColumn('saved_at', 'text', (c) => c.notNull())
				.execute();
		},
	};
}
