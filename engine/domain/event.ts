import { z } from 'zod';
import { Id, Timestamp } from './common';

/** Every event the engine records; webhooks and the audit trail speak these names. */
export const EVENT_TYPES = [
	'workflow.created',
	'workflow.sent',
	'workflow.completed',
	'workflow.refused',
	'workflow.expired',
	'workflow.cancelled',
	'workflow.finalization_failed',
	'workflow.finalization_retried',
	'workflow.purged',
	'workflow.discarded',
	'workflow.deleted',
	'workflow.corrected',
	'workflow.resent',
	'workflow.updated',
	'file.added',
	'file.removed',
	'signer.added',
	'signer.updated',
	'signer.removed',
	'signer.invited',
	'signer.viewed',
	'signer.signed',
	'signer.approved',
	'signer.refused',
	'signer.reminded',
	'signer.reissued',
	'signer.reassigned',
	'signer.resent',
	'signer.locked',
	'signer.access_code_failed',
	'signer.verification_sent',
	'signer.verified',
	'signer.verification_failed',
	'signer.delegated',
	'signer.finish_later',
	'signature.added',
	'signature.updated',
	'signature.removed',
	'annotation.added',
	'annotation.updated',
	'annotation.removed',
	'interface.updated',
	'template.created',
	'template.modified',
	'template.deleted',
	'bulk_send.completed',
	'webhook.disabled',
	'webhook.test',
] as const;
export const EventType = z.enum(EVENT_TYPES);
export type EventType = z.infer<typeof EventType>;

export const Actor = z.object({
	type: z.enum(['api_key', 'signer', 'system']),
	id: z.string().nullable(),
});
export type Actor = z.infer<typeof Actor>;

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null };

/** What a transition asks to record; the store adds ids, sequence and hashes. */
export interface PendingEvent {
	type: EventType;
	workflowId: string | null;
	data: Record<string, unknown>;
}

/** Request facts recorded with every event (who, from where). */
export interface EventContext {
	actor: Actor;
	ip: string | null;
	userAgent: string | null;
}

export const AuditEvent = z.object({
	id: Id,
	organizationId: Id,
	workflowId: Id.nullable(),
	sequence: z.int().describe('Position in its workflow\'s trail, from 1'),
	type: EventType,
	actor: Actor,
	ip: z.string().nullable(),
	userAgent: z.string().nullable(),
	createdAt: Timestamp,
	data: z.record(z.string(), z.unknown()),
	prevHash: z.string().nullable(),
	hash: z.string(),
	redactedAt: Timestamp.optional().describe('When a purge blanked its personal data: its hash still links the chain, its content is no longer covered'),
});
export type AuditEvent = z.infer<typeof AuditEvent>;
