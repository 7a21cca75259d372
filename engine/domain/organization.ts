import { z } from 'zod';
import { Id, Timestamp, displayName } from './common';
import { EmbedOrigins } from './embedding';
import { Locale, describeLocale } from './locale';
import { ReminderPolicy, ReminderPolicyInput } from './reminderPolicy';
import { OrganizationHeaderName, PurgeScope, RetentionSettings } from './retention';

export const Organization = z.object({
	id: Id,
	name: z.string(),
	adminEmail: z.email().nullable(),
	createdAt: Timestamp,
	webhookOrganizationHeader: z.string().describe('The header that names the organization on every webhook request'),
	defaultReminderPolicy: ReminderPolicy.nullable().describe('Given to new signing workflows created without a reminderPolicy'),
	retention: z
		.object({
			days: z.int().nullable(),
			scope: PurgeScope,
			draftDays: z.int().nullable().describe('Days a draft may go untouched before it is discarded; null keeps drafts forever'),
		})
		.describe('When finished signing workflows are purged, and what goes; when untouched drafts are discarded'),
	defaultLocale: z
		.string()
		.nullable()
		.describe('The language of signers whose workflow and signer name none (else their browser\'s), of the certificate and of the admin emails; null is English for those'),
	embedOrigins: z
		.array(z.string())
		.describe('Origins whose pages may show the signing page in a frame (frame-ancestors) and receive its messages; empty: none may'),
});
export type Organization = z.infer<typeof Organization>;

export const CreateOrganizationInput = z.strictObject({
	name: displayName(200),
	adminEmail: z.email().optional(),
});
export type CreateOrganizationInput = z.infer<typeof CreateOrganizationInput>;

/** A rename, or a new admin address (null removes it). */
export const UpdateOrganizationInput = z.strictObject({
	name: displayName(200).optional(),
	adminEmail: z.email().nullable().optional(),
	webhookOrganizationHeader: OrganizationHeaderName.optional().describe('e.g. organisation_id; x-organization-id by default'),
	defaultReminderPolicy: ReminderPolicyInput.nullable().optional().describe('null removes it'),
	retention: RetentionSettings.optional(),
	defaultLocale: Locale.nullable()
		.optional()
		.describe(describeLocale('The language of signers whose workflow and signer name none, of the certificate and of the admin emails (null removes it)')),
	embedOrigins: EmbedOrigins.optional(),
});
export type UpdateOrganizationInput = z.infer<typeof UpdateOrganizationInput>;

export const ApiKeyMode = z.enum(['live', 'test']);
export type ApiKeyMode = z.infer<typeof ApiKeyMode>;

export const ApiKeyInfo = z.object({
	id: Id,
	organizationId: Id,
	name: z.string(),
	mode: ApiKeyMode,
	prefix: z.string().describe('The first characters of the key, to tell keys apart'),
	createdAt: Timestamp,
});
export type ApiKeyInfo = z.infer<typeof ApiKeyInfo>;

export const CreateApiKeyInput = z.strictObject({
	name: displayName(100).describe('What the key is for, e.g. "n8n production"'),
	mode: ApiKeyMode.optional().describe('live, or test (sf_test_...: test workflows that email no one); by default the mode of the key that asks, and a test key makes only test keys'),
});
export type CreateApiKeyInput = z.infer<typeof CreateApiKeyInput>;

/** Who the request acts for; every service call is scoped to `organizationId`. */
export interface Principal {
	organizationId: string;
	apiKeyId: string;
	mode: ApiKeyMode;
}

/**
 * Whose workflows a read may see: one organization's, and of those only the live or only the test
 * ones (`mode`, an API key's; a Principal is one). `mode: null` is the engine's own work (workers,
 * signing links, the operator's CLI), which serves both.
 */
export interface WorkflowScope {
	organizationId: string;
	mode: ApiKeyMode | null;
}

/** The scope of the engine's own work on an organization's workflows: live and test alike. */
export function engineScope(organizationId: string): WorkflowScope {
	return { organizationId, mode: null };
}
