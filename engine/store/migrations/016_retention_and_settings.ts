import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Organization settings (the name of the organization header on webhooks, a default reminder
 * policy, retention: days after a workflow ends before its documents are purged, and what a purge
 * removes) and the purged state of a workflow. An audit event whose personal data a purge blanked
 * says when (`redacted_at`): its stored hash still links the chain, but no longer covers its content.
 */
export function retentionAndSettingsSchema(): Migration {
	return {
		async up(db: Kysely<unknown>) {
			await db.schema.alterTable('organizations').addColumn('webhook_organization_header', 'text').execute();
			await db.schema.alterTable('organizations').addColumn('default_reminder_policy', 'text').execute();
			await db.schema.alterTable('organizations').addColumn('retention_days', 'integer').execute();
			await db.schema.alterTable('organizations').addColumn('retention_scope', 'text').execute();
			await db.schema.alterTable('workflows').addColumn('purged_at', 'text').execute();
			await db.schema.alterTable('workflows').addColumn('purge_scope', 'text').execute();
			await db.schema.alterTable('events').addColumn('redacted_at', 'text').execute();
			// The retention sweep's query: finished workflows not yet purged, by when they ended.
			await db.schema.createIndex('workflows_by_unpurged_end').on('workflows').columns(['ended_at']).where(sql.ref('purged_at'), 'is', null).execute();
		},
	};
}
