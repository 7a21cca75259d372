import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Draft retention: days a draft may go untouched (since its last change) before the retention
 * sweep discards it; null keeps drafts forever. The sweep reads an organization's drafts by when
 * they last changed.
 */
export function draftRetentionSchema(): Migration {
	return {
		async up(db: Kysely<unknown>) {
			await db.schema.alterTable('organizations').addColumn('retention_draft_days', 'integer').execute();
			await db.schema
				.createIndex('workflows_drafts_by_update')
				.on('workflows')
				.columns(['organization_id', 'updated_at'])
				.where(sql.ref('status'), '=', 'draft')
				.execute();
		},
	};
}
