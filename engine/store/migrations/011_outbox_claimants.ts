import type { Kysely, Migration } from 'kysely';

/**
 * Webhook deliveries and emails are claimed like finalization jobs: a short lease renewed while
 * the holder works, and who holds it (`claimed_by`, one token per dispatcher). A process that
 * stalled past its lease sees from the token that its claim was taken over and writes nothing
 * over the new holder's outcome. Emails had no claim at all: two processes sent each one twice.
 */
export function outboxClaimantsSchema(): Migration {
	return {
		async up(db: Kysely<unknown>) {
			await db.schema.alterTable('deliveries').addColumn('claimed_by', 'text').execute();
			await db.schema.alterTable('emails').addColumn('claimed_until', 'text').execute();
			await db.schema.alterTable('emails').addColumn('claimed_by', 'text').execute();
		},
	};
}
