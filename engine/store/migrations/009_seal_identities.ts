import type { Kysely, Migration } from 'kysely';

/**
 * Seal identities move from each data folder's seals/ into the database, so that every engine
 * process seals with the same certificate; and engine settings, where the master key's check value
 * lets a process with another master key refuse to start.
 */
export function sealIdentitiesSchema(): Migration {
	return {
		async up(db: Kysely<unknown>) {
			await db.schema
				.createTable('seal_identities')
				.addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
				.addColumn('subject', 'text', (c) => c.notNull())
				.addColumn('certificate', 'text', (c) => c.notNull())
				.addColumn('chain', 'text', (c) => c.notNull())
				.addColumn('private_key_sealed', 'text', (c) => c.notNull())
				.addColumn('origin', 'text', (c) => c.notNull())
				.addColumn('created_at', 'text', (c) => c.notNull())
				.addPrimaryKeyConstraint('seal_identities_pkey', ['organization_id', 'subject'])
				.execute();
			await db.schema
				.createTable('engine_settings')
				.addColumn('name', 'text', (c) => c.primaryKey())
				.addColumn('value', 'text', (c) => c.notNull())
				.addColumn('created_at', 'text', (c) => c.notNull())
				.execute();
		},
	};
}
