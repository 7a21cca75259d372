import type { Kysely, Migration } from 'kysely';

/**
 * Finalization jobs are leased like webhook deliveries: a job being worked on is claimed until
 * `claimed_until`, so several workers (and several engines on one PostgreSQL database) each take
 * a different job, and a crashed process's job comes back when its lease runs out.
 */
export function finalizationClaimsSchema(): Migration {
	return {
		async up(db: Kysely<unknown>) {
			await db.schema.alterTable('finalizations').addColumn('claimed_until', 'text').execute();
		},
	};
}
