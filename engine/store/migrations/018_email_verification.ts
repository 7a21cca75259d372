import type { Kysely, Migration } from 'kysely';

/**
 * Signers who must enter a code sent to their email before the document opens (`verification`),
 * and the code each was last sent: its keyed hash, when it expires, and how many were sent lately
 * (the resend limit). Wrong codes count in `signers.failed_access_attempts`, as wrong access codes do.
 */
export function emailVerificationSchema(): Migration {
	return {
		async up(db: Kysely<unknown>) {
			await db.schema.alterTable('signers').addColumn('verification', 'text', (c) => c.notNull().defaultTo('none')).execute();
			await db.schema
				.createTable('verification_codes')
				.addColumn('signer_id', 'text', (c) => c.primaryKey().references('signers.id'))
				.addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
				.addColumn('code_hash', 'text', (c) => c.notNull())
				.addColumn('expires_at', 'text', (c) => c.notNull())
				.addColumn('sent_at', 'text', (c) => c.notNull())
				.addColumn('sends_in_window', 'integer', (c) => c.notNull())
				.addColumn('window_started_at', 'text', (c) => c.notNull())
				.execute();
		},
	};
}
