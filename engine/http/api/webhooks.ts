import { z } from 'zod';
import type { SignflowService } from '../../app/service';
import { Timestamp, invalid } from '../../domain';
import type { ApiRouter } from '../route';
import {
	DeliveryListResponse,
	DeliveryStatsResponse,
	DeliveryResponse,
	EventListResponse,
	WebhookBody,
	WebhookCreatedResponse,
	WebhookListResponse,
	WebhookResponse,
	WebhookUpdateBody,
} from '../schemas';

export function webhookRoutes(api: ApiRouter, service: SignflowService): void {
	const tag = 'Webhooks';
	const admin = service.webhooks;

	api.define({
		method: 'POST',
		path: '/webhooks',
		operationId: 'createWebhook',
		summary: 'Add a webhook configuration',
		description: 'For an HMAC configuration the answer carries its whsec_ secret, once. Loopback and private addresses are refused unless the operator allows them.',
		tag,
		body: WebhookBody,
		responses: { 201: { description: 'The configuration', schema: WebhookCreatedResponse } },
		handler: ({ principal, body }) => admin.create(principal, body),
	});

	api.define({
		method: 'GET',
		path: '/webhooks',
		operationId: 'listWebhooks',
		summary: "The organization's webhook configurations",
		tag,
		responses: { 200: { description: 'Every configuration', schema: WebhookListResponse } },
		handler: async ({ principal }) => ({ data: await admin.list(principal) }),
	});

	api.define({
		method: 'GET',
		path: '/webhooks/{webhookId}',
		operationId: 'getWebhook',
		summary: 'One webhook configuration, with its health',
		tag,
		responses: { 200: { description: 'The configuration', schema: WebhookResponse } },
		handler: ({ principal, params }) => admin.get(principal, params.webhookId),
	});

	api.define({
		method: 'PATCH',
		path: '/webhooks/{webhookId}',
		operationId: 'updateWebhook',
		summary: 'Change a webhook configuration, or enable it again',
		tag,
		body: WebhookUpdateBody,
		responses: { 200: { description: 'The configuration', schema: WebhookCreatedResponse } },
		handler: ({ principal, params, body }) => admin.update(principal, params.webhookId, body),
	});

	api.define({
		method: 'DELETE',
		path: '/webhooks/{webhookId}',
		operationId: 'deleteWebhook',
		summary: 'Remove a webhook configuration',
		tag,
		responses: { 204: { description: 'Removed' } },
		handler: async ({ principal, params, reply }) => {
			await admin.remove(principal, params.webhookId);
			return reply.status(204).send();
		},
	});

	api.define({
		method: 'POST',
		path: '/webhooks/{webhookId}/test',
		operationId: 'testWebhook',
		summary: 'Send a webhook.test event to this configuration',
		tag,
		responses: { 202: { description: 'Queued; follow it in the delivery log', schema: z.object({ deliveryId: z.string() }) } },
		handler: ({ principal, params, event }) => admin.test(principal, params.webhookId, event),
	});

	api.define({
		method: 'GET',
		path: '/webhooks/{webhookId}/deliveries',
		operationId: 'listDeliveries',
		summary: 'The delivery log of a configuration, newest first',
		tag,
		query: z.strictObject({
			status: z.enum(['pending', 'delivering', 'succeeded', 'dead']).optional(),
			limit: z.coerce.number().int().min(1).max(200).default(50),
			cursor: z.string().regex(/^msg_[0-9a-f]{32}$/).optional(),
		}),
		responses: { 200: { description: 'One page', schema: DeliveryListResponse } },
		handler: ({ principal, params, query }) =>
			admin.deliveries(principal, params.webhookId, { status: query.status, limit: query.limit, before: query.cursor }),
	});

	api.define({
		method: 'GET',
		path: '/webhooks/{webhookId}/stats',
		operationId: 'getWebhookStats',
		summary: 'Deliveries per hour by outcome and latency percentiles over the last day or week',
		description: "Attempts of the key's mode (live or test) bucketed by the hour (UTC) they were made: delivered (2xx) and failed, with p50/p95/p99 latency; pending counts deliveries still waiting, by the hour they were made.",
		tag,
		query: z.strictObject({ range: z.enum(['day', 'week']).default('day') }),
		responses: { 200: { description: 'Every hour of the range', schema: DeliveryStatsResponse } },
		handler: ({ principal, params, query }) => admin.stats(principal, params.webhookId, query.range),
	});

	api.define({
		method: 'POST',
		path: '/webhooks/{webhookId}/replay',
		operationId: 'replayFailedDeliveries',
		summary: 'Send again every failed or dead delivery since a time',
		tag,
		body: z.strictObject({ since: Timestamp }),
		responses: { 200: { description: 'How many were queued again', schema: z.object({ replayed: z.int() }) } },
		handler: ({ principal, params, body }) => admin.replaySince(principal, params.webhookId, body.since),
	});

	api.define({
		method: 'GET',
		path: '/deliveries/{deliveryId}',
		operationId: 'getDelivery',
		summary: 'One delivery with every attempt (status, duration, error, first 4 KB of the answer)',
		tag,
		responses: { 200: { description: 'The delivery', schema: DeliveryResponse } },
		handler: ({ principal, params }) => admin.delivery(principal, params.deliveryId),
	});

	api.define({
		method: 'POST',
		path: '/deliveries/{deliveryId}/replay',
		operationId: 'replayDelivery',
		summary: 'Send one delivery again (same webhook-id)',
		tag,
		responses: { 200: { description: 'Queued again', schema: DeliveryResponse } },
		handler: ({ principal, params }) => admin.replay(principal, params.deliveryId),
	});

	api.define({
		method: 'GET',
		path: '/events',
		operationId: 'listEvents',
		summary: 'Every event of the organization in order, to catch up on missed webhooks',
		tag: 'Events',
		query: z.strictObject({
			after: z.string().max(40).optional().describe('nextCursor of the previous page; leave out to start at the beginning'),
			limit: z.coerce.number().int().min(1).max(500).default(100),
		}),
		responses: { 200: { description: 'Events after the cursor, oldest first', schema: EventListResponse } },
		handler: async ({ principal, query }) => {
			const after = query.after ? decodeCursor(query.after) : 0;
			const page = await service.listEvents(principal, after, query.limit);
			return {
				data: page.events.map(({ seq, ...event }) => ({ ...event, cursor: encodeCursor(seq) })),
				nextCursor: encodeCursor(page.last),
				hasMore: page.more,
			};
		},
	});
}

function encodeCursor(seq: number): string {
	return `evt_${seq.toString(36)}`;
}

function decodeCursor(cursor: string): number {
	const match = /^evt_([0-9a-z]+)$/.exec(cursor);
	const seq = match ? parseInt(match[1], 36) : NaN;
	// Past 2^53 the number is not exact, and past 2^63 PostgreSQL's bigint refuses it with an error.
	if (!Number.isSafeInteger(seq)) throw invalid('invalid_cursor', 'after is not a cursor this API returned.', [{ path: 'after', message: 'Unknown cursor.' }]);
	return seq;
}
