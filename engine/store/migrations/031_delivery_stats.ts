import type { Kysely, Migration } from 'kysely';

/** A configuration's delivery statistics read an organization's attempts of the last day or week (store/kysely/deliveryStats.ts). */
export function deliveryStatsSchema(): Migration {
	return {
		async up(db: Kysely<unknown>) {
			await db.schema.createIndex('attempts_by_org_time').on('delivery_attempts').columns(['organization_id', 'attempted_at']).execute();
		},
	};
}
