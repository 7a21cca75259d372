import { routeEvent, type WebhookConfig } from '../../../engine/domain';
import type { Delivery } from '../../../engine/domain';
import { applyAttempt, DEFAULT_DISABLE_POLICY, disableReasonText } from '../../../engine/webhooks/outcome';
import { aWebhookConfig } from '../../helpers/engine/builders';

const NOW = new Date('2026-11-23T12:00:00.000Z');

function config(overrides: Partial<WebhookConfig> = {}): WebhookConfig {
	return aWebhookConfig({ createdAt: NOW.toISOString(), updatedAt: NOW.toISOString(), ...overrides });
}

function delivery(overrides: Partial<Delivery> = {}): Delivery {
	return {
		id: 'msg_1',
		organizationId: 'o',
		webhookId: 'w1',
		eventId: 'e',
		eventType: 'workflow.created',
		payload: { event: 'workflow.created', uri: '/', apiVersion: 'v1', generatedDateTime: NOW.toISOString(), test: false, data: {} },
		status: 'delivering',
		attempts: 0,
		totalAttempts: 0,
		nextAttemptAt: NOW.toISOString(),
		claimedUntil: NOW.toISOString(),
		claimedBy: 'dispatcher-1',
		lastStatusCode: null,
		lastError: null,
		createdAt: NOW.toISOString(),
		deliveredAt: null,
		...overrides,
	};
}

const ok = { statusCode: 204, error: null, retryAfterMs: null };
const fail = { statusCode: 503, error: null, retryAfterMs: null };

describe('applyAttempt', () => {
	it('delivers on 2xx and clears the failure record', () => {
		const result = applyAttempt(delivery(), config({ consecutiveDead: 3, failingSince: '2026-11-23T10:00:00.000Z' }), ok, NOW, DEFAULT_DISABLE_POLICY);
		expect(result.delivery).toMatchObject({ status: 'succeeded', attempts: 1, totalAttempts: 1, deliveredAt: NOW.toISOString(), claimedUntil: null });
		expect(result.webhook).toMatchObject({ consecutiveDead: 0, failingSince: null, lastSuccessAt: NOW.toISOString() });
		expect(result.disable).toBeNull();
	});

	it('retries on the schedule, and a Retry-After that asks for longer wins', () => {
		const first = applyAttempt(delivery(), config(), fail, NOW, DEFAULT_DISABLE_POLICY);
		expect(first.delivery).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: '2026-11-23T12:00:05.000Z', lastError: 'The receiver answered 503.' });
		expect(first.webhook.failingSince).toBe(NOW.toISOString());
		const later = applyAttempt(delivery(), config(), { ...fail, statusCode: 429, retryAfterMs: 60_000 }, NOW, DEFAULT_DISABLE_POLICY);
		expect(later.delivery.nextAttemptAt).toBe('2026-11-23T12:01:00.000Z');
		const network = applyAttempt(delivery(), config(), { statusCode: null, error: 'ECONNREFUSED', retryAfterMs: null }, NOW, DEFAULT_DISABLE_POLICY);
		expect(network.delivery).toMatchObject({ status: 'pending', lastError: 'ECONNREFUSED', lastStatusCode: null });
	});

	it('makes a delivery dead when its schedule is used up, counting it against the configuration', () => {
		const result = applyAttempt(delivery({ attempts: 2, totalAttempts: 2 }), config({ consecutiveDead: 1 }), fail, NOW, DEFAULT_DISABLE_POLICY);
		expect(result.delivery).toMatchObject({ status: 'dead', attempts: 3, totalAttempts: 3 });
		expect(result.webhook.consecutiveDead).toBe(2);
		expect(result.disable).toBeNull();
	});

	it('disables after N dead deliveries in a row, after failing too long, and at once on 410', () => {
		const dead = applyAttempt(delivery({ attempts: 2 }), config({ consecutiveDead: 4 }), fail, NOW, DEFAULT_DISABLE_POLICY).disable;
		expect(dead).toEqual({ kind: 'dead_in_a_row', deliveries: 5 });
		expect(disableReasonText(dead!)).toMatch(/5 deliveries in a row/);
		const failing = applyAttempt(delivery(), config({ failingSince: '2026-11-22T11:59:59.000Z' }), fail, NOW, DEFAULT_DISABLE_POLICY).disable;
		expect(failing).toEqual({ kind: 'failing_for', hours: 24 });
		expect(disableReasonText(failing!)).toMatch(/No delivery succeeded for 24 h/);
		const gone = applyAttempt(delivery(), config(), { ...fail, statusCode: 410 }, NOW, DEFAULT_DISABLE_POLICY);
		expect(gone.delivery.status).toBe('dead');
		expect(gone.disable).toEqual({ kind: 'gone' });
		expect(disableReasonText(gone.disable!)).toMatch(/410 Gone/);
	});
});

describe('routeEvent', () => {
	const hr = config({ id: 'hr', requestFrom: 'HR', events: ['workflow.completed'] });
	const crm = config({ id: 'crm', requestFrom: 'CRM' });
	const fallback = config({ id: 'default' });
	const off = config({ id: 'off', enabled: false, disabledBy: 'user' });
	const held = config({ id: 'held', enabled: false, disabledBy: 'engine' });
	const ids = (configs: WebhookConfig[]) => configs.map((c) => c.id);
	const all = [hr, crm, fallback, off, held];

	it('sends a workflow with a known requestFrom to the matching configurations only, filtered by event', () => {
		expect(ids(routeEvent({ type: 'workflow.completed', workflowId: 'w' }, 'HR', all))).toEqual(['hr']);
		expect(ids(routeEvent({ type: 'workflow.sent', workflowId: 'w' }, 'HR', all))).toEqual([]);
		expect(ids(routeEvent({ type: 'workflow.sent', workflowId: 'w' }, 'CRM', all))).toEqual(['crm']);
	});

	it('falls back to the configurations without requestFrom, including ones held for failing, never user-disabled ones', () => {
		expect(ids(routeEvent({ type: 'workflow.sent', workflowId: 'w' }, null, all))).toEqual(['default', 'held']);
		expect(ids(routeEvent({ type: 'workflow.sent', workflowId: 'w' }, 'Unknown', all))).toEqual(['default', 'held']);
	});

	it('sends organization events to every configuration that takes them', () => {
		expect(ids(routeEvent({ type: 'webhook.disabled', workflowId: null }, null, all))).toEqual(['crm', 'default', 'held']);
	});
});
