import type { Kysely, Migration } from 'kysely';

/**
 * Bulk sends: a job per accepted request (its template, live or test like workflows, who asked) and
 * a row per item of it, kept from acceptance on, so nothing accepted is lost. A row is pending until
 * the engine made and sent its workflow (succeeded, naming it) or gave up on it (failed, with the
 * error); rows are leased to one process at a time (claimed_by, claimed_until) like outbox rows,
 * and the row's outcome is written in the transaction that makes its workflow.
 */
export function bulkSendsSchema(): Migration {
	return {
		async up(db: Kysely<unknown>) {
			await db.schema
				.createTable('bulk_sends')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
				.addColumn('template_id', 'text', (c) => c.notNull())
				.addColumn('test', 'integer', (c) => c.notNull().defaultTo(0))
				.addColumn('status', 'text', (c) => c.notNull())
				.addColumn('total', 'integer', (c) => c.notNull())
				.addColumn('api_key_id', 'text')
				.addColumn('ip', 'text')
				.addColumn('user_agent', 'text')
				.addColumn('created_at', 'text', (c) => c.notNull())
				.addColumn('completed_at', 'text')
				.execute();
			await db.schema.createIndex('bulk_sends_by_mode_created').on('bulk_sends').columns(['organization_id', 'test', 'created_at', 'id']).execute();
			await db.schema
				.createTable('bulk_send_rows')
				.addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
				.addColumn('bulk_send_id', 'text', (c) => c.notNull().references('bulk_sends.id'))
				.addColumn('row_index', 'integer', (c) => c.notNull())
				.addColumn('status', 'text', (c) => c.notNull())
				.addColumn('input', 'text')
				.addColumn('workflow_id', 'text')
				.addColumn('error', 'text')
				.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
				.addColumn('claimed_by', 'text')
				.addColumn('claimed_until', 'text')
				.addColumn('created_at', 'text', (c) => c.notNull())
				.addColumn('finished_at', 'text')
				.addPrimaryKeyConstraint('bulk_send_rows_pkey', ['bulk_send_id', 'row_index'])
				.execute();
			// The engine's queue: pending rows, oldest job first, in row order.
			await db.schema.createIndex('bulk_send_rows_pending').on('bulk_send_rows').columns(['status', 'created_at', 'bulk_send_id', 'row_index']).execute();
		},
	};
}
