import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Webhook configurations, their deliveries (the outbox, one row per event and
 * configuration) and every delivery attempt; and emails that are not to a
 * signer (alerts to an organization's admin), which needs the email outbox
 * rebuilt with optional workflow and signer.
 */
export function webhooksSchema(): Migration {
	return {
		async up(db: Kysely<unknown>) {
			await db.schema
				.createTable('webhooks')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
				.addColumn('name', 'text', (c) => c.notNull())
				.addColumn('url', 'text', (c) => c.notNull())
				.addColumn('events', 'text', (c) => c.notNull())
				.addColumn('request_from', 'text')
				.addColumn('auth_type', 'text', (c) => c.notNull())
				.addColumn('auth_username', 'text')
				.addColumn('secret_sealed', 'text')
				.addColumn('headers_sealed', 'text', (c) => c.notNull())
				.addColumn('retry_intervals', 'text', (c) => c.notNull())
				.addColumn('timeout', 'text', (c) => c.notNull())
				.addColumn('include_workflow_summary', 'integer', (c) => c.notNull())
				.addColumn('enabled', 'integer', (c) => c.notNull())
				.addColumn('disabled_reason', 'text')
				.addColumn('disabled_at', 'text')
				.addColumn('disabled_by', 'text')
				.addColumn('consecutive_dead', 'integer', (c) => c.notNull())
				.addColumn('failing_since', 'text')
				.addColumn('last_success_at', 'text')
				.addColumn('created_at', 'text', (c) => c.notNull())
				.addColumn('updated_at', 'text', (c) => c.notNull())
				.addColumn('deleted_at', 'text')
				.execute();
			await db.schema.createIndex('webhooks_by_org').on('webhooks').columns(['organization_id', 'enabled']).execute();

			await db.schema
				.createTable('deliveries')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
				.addColumn('webhook_id', 'text', (c) => c.notNull().references('webhooks.id'))
				.addColumn('event_id', 'text', (c) => c.notNull())
				.addColumn('event_type', 'text', (c) => c.notNull())
				.addColumn('payload', 'text', (c) => c.notNull())
				.addColumn('status', 'text', (c) => c.notNull())
				.addColumn('attempts', 'integer', (c) => c.notNull())
				.addColumn('total_attempts', 'integer', (c) => c.notNull())
				.addColumn('next_attempt_at', 'text', (c) => c.notNull())
				.addColumn('claimed_until', 'text')
				.addColumn('last_status_code', 'integer')
				.addColumn('last_error', 'text')
				.addColumn('created_at', 'text', (c) => c.notNull())
				.addColumn('delivered_at', 'text')
				.execute();
			await db.schema.createIndex('deliveries_due').on('deliveries').columns(['status', 'next_attempt_at']).execute();
			await db.schema
				.createIndex('deliveries_by_webhook')
				.on('deliveries')
				.columns(['webhook_id', 'created_at', 'id'])
				.execute();

			await db.schema
				.createTable('delivery_attempts')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('delivery_id', 'text', (c) => c.notNull().references('deliveries.id'))
				.addColumn('organization_id', 'text', (c) => c.notNull())
				.addColumn('attempted_at', 'text', (c) => c.notNull())
				.addColumn('status_code', 'integer')
				.addColumn('duration_ms', 'integer', (c) => c.notNull())
				.addColumn('error', 'text')
				.addColumn('response_body', 'text')
				.execute();
			await db.schema.createIndex('attempts_by_delivery').on('delivery_attempts').columns(['delivery_id', 'attempted_at']).execute();

			// The email outbox, rebuilt: workflow and signer become optional, a recipient and data are added.
			await db.schema
				.createTable('emails_v2')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
				.addColumn('workflow_id', 'text', (c) => c.references('workflows.id'))
				.addColumn('signer_id', 'text', (c) => c.references('signers.id'))
				.addColumn('recipient', 'text')
				.addColumn('data', 'text')
				.addColumn('kind', 'text', (c) => c.notNull())
				.addColumn('status', 'text', (c) => c.notNull())
				.addColumn('attempts', 'integer', (c) => c.notNull())
				.addColumn('next_attempt_at', 'text', (c) => c.notNull())
				.addColumn('last_error', 'text')
				.addColumn('created_at', 'text', (c) => c.notNull())
				.addColumn('sent_at', 'text')
				.execute();
			await sql`insert into emails_v2 (id, organization_id, workflow_id, signer_id, kind, status, attempts, next_attempt_at, last_error, created_at, sent_at)
				select id, organization_id, workflow_id, signer_id, kind, status, attempts, next_attempt_at, last_error, created_at, sent_at from emails`.execute(db);
			await db.schema.dropTable('emails').execute();
			await db.schema.alterTable('emails_v2').renameTo('emails').execute();
			await db.schema.createIndex('emails_due_v2').on('emails').columns(['status', 'next_attempt_at']).execute();
			await db.schema.createIndex('emails_by_workflow_v2').on('emails').column('workflow_id').execute();
		},
	};
}
