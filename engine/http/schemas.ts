import { z } from 'zod';
import { VerificationResult } from '../app/verification';
import {
	AddAnnotationInput,
	AddSignatureInput,
	AddSignerInput,
	Annotation,
	AuditEvent,
	CancelWorkflowInput,
	CreateWorkflowInput,
	FinalizationState,
	Branding,
	ApiKeyInfo,
	CreateApiKeyInput,
	Organization,
	SignatureFieldView,
	SignerView,
	UpdateBrandingInput,
	Workflow,
	WorkflowFile,
	AddFileJsonInput,
	Base64Content,
	CreateWebhookInput,
	ReassignInput,
	ReissueInput,
	UpdateWebhookInput,
	WebhookView,
	UpdateAnnotationInput,
	UpdateSignatureInput,
	UpdateSignerInput,
	UpdateWorkflowInput,
} from '../domain';
import { named } from './openapi';

/* The request and response shapes of the REST API, named for the OpenAPI document. */

export const WorkflowBody = named('CreateWorkflowRequest', CreateWorkflowInput);
export const CancelBody = named('CancelWorkflowRequest', CancelWorkflowInput);
export const FileBody = named('AddFileRequest', AddFileJsonInput);
export const SignerBody = named('AddSignerRequest', AddSignerInput);
export const ReassignBody = named('ReassignSignerRequest', ReassignInput);
export const ReissueBody = named('ReissueSigningLinkRequest', ReissueInput);
export const ReissuedSignerResponse = named(
	'ReissuedSigner',
	SignerView.extend({
		accessCode: z.string().optional().describe('The access code the engine made for the new link (after a lock, when none was given): shown only now'),
	}),
);
export const SignatureBody = named('AddSignatureRequest', AddSignatureInput);
export const AnnotationBody = named('AddAnnotationRequest', AddAnnotationInput);
export const UpdateWorkflowBody = named('UpdateWorkflowRequest', UpdateWorkflowInput);
export const UpdateSignerBody = named('UpdateSignerRequest', UpdateSignerInput);
export const UpdateSignatureBody = named('UpdateSignatureRequest', UpdateSignatureInput);
export const UpdateAnnotationBody = named('UpdateAnnotationRequest', UpdateAnnotationInput);
export const BrandingBody = named('UpdateInterfaceRequest', UpdateBrandingInput);

export const WorkflowResponse = named('Workflow', Workflow);
export const WorkflowDetailResponse = named(
	'WorkflowDetail',
	Workflow.extend({
		files: z.array(WorkflowFile),
		signers: z.array(SignerView),
		signatures: z.array(SignatureFieldView),
		annotations: z.array(Annotation),
		finalization: FinalizationState.nullable(),
	}),
);
export const WorkflowListResponse = named(
	'WorkflowList',
	z.object({
		data: z.array(Workflow),
		nextCursor: z.string().nullable().describe('Pass as cursor to get the next page; null on the last page'),
	}),
);
export const FileResponse = named('File', WorkflowFile);
export const AddedFileResponse = named(
	'AddedFile',
	WorkflowFile.extend({
		textTagFields: z
			.object({ signatures: z.array(SignatureFieldView), annotations: z.array(Annotation) })
			.optional()
			.describe('With textTags: the signature fields and annotations the text tags made, in page and reading order'),
	}),
);
export const SignerResponse = named('Signer', SignerView);
export const SignatureResponse = named('Signature', SignatureFieldView);
export const AnnotationResponse = named('Annotation', Annotation);
const anchorFields = (field: z.ZodType) =>
	z.array(field).optional().describe('With an anchor: every field the anchor placed, this one first (one per occurrence when no occurrence is given)');
export const AddedSignatureResponse = named('AddedSignature', SignatureFieldView.extend({ anchorFields: anchorFields(SignatureFieldView) }));
export const AddedAnnotationResponse = named('AddedAnnotation', Annotation.extend({ anchorFields: anchorFields(Annotation) }));
export const BrandingResponse = named('Interface', Branding);
export const AuditTrailResponse = named(
	'AuditTrail',
	z.object({
		workflowId: z.uuid(),
		events: z.array(AuditEvent),
		chain: z.object({
			intact: z.boolean().describe('True when every event links to the one before and matches its hash'),
			brokenAt: z.object({ eventId: z.string(), sequence: z.int(), reason: z.string() }).nullable(),
			headHash: z.string().nullable().describe('Hash of the newest event'),
		}),
	}),
);
export const EmailListResponse = named(
	'EmailList',
	z.object({
		data: z.array(
			z.object({
				id: z.uuid(),
				workflowId: z.uuid().nullable(),
				signerId: z.uuid().nullable(),
				kind: z.enum(['invitation', 'reminder', 'completed', 'refused', 'expired', 'cancelled', 'webhook_disabled', 'finalization_failed', 'verification_code']),
				status: z.enum(['pending', 'sent', 'failed', 'skipped']),
				attempts: z.int(),
				nextAttemptAt: z.string(),
				lastError: z.string().nullable(),
				createdAt: z.string(),
				sentAt: z.string().nullable(),
			}),
		),
	}),
);

export const VerifyBody = named('VerifyRequest', z.strictObject({ name: z.string().optional(), contentBase64: Base64Content }));
export const VerificationResponse = named('Verification', VerificationResult);

export const WebhookBody = named('CreateWebhookRequest', CreateWebhookInput);
export const WebhookUpdateBody = named('UpdateWebhookRequest', UpdateWebhookInput);
export const WebhookResponse = named('Webhook', WebhookView);
export const WebhookCreatedResponse = named(
	'WebhookCreated',
	WebhookView.extend({ secret: z.string().optional().describe('The whsec_ secret of an HMAC configuration: shown only in this answer') }),
);
export const WebhookListResponse = named('WebhookList', z.object({ data: z.array(WebhookView) }));

const DeliverySchema = z.object({
	id: z.string().describe('Also the webhook-id header of every attempt'),
	webhookId: z.uuid(),
	eventId: z.uuid(),
	eventType: z.string(),
	payload: z.record(z.string(), z.unknown()),
	status: z.enum(['pending', 'delivering', 'succeeded', 'dead']),
	attempts: z.int().describe('Attempts in the current retry schedule'),
	totalAttempts: z.int(),
	nextAttemptAt: z.string(),
	lastStatusCode: z.int().nullable(),
	lastError: z.string().nullable(),
	createdAt: z.string(),
	deliveredAt: z.string().nullable(),
});
export const DeliveryResponse = named(
	'Delivery',
	DeliverySchema.extend({
		log: z
			.array(
				z.object({
					id: z.uuid(),
					attemptedAt: z.string(),
					statusCode: z.int().nullable(),
					durationMs: z.int(),
					error: z.string().nullable(),
					responseBody: z.string().nullable().describe('The first 4 KB'),
				}),
			)
			.optional(),
	}),
);
export const DeliveryListResponse = named('DeliveryList', z.object({ data: z.array(DeliverySchema), nextCursor: z.string().nullable() }));
const LatencySchema = z
	.object({ p50: z.int(), p95: z.int(), p99: z.int() })
	.nullable()
	.describe('Latency percentiles of the attempts in milliseconds (nearest rank); null without attempts');
const StatsCounts = {
	delivered: z.int().describe('Attempts answered 2xx'),
	failed: z.int().describe('Attempts answered otherwise, timed out or not connected'),
	pending: z.int().describe('Deliveries made then that still wait for a first attempt or a retry'),
	latency: LatencySchema,
};
export const DeliveryStatsResponse = named(
	'DeliveryStats',
	z.object({
		range: z.enum(['day', 'week']),
		from: z.string().describe('Start of the first hour'),
		to: z.string(),
		hours: z.array(z.object({ hour: z.string().describe('Start of the hour, UTC'), ...StatsCounts })).describe('Every hour of the range, oldest first'),
		total: z.object(StatsCounts),
	}),
);
export const EventListResponse = named(
	'EventList',
	z.object({
		data: z.array(AuditEvent.extend({ cursor: z.string() })),
		nextCursor: z.string().describe('Pass as after= to continue; the same value when there is nothing new yet'),
		hasMore: z.boolean(),
	}),
);

export const ApiKeyBody = named('CreateApiKeyRequest', CreateApiKeyInput);
export const ApiKeyCreatedResponse = named(
	'ApiKeyCreated',
	ApiKeyInfo.extend({ apiKey: z.string().describe('The key itself: shown only in this answer, stored only as a hash') }),
);
export const ApiKeyListResponse = named(
	'ApiKeyList',
	z.object({
		data: z.array(
			ApiKeyInfo.extend({
				revokedAt: z.string().nullable().describe('When it was revoked; null while it works'),
				lastUsedAt: z.string().nullable().describe('When a request last came with it (each engine process writes this once a minute); null: never'),
			}),
		),
	}),
);

export const MeResponse = named(
	'Me',
	z.object({
		organization: Organization,
		apiKey: z.object({ id: z.uuid(), mode: z.enum(['live', 'test']) }),
	}),
);
