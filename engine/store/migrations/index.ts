import type { Migration, MigrationProvider } from 'kysely';
import type { Dialect } from '../dialect';
import { initialSchema } from './001_initial';
import { signingSchema } from './002_signing';
import { finalizationSchema } from './003_finalization';
import { webhooksSchema } from './004_webhooks';
import { workflowNameSearchSchema } from './005_workflow_name_search';
import { finalizationClaimsSchema } from './006_finalization_claims';
import { finalizationClaimantSchema } from './007_finalization_claimant';
import { sealIdentitiesSchema } from './009_seal_identities';
import { postgresBlobsSchema } from './010_postgres_blobs';
import { outboxClaimantsSchema } from './011_outbox_claimants';
import { apiKeyLastUsedSchema } from './012_api_key_last_used';
import { reminderSchedulesSchema } from './013_reminder_schedules';
import { delegationDraftsSchema } from './015_delegation_drafts';
import { retentionAndSettingsSchema } from './016_retention_and_settings';
import { testWorkflowsSchema } from './017_test_workflows';
import { emailVerificationSchema } from './018_email_verification';
import { draftRetentionSchema } from './019_draft_retention';
import { localesSchema } from './020_locales';
import { idempotencyKeysSchema } from './021_idempotency_keys';
import { templatesSchema } from './022_templates';
import { bulkSendsSchema } from './023_bulk_sends';
import { templateNameSearchSchema } from './025_template_name_search';
import { embeddingSchema } from './028_embedding';
import { consoleSessionsSchema } from './029_console_sessions';
import { deliveryStatsSchema } from './031_delivery_stats';

/** Migrations are code, listed here in order, so they ship inside dist/ with the engine. */
export function migrationProvider(dialect: Dialect): MigrationProvider {
	return {
		getMigrations(): Promise<Record<string, Migration>> {
			return Promise.resolve({
				'001_initial': initialSchema(dialect),
				'002_signing': signingSchema(),
				'003_finalization': finalizationSchema(),
				'004_webhooks': webhooksSchema(),
				'005_workflow_name_search': workflowNameSearchSchema(),
				'006_finalization_claims': finalizationClaimsSchema(),
				'007_finalization_claimant': finalizationClaimantSchema(),
				'009_seal_identities': sealIdentitiesSchema(),
				'010_postgres_blobs': postgresBlobsSchema(dialect),
				'011_outbox_claimants': outboxClaimantsSchema(),
				'012_api_key_last_used': apiKeyLastUsedSchema(),
				'013_reminder_schedules': reminderSchedulesSchema(),
				'015_delegation_drafts': delegationDraftsSchema(),
				'016_retention_and_settings': retentionAndSettingsSchema(),
				'017_test_workflows': testWorkflowsSchema(),
				'018_email_verification': emailVerificationSchema(),
				'019_draft_retention': draftRetentionSchema(),
				'020_locales': localesSchema(),
				'021_idempotency_keys': idempotencyKeysSchema(),
				'022_templates': templatesSchema(),
				'023_bulk_sends': bulkSendsSchema(),
				'025_template_name_search': templateNameSearchSchema(),
				'028_embedding': embeddingSchema(),
				'029_console_sessions': consoleSessionsSchema(),
				'031_delivery_stats': deliveryStatsSchema(),
			});
		},
	};
}
