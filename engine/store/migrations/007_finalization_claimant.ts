import type { Kysely, Migration } from 'kysely';

/**
 * Who holds a finalization job's lease: a token drawn at each claim. Leases are short and renewed
 * while the job runs, so a process that stalled past its lease can find the job taken over; the
 * token lets its renewals and its final commit see that the claim is no longer its own.
 */
export function finalizationClaimantSchema(): Migration {
	return {
		async up(db: Kysely<unknown>) {
			await db.schema.alterTable('finalizations').addColumn('claimed_by', 'text').execute();
		},
	};
}
