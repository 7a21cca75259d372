import type { Kysely, Migration } from 'kysely';

/** Signing links, access-code lockout, captured signature values, and the email outbox. */
export function signingSchema(): Migration {
	return {
		async up(db: Kysely<unknown>) {
			await db.schema.alterTable('signers').addColumn('link_version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
			await db.schema.alterTable('signers').addColumn('token_hash', 'text').execute();
			await db.schema
				.alterTable('signers')
				.addColumn('failed_access_attempts', 'integer', (c) => c.notNull().defaultTo(0))
				.execute();
			await db.schema.alterTable('signers').addColumn('locked_at', 'text').execute();
			await db.schema.alterTable('signers').addColumn('viewed_at', 'text').execute();
			await db.schema.createIndex('signers_by_token_hash').on('signers').column('token_hash').unique().execute();

			await db.schema.alterTable('signatures').addColumn('value_type', 'text').execute();
			await db.schema.alterTable('signatures').addColumn('value_text', 'text').execute();
			await db.schema.alterTable('signatures').addColumn('value_image_sha256', 'text').execute();

			await db.schema
				.createTable('emails')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
				.addColumn('workflow_id', 'text', (c) => c.notNull().references('workflows.id'))
				.addColumn('signer_id', 'text', (c) => c.notNull().references('signers.id'))
				.addColumn('kind', 'text', (c) => c.notNull())
				.addColumn('status', 'text', (c) => c.notNull())
				.addColumn('attempts', 'integer', (c) => c.notNull())
				.addColumn('next_attempt_at', 'text', (c) => c.notNull())
				.addColumn('last_error', 'text')
				.addColumn('created_at', 'text', (c) => c.notNull())
				.addColumn('sent_at', 'text')
				.execute();
			await db.schema.createIndex('emails_due').on('emails').columns(['status', 'next_attempt_at']).execute();
			await db.schema.createIndex('emails_by_workflow').on('emails').column('workflow_id').execute();
		},
	};
}
