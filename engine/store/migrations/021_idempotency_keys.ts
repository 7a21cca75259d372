import type { Kysely, Migration } from 'kysely';

/**
 * Idempotency-Key: one row per key an organization's API key mode used on a creating POST, its
 * request's hash, who works on it (owner, claimedAt) and, once done, the answer to replay. The
 * primary key decides between requests racing for one key, in any number of processes.
 */
export function idempotencyKeysSchema(): Migration {
	return {
		async up(db: Kysely<unknown>) {
			await db.schema
				.createTable('idempotency_keys')
				.addColumn('organization_id', 'text', (column) => column.notNull())
				.addColumn('mode', 'text', (column) => column.notNull())
				.addColumn('key', 'text', (column) => column.notNull())
				.addColumn('request_hash', 'text', (column) => column.notNull())
				.addColumn('owner', 'text', (column) => column.notNull())
				.addColumn('state', 'text', (column) => column.notNull())
				.addColumn('status', 'integer')
				.addColumn('answer', 'text')
				.addColumn('created_at', 'text', (column) => column.notNull())
				.addColumn('claimed_at', 'text', (column) => column.notNull())
				.addPrimaryKeyConstraint('idempotency_keys_pkey', ['organization_id', 'mode', 'key'])
				.execute();
			await db.schema.createIndex('idempotency_keys_by_created').on('idempotency_keys').column('created_at').execute();
		},
	};
}
