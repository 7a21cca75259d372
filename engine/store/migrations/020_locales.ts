import type { Kysely, Migration } from 'kysely';

/**
 * The language signers read: a signer's own, a workflow's for its signers without one, and the
 * organization's default (also its certificates' and admin emails' language). Null follows the next.
 */
export function localesSchema(): Migration {
	return {
		async up(db: Kysely<unknown>) {
			await db.schema.alterTable('signers').addColumn('locale', 'text').execute();
			await db.schema.alterTable('workflows').addColumn('locale', 'text').execute();
			await db.schema.alterTable('organizations').addColumn('default_locale', 'text').execute();
		},
	};
}
