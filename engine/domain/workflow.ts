import { z } from 'zod';
import { Id, SearchText, Timestamp, TimeZone, displayName, multiLineText, singleLineText } from './common';
import { RedirectUrl } from './embedding';
import { newId } from './ids';
import { Locale, describeLocale } from './locale';
import { ReminderPolicy, ReminderPolicyInput } from './reminderPolicy';

export const WORKFLOW_STATUSES = ['draft', 'sent', 'completed', 'refused', 'expired', 'cancelled'] as const;
export const WorkflowStatus = z.enum(WORKFLOW_STATUSES);
export type WorkflowStatus = z.infer<typeof WorkflowStatus>;

export const FINAL_STATUSES: readonly WorkflowStatus[] = ['completed', 'refused', 'expired', 'cancelled'];

const MAX_METADATA_BYTES = 16 * 1024;
const MAX_METADATA_DEPTH = 32;

/** Whether objects or arrays nest deeper than `levels`; looks no deeper than that, so hostile nesting cannot exhaust the stack. */
function nestsDeeperThan(value: unknown, levels: number): boolean {
	if (!value || typeof value !== 'object') return false;
	if (levels === 0) return true;
	return Object.values(value).some((inner) => nestsDeeperThan(inner, levels - 1));
}

function containsNul(value: unknown): boolean {
	if (typeof value === 'string') return value.includes('\u0000');
	if (Array.isArray(value)) return value.some(containsNul);
	if (value && typeof value === 'object') return Object.entries(value).some(([key, inner]) => key.includes('\u0000') || containsNul(inner));
	return false;
}

export const Metadata = z
	.record(z.string(), z.unknown())
	// First, and stopping the others: JSON.stringify and the checks below recurse, and would overflow the stack.
	.refine((value) => !nestsDeeperThan(value, MAX_METADATA_DEPTH), { message: `Must not nest deeper than ${MAX_METADATA_DEPTH} levels.`, abort: true })
	.refine((value) => Buffer.byteLength(JSON.stringify(value)) <= MAX_METADATA_BYTES, {
		message: `Must be at most ${MAX_METADATA_BYTES} bytes as JSON.`,
	})
	.refine((value) => !containsNul(value), { message: 'Must not contain NUL characters (PostgreSQL cannot store them).' })
	.describe('Free JSON for your own references, such as CRM or HR record ids');

export const CreateWorkflowInput = z.strictObject({
	name: displayName(200),
	message: multiLineText(5000).optional().describe('Shown to signers with the invitation'),
	expiresAt: Timestamp.optional().describe('When an unfinished signing workflow expires'),
	timeZone: TimeZone.default('UTC').describe('IANA time zone used for dates shown to people'),
	requestFrom: singleLineText(100, 1)
		.optional()
		.describe('Routing key: webhooks configured with the same requestFrom receive its events'),
	metadata: Metadata.default({}),
	reminderPolicy: ReminderPolicyInput.optional(),
	allowDelegation: z.boolean().optional().describe('Whether a signer may hand their place to another person from the signing page (default false)'),
	locale: Locale.optional().describe(
		describeLocale('The language of the signing page and emails for signers without their own (else the organization\'s, the browser\'s)'),
	),
	redirectUrl: RedirectUrl.optional(),
});
export type CreateWorkflowInput = z.infer<typeof CreateWorkflowInput>;

export const Workflow = z.object({
	id: Id,
	organizationId: Id,
	name: z.string(),
	message: z.string().nullable(),
	status: WorkflowStatus,
	timeZone: z.string(),
	expiresAt: Timestamp.nullable(),
	requestFrom: z.string().nullable(),
	metadata: z.record(z.string(), z.unknown()),
	reminderPolicy: ReminderPolicy.nullable(),
	cancelReason: z.string().nullable(),
	allowDelegation: z.boolean().describe('Whether a signer may hand their place to another person from the signing page'),
	locale: z.string().nullable().describe('The language for signers without their own; null follows the organization and the browser'),
	redirectUrl: z.string().nullable().describe('Where signers without their own go after signing or refusing on a page opened outside a frame'),
	createdAt: Timestamp,
	updatedAt: Timestamp,
	sentAt: Timestamp.nullable(),
	endedAt: Timestamp.nullable().describe('When the workflow reached a final status'),
	test: z.boolean().describe('Made with a test key (sf_test_...): emails no one, its signed PDFs say "TEST - NOT VALID", seen only by test keys'),
	purgedAt: Timestamp.nullable().describe('When its documents were purged (retention or on request); null while they are kept'),
	purgeScope: z.enum(['documents', 'documents_and_personal_data']).nullable().describe('What the purge removed'),
});
export type Workflow = z.infer<typeof Workflow>;

/** A new draft: what the sender chose, with nothing yet sent, ended or purged. */
export function newDraftWorkflow(
	fields: Pick<
		Workflow,
		'organizationId' | 'name' | 'message' | 'timeZone' | 'expiresAt' | 'requestFrom' | 'metadata' | 'reminderPolicy' | 'allowDelegation' | 'locale' | 'test'
	> &
		Partial<Pick<Workflow, 'redirectUrl'>>,
	at: string,
): Workflow {
	return {
		id: newId(),
		...fields,
		redirectUrl: fields.redirectUrl ?? null,
		status: 'draft',
		cancelReason: null,
		createdAt: at,
		updatedAt: at,
		sentAt: null,
		endedAt: null,
		purgedAt: null,
		purgeScope: null,
	};
}

export const CancelWorkflowInput = z.strictObject({
	reason: multiLineText(1000, 1).optional(),
});
export type CancelWorkflowInput = z.infer<typeof CancelWorkflowInput>;

export const ListWorkflowsQuery = z.strictObject({
	status: WorkflowStatus.optional(),
	limit: z.coerce.number().int().min(1).max(100).default(50),
	cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
	q: SearchText.optional().describe('Only workflows whose name contains this text, ignoring case and accents'),
});
export type ListWorkflowsQuery = z.infer<typeof ListWorkflowsQuery>;
