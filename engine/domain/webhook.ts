import { randomBytes } from 'node:crypto';
import { Duration } from 'luxon';
import { z } from 'zod';
import { Id, IsoDuration, Timestamp, displayName, singleLineText } from './common';
import { EventType } from './event';

/**
 * Why the engine disabled a webhook configuration: the receiver answered 410 Gone, deliveries in a
 * row used up their attempts, or none succeeded for hours. The API states it in English
 * (webhooks/outcome.ts); the admin's alert says it in the organization's language.
 */
export type WebhookDisableCause = { kind: 'gone' } | { kind: 'dead_in_a_row'; deliveries: number } | { kind: 'failing_for'; hours: number };

export const DEFAULT_RETRY_INTERVALS = ['PT5S', 'PT5M', 'PT30M', 'PT2H', 'PT5H', 'PT10H', 'PT10H'];
export const DEFAULT_TIMEOUT = 'PT15S';

/** Headers the engine sets itself; a configuration cannot override them. */
const RESERVED_HEADERS = /^(host|content-type|content-length|authorization|connection|transfer-encoding|user-agent|webhook-.*|x-organization-id)$/i;

export function generateWebhookSecret(): string {
	return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The key bytes of a `whsec_` secret, as the Standard Webhooks scheme defines them. */
export function webhookSecretKey(secret: string): Buffer {
	return Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
}

const WebhookSecret = z
	.string()
	.regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'Must be whsec_ followed by base64.')
	.refine((secret) => {
		const length = webhookSecretKey(secret).length;
		return length >= 24 && length <= 64;
	}, 'The secret must hold 24 to 64 bytes.');

export const WebhookAuthInput = z.discriminatedUnion('type', [
	z.strictObject({ type: z.literal('none') }),
	z.strictObject({ type: z.literal('basic'), username: z.string().min(1).max(200), password: z.string().min(1).max(500) }),
	z.strictObject({ type: z.literal('hmac'), secret: WebhookSecret.optional().describe('Generated when left out; shown once') }),
]);
export type WebhookAuthInput = z.infer<typeof WebhookAuthInput>;

const durationBetween = (min: number, max: number) =>
	IsoDuration.refine((text) => {
		const ms = Duration.fromISO(text).toMillis();
		return ms >= min && ms <= max;
	}, `Must be between ${min / 1000} s and ${max / 3600_000} h.`);

const WebhookFields = {
	name: displayName(200),
	url: z
		.url({ protocol: /^https?$/, error: 'Must be an http:// or https:// URL.' })
		.max(2000),
	events: z
		.array(z.union([z.literal('*'), EventType]))
		.min(1)
		.describe('Event types to send, or ["*"] for all'),
	requestFrom: singleLineText(100, 1)
		.nullable()
		.describe('Receive the events of workflows created with this requestFrom; leave out for the default configurations'),
	auth: WebhookAuthInput,
	headers: z
		.record(
			z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'Header names are letters, digits and dashes.').refine((name) => !RESERVED_HEADERS.test(name), 'This header is set by the engine.'),
			z.string().max(2000).regex(/^[^\r\n]*$/, 'Header values are one line.'),
		)
		.refine((headers) => Object.keys(headers).length <= 20, 'At most 20 headers.'),
	retryIntervals: z.array(durationBetween(0, 48 * 3600_000)).max(20).describe('ISO 8601 waits between attempts'),
	timeout: durationBetween(1000, 60_000).describe('How long one attempt may take'),
	includeWorkflowSummary: z.boolean().describe('Add the workflow with its signers to every event'),
	enabled: z.boolean(),
};

export const CreateWebhookInput = z.strictObject({
	...WebhookFields,
	events: WebhookFields.events.default(['*']),
	requestFrom: WebhookFields.requestFrom.optional(),
	auth: WebhookFields.auth.default({ type: 'hmac' }),
	headers: WebhookFields.headers.default({}),
	retryIntervals: WebhookFields.retryIntervals.default(DEFAULT_RETRY_INTERVALS),
	timeout: WebhookFields.timeout.default(DEFAULT_TIMEOUT),
	includeWorkflowSummary: WebhookFields.includeWorkflowSummary.default(false),
	enabled: WebhookFields.enabled.default(true),
});
export type CreateWebhookInput = z.infer<typeof CreateWebhookInput>;

export const UpdateWebhookInput = z
	.strictObject(Object.fromEntries(Object.entries(WebhookFields).map(([key, schema]) => [key, schema.optional()])) as {
		[K in keyof typeof WebhookFields]: z.ZodOptional<(typeof WebhookFields)[K]>;
	})
	.refine((input) => Object.keys(input).length > 0, { message: 'Give at least one field to change.' });
export type UpdateWebhookInput = z.infer<typeof UpdateWebhookInput>;

/** A webhook configuration as the engine keeps it (secrets decrypted only when sending). */
export interface WebhookConfig {
	id: string;
	organizationId: string;
	name: string;
	url: string;
	events: string[];
	requestFrom: string | null;
	authType: 'none' | 'basic' | 'hmac';
	authUsername: string | null;
	secretSealed: string | null;
	headersSealed: string;
	retryIntervals: string[];
	timeout: string;
	includeWorkflowSummary: boolean;
	enabled: boolean;
	disabledReason: string | null;
	disabledAt: string | null;
	/** Disabled by the engine for failing (its events are held until it is enabled again) or by a user. */
	disabledBy: 'engine' | 'user' | null;
	consecutiveDead: number;
	failingSince: string | null;
	lastSuccessAt: string | null;
	createdAt: string;
	updatedAt: string;
}

export const WebhookView = z.object({
	id: Id,
	name: z.string(),
	url: z.string(),
	events: z.array(z.string()),
	requestFrom: z.string().nullable(),
	auth: z.object({ type: z.enum(['none', 'basic', 'hmac']), username: z.string().optional() }).describe('Secrets and passwords are never shown again'),
	headers: z.record(z.string(), z.string()).describe('Header names; values are hidden'),
	retryIntervals: z.array(z.string()),
	timeout: z.string(),
	includeWorkflowSummary: z.boolean(),
	enabled: z.boolean(),
	disabledReason: z.string().nullable(),
	disabledAt: Timestamp.nullable(),
	holdsEvents: z.boolean().describe('Disabled for failing: its events are kept and sent once it is enabled again'),
	consecutiveDeadDeliveries: z.int(),
	failingSince: Timestamp.nullable(),
	lastSuccessAt: Timestamp.nullable(),
	createdAt: Timestamp,
	updatedAt: Timestamp,
});
export type WebhookView = z.infer<typeof WebhookView>;

/** Does a configuration take this event type? */
export function subscribes(config: Pick<WebhookConfig, 'events'>, type: string): boolean {
	return config.events.includes('*') || config.events.includes(type);
}

/** A configuration the engine disabled for failing still collects its events, to send them once enabled again. */
export function receivesEvents(config: Pick<WebhookConfig, 'enabled' | 'disabledBy'>): boolean {
	return config.enabled || config.disabledBy === 'engine';
}

/**
 * Which configurations an event goes to. A workflow's events go to the
 * configurations whose requestFrom matches the workflow's; when none does,
 * or the workflow has none, to the configurations without requestFrom.
 * Organization-level events (no workflow) go to every configuration.
 * The event filter applies on top; configurations a user disabled get nothing.
 */
export function routeEvent(
	event: { type: string; workflowId: string | null },
	workflowRequestFrom: string | null,
	configs: readonly WebhookConfig[],
): WebhookConfig[] {
	const enabled = configs.filter(receivesEvents);
	let candidates = enabled;
	if (event.workflowId !== null) {
		const matching = workflowRequestFrom ? enabled.filter((config) => config.requestFrom === workflowRequestFrom) : [];
		candidates = matching.length > 0 ? matching : enabled.filter((config) => config.requestFrom === null);
	}
	return candidates.filter((config) => subscribes(config, event.type));
}

/** Durations parsed once: a configuration's timeout is read for every attempt, and parsing costs more than the attempt's own bookkeeping. */
const parsedDurations = new Map<string, number>();
const MAX_PARSED_DURATIONS = 1000;

export function durationMs(iso: string): number {
	let milliseconds = parsedDurations.get(iso);
	if (milliseconds === undefined) {
		milliseconds = Duration.fromISO(iso).toMillis();
		if (parsedDurations.size >= MAX_PARSED_DURATIONS) parsedDurations.clear();
		parsedDurations.set(iso, milliseconds);
	}
	return milliseconds;
}

