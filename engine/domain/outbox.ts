/*
 * The records of the outboxes: work committed with a transition and done
 * after it (sealing, webhook deliveries, emails). Plain data; the store keeps
 * them and the workers in finalize/, webhooks/ and mail/ carry them out.
 */

/** The body of a webhook, except what changes per attempt (retryCount) or per configuration. */
export interface WebhookPayload {
	event: string;
	uri: string;
	apiVersion: 'v1';
	generatedDateTime: string;
	/** True for the events of a test workflow (made with a test key); false for every other event. */
	test: boolean;
	data: Record<string, unknown>;
}

/** Outbox work (a delivery, a finalization job) written claimed by the process that will do it: until when, and by which claim. */
export interface OutboxClaim {
	claimedUntil: string;
	claimedBy: string;
}

/** Work left after completion: stamp, certify and seal every file, then announce workflow.completed. */
export interface FinalizationJob {
	workflowId: string;
	organizationId: string;
	status: 'pending' | 'done' | 'failed';
	attempts: number;
	nextAttemptAt: string;
	lastError: string | null;
	createdAt: string;
	finishedAt: string | null;
}

export type DeliveryStatus = 'pending' | 'delivering' | 'succeeded' | 'dead';

/** One event for one webhook configuration: the unit that is sent, retried and logged. */
export interface Delivery {
	/** msg_...: also the webhook-id header, the same on every attempt. */
	id: string;
	organizationId: string;
	webhookId: string;
	eventId: string;
	eventType: string;
	payload: WebhookPayload;
	status: DeliveryStatus;
	/** Attempts in the current retry schedule; a replay starts a new schedule. */
	attempts: number;
	/** All attempts ever: the retryCount of the next one. */
	totalAttempts: number;
	nextAttemptAt: string;
	/** While a dispatcher holds it ('delivering'): until when, and which dispatcher (a token drawn at its start). */
	claimedUntil: string | null;
	claimedBy: string | null;
	lastStatusCode: number | null;
	lastError: string | null;
	createdAt: string;
	deliveredAt: string | null;
}

export interface DeliveryAttempt {
	id: string;
	deliveryId: string;
	organizationId: string;
	attemptedAt: string;
	statusCode: number | null;
	durationMs: number;
	error: string | null;
	/** The first 4 KB of the response body. */
	responseBody: string | null;
}

export type EmailKind =
	| 'invitation'
	| 'reminder'
	| 'completed'
	| EndingEmailKind
	| 'webhook_disabled'
	| 'finalization_failed'
	| 'verification_code';

/** Emails telling the parties a sent workflow ended without completing: their links are dead. */
export type EndingEmailKind = 'refused' | 'expired' | 'cancelled';
export const ENDING_EMAIL_KINDS: readonly EmailKind[] = ['refused', 'expired', 'cancelled'] satisfies EndingEmailKind[];

/** Emails to the organization's admin rather than to a signer. */
export type AlertEmailKind = 'webhook_disabled' | 'finalization_failed';
export const ALERT_EMAIL_KINDS: readonly EmailKind[] = ['webhook_disabled', 'finalization_failed'] satisfies AlertEmailKind[];

export interface OutboxEmail {
	id: string;
	organizationId: string;
	/** Emails to signers name their workflow and signer; alerts name a recipient instead. */
	workflowId: string | null;
	signerId: string | null;
	recipient: string | null;
	data: Record<string, unknown> | null;
	kind: EmailKind;
	status: 'pending' | 'sent' | 'failed' | 'skipped';
	attempts: number;
	nextAttemptAt: string;
	lastError: string | null;
	createdAt: string;
	sentAt: string | null;
}

/** Latency percentiles of webhook attempts, in milliseconds (nearest rank). */
export interface LatencyPercentiles {
	p50: number;
	p95: number;
	p99: number;
}

/**
 * A configuration's attempts and waiting deliveries in one hour (UTC, `YYYY-MM-DDTHH`): attempts
 * answered 2xx (delivered) or not (failed: another status, a timeout, a network error), deliveries
 * made in that hour still waiting for their first attempt or a retry (pending), and the latency
 * of that hour's attempts (null without any).
 */
export interface DeliveryStatsBucket {
	hour: string;
	delivered: number;
	failed: number;
	pending: number;
	latency: LatencyPercentiles | null;
}

/** The hourly buckets that have anything in them, and the whole range's totals. */
export interface DeliveryStatsRows {
	hours: DeliveryStatsBucket[];
	total: Omit<DeliveryStatsBucket, 'hour'>;
}
