import { z } from 'zod';
import type { AuditEvent } from './event';

/** What a purge removes: the documents' bytes, or those and the signers' personal data in the workflow's records. */
export const PURGE_SCOPES = ['documents', 'documents_and_personal_data'] as const;
export const PurgeScope = z.enum(PURGE_SCOPES);
export type PurgeScope = z.infer<typeof PurgeScope>;

export const PurgeWorkflowInput = z.strictObject({
	scope: PurgeScope.default('documents').describe(
		'documents: the PDFs (original and signed) are deleted, their SHA-256 stay; documents_and_personal_data: also the signers\' names, emails, IP addresses and field values are blanked (ids stay)',
	),
});
export type PurgeWorkflowInput = z.infer<typeof PurgeWorkflowInput>;

/** The header that names the organization on every webhook request, unless an organization names another. */
export const DEFAULT_ORGANIZATION_HEADER = 'x-organization-id';

/** Headers the engine sets itself on webhook requests: the organization header cannot take their name. */
const ENGINE_HEADERS = /^(host|content-type|content-length|authorization|connection|transfer-encoding|user-agent|webhook-.*)$/i;

/** An HTTP header name (RFC 9110 token): underscores allowed, as in SIGN8's `organisation_id`. */
export const OrganizationHeaderName = z
	.string()
	.min(1)
	.max(100)
	.regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/, 'Must be an HTTP header name: letters, digits and !#$%&\'*+-.^_`|~ (no spaces or colons).')
	.refine((name) => !ENGINE_HEADERS.test(name), 'This header is set by the engine.');

export const RetentionSettings = z.strictObject({
	days: z
		.int()
		.min(1)
		.max(36500)
		.nullable()
		.optional()
		.describe('Days after a signing workflow ends (completed, refused, expired, cancelled) before it is purged; null keeps everything forever; left out keeps the current setting'),
	scope: PurgeScope.optional().describe('What the purge removes; documents when left out with days, the current scope when both are left out'),
	draftDays: z
		.int()
		.min(1)
		.max(36500)
		.nullable()
		.optional()
		.describe('Days a draft may go untouched (since its last change) before it is discarded; null keeps drafts forever; left out keeps the current setting'),
});
export type RetentionSettings = z.infer<typeof RetentionSettings>;

/** The retention after a PATCH: keys left out keep their value, except a scope left out with days given (documents, as before draftDays). */
export function changedRetention(
	current: { days: number | null; scope: PurgeScope; draftDays: number | null },
	input: RetentionSettings,
): { days: number | null; scope: PurgeScope; draftDays: number | null } {
	return {
		days: input.days === undefined ? current.days : input.days,
		scope: input.scope ?? (input.days === undefined ? current.scope : 'documents'),
		draftDays: input.draftDays === undefined ? current.draftDays : input.draftDays,
	};
}

/** When a workflow that ended at `endedAt` is due for purging under `days` of retention. */
export function purgeDueAt(endedAt: string, days: number): string {
	return new Date(Date.parse(endedAt) + days * 86_400_000).toISOString();
}

/** The cut-off for a sweep at `now`: workflows that ended (or drafts last changed) before it are due. */
export function endedBefore(now: Date, days: number): string {
	return new Date(now.getTime() - days * 86_400_000).toISOString();
}

/** Keys of event data that carry a person's data; `name` only in signers' events (elsewhere a file or workflow name). */
const PERSONAL_KEYS = new Set(['email', 'ip', 'userAgent', 'reason', 'refusalReason', 'values', 'value', 'text', 'previous', 'consentText']);

/**
 * An event with the personal data blanked (IP, user agent, and in its data the names, emails,
 * reasons and values), ids and everything else kept, and marked redacted at `at`.
 */
export function redactEvent(event: AuditEvent, at: string): AuditEvent {
	const personal = (key: string) => PERSONAL_KEYS.has(key) || (key === 'name' && event.type.startsWith('signer.'));
	const data = Object.fromEntries(Object.entries(event.data).map(([key, value]) => [key, personal(key) && value !== null ? null : value]));
	return { ...event, ip: null, userAgent: null, data, redactedAt: at };
}
