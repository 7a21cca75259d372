import { withDatabase } from './database';
import { TEST_DB } from './testDatabase';

/**
 * What each migration from 005 on added, undone (newest first): a data folder's database taken back
 * to what an earlier version left, for upgrade tests. A new migration adds its line here.
 */
const UNDO: ReadonlyArray<[migration: string, sql: () => string]> = [
	['017_test_workflows', () => 'drop index workflows_by_mode_created; alter table workflows drop column test;'],
	['015_delegation_drafts', () => 'drop table signer_drafts; alter table workflows drop column allow_delegation;'],
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
