import { withDatabase } from './database';
import { TEST_DB } from './testDatabase';

/**
 * What each migration from 005 on added, undone (newest first): a data folder's database taken back
 * to what an earlier version left, for upgrade tests. A new migration adds its line here.
 */
const UNDO: ReadonlyArray<[migration: string, sql: () => string]> = [
	['031_delivery_stats', () => 'drop index attempts_by_org_time;'],
	['029_console_sessions', () => 'drop table console_sessions; drop table console_login_links;'],
	['028_embedding', () => 'alter table signers drop column redirect_url; alter table workflows drop column redirect_url; alter table organizations drop column embed_origins;'],
	['025_template_name_search', () => 'alter table templates drop column name_search;'],
	['023_bulk_sends', () => 'drop table bulk_send_rows; drop table bulk_sends;'],
	['022_templates', () => 'drop table template_files; drop table templates;'],
	['021_idempotency_keys', () => 'drop table idempotency_keys;'],
	['020_locales', () => 'alter table signers drop column locale; alter table workflows drop column locale; alter table organizations drop column default_locale;'],
	['019_draft_retention', () => 'drop index workflows_drafts_by_update; alter table organizations drop column retention_draft_days;'],
	['018_email_verification', () => 'drop table verification_codes; alter table signers drop column verification;'],
	['017_test_workflows', () => 'drop index workflows_by_mode_created; alter table workflows drop column test;'],
	['016_retention_and_settings', () => 'drop index workflows_by_unpurged_end; alter table organizations drop column webhook_organization_header; alter table organizations drop column default_reminder_policy; alter table organizations drop column retention_days; alter table organizations drop column retention_scope; alter table workflows drop column purged_at; alter table workflows drop column purge_scope; alter table events drop column redacted_at;'],
	['015_delegation_drafts', () => 'drop table signer_drafts; alter table workflows drop column allow_delegation;'],
	['013_reminder_schedules', () => 'drop table reminder_schedules;'],
	['012_api_key_last_used', () => 'alter table api_keys drop column last_used_at;'],
	['011_outbox_claimants', () => 'alter table deliveries drop column claimed_by; alter table emails drop column claimed_until; alter table emails drop column claimed_by;'],
	// PostgreSQL only: SQLite keeps blobs in the data folder.
	['010_postgres_blobs', () => (TEST_DB === 'postgres' ? 'drop table blob_chunks; drop table blobs;' : '')],
	['009_seal_identities', () => 'drop table seal_identities; drop table engine_settings;'],
	['007_finalization_claimant', () => 'alter table finalizations drop column claimed_by;'],
	['006_finalization_claims', () => 'alter table finalizations drop column claimed_until;'],
	['005_workflow_name_search', () => 'alter table workflows drop column name_search;'],
];

/** Takes the data folder's database back to before `migration` (and every later one) ran. */
export async function takeBackToBefore(dataDir: string, migration: string): Promise<void> {
	const index = UNDO.findIndex(([name]) => name === migration);
	if (index < 0) throw new Error(`No undo known for migration ${migration}.`);
	const undo = UNDO.slice(0, index + 1)
		.map(([, sql]) => sql())
		.join(' ');
	await withDatabase(dataDir, (database) => database.run(`${undo} delete from kysely_migration where name >= '${migration}'`));
}
