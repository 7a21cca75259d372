import type { Kysely, Migration } from 'kysely';

/**
 * When each signer whose turn it is gets their next automatic reminder, and how many they had: the
 * reminder loop reads only the rows that are due (by the index), and moves a row forward only from
 * the due time and count it read, so two engine processes never send the same reminder.
 */
export function reminderSchedulesSchema(): Migration {
	return {
		async up(db: Kysely<unknown>) {
			await db.schema
				.createTable('reminder_schedules')
				.addColumn('signer_id', 'text', (c) => c.primaryKey().references('signers.id'))
				.addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
				.addColumn('workflow_id', 'text', (c) => c.notNull().references('workflows.id'))
				.addColumn('next_due_at', 'text', (c) => c.notNull())
				.addColumn('sent', 'integer', (c) => c.notNull().defaultTo(0))
				.execute();
			await db.schema.createIndex('reminder_schedules_by_due').on('reminder_schedules').column('next_due_at').execute();
			await db.schema.createIndex('reminder_schedules_by_workflow').on('reminder_schedules').column('workflow_id').execute();
		},
	};
}
