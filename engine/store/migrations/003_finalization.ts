import type { Kysely, Migration } from 'kysely';

/** Finalization jobs (stamp, certify, seal after completion) and the stamped-content hash of each file. */
export function finalizationSchema(): Migration {
	return {
		async up(db: Kysely<unknown>) {
			await db.schema.alterTable('files').addColumn('stamped_sha256', 'text').execute();
			await db.schema.createIndex('files_by_signed_sha256').on('files').column('signed_sha256').execute();
			await db.schema
				.createTable('finalizations')
				.addColumn('workflow_id', 'text', (c) => c.primaryKey().references('workflows.id'))
				.addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
				.addColumn('status', 'text', (c) => c.notNull())
				.addColumn('attempts', 'integer', (c) => c.notNull())
				.addColumn('next_attempt_at', 'text', (c) => c.notNull())
				.addColumn('last_error', 'text')
				.addColumn('created_at', 'text', (c) => c.notNull())
				.addColumn('finished_at', 'text')
				.execute();
			await db.schema.createIndex('finalizations_due').on('finalizations').columns(['status', 'next_attempt_at']).execute();
		},
	};
}
