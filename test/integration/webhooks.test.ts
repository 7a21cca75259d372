import { Webhook } from 'standardwebhooks';
import type { ApiClient } from '../helpers/engine/apiClient';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { until } from '../helpers/waits';

let t: TestEngine;
beforeAll(async () => {
	t = await startTestEngine({ allowPrivateWebhooks: true, webhookPollIntervalMs: 50 });
});
afterAll(() => t.destroy());

const eventsOf = (receiver: Receiver) => receiver.received.map((request) => request.body.event as string);

describe('webhook configurations', () => {
	let api: ApiClient;
	let receiver: Receiver;
	beforeAll(async () => {
		api = (await t.newOrganization('Config Org')).api;
		receiver = await startReceiver();
	});
	afterAll(() => receiver.close());

	it('shows an HMAC secret once and never again; hides basic passwords and header values', async () => {
		const hmac = await api.post('/webhooks', { name: 'HR portal', url: receiver.url, events: ['workflow.completed'] });
		expect(hmac.status).toBe(201);
		expect(hmac.body).toMatchObject({
			name: 'HR portal',
			events: ['workflow.completed'],
			auth: { type: 'hmac' },
			retryIntervals: ['PT5S', 'PT5M', 'PT30M', 'PT2H', 'PT5H', 'PT10H', 'PT10H'],
			timeout: 'PT15S',
			enabled: true,
			secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]+=*$/),
		});
		const again = await api.get(`/webhooks/${hmac.body.id}`);
		expect(again.body.secret).toBeUndefined();
		expect(JSON.stringify(again.body)).not.toContain(hmac.body.secret.slice(6));

		const basic = await api.post('/webhooks', {
			name: 'CRM',
			url: receiver.url,
			auth: { type: 'basic', username: 'crm', password: 'hunter2' },
			headers: { 'x-api-key': 'k-123' },
		});
		expect(basic.body).toMatchObject({ auth: { type: 'basic', username: 'crm' }, headers: { 'x-api-key': '(hidden)' } });
		const listed = await api.get('/webhooks');
		expect(JSON.stringify(listed.body)).not.toMatch(/hunter2|k-123/);
		expect(listed.body.data).toHaveLength(2);

		const rotated = await api.request('PATCH', `/webhooks/${hmac.body.id}`, { json: { auth: { type: 'hmac' } } });
		expect(rotated.body.secret).toMatch(/^whsec_/);
		expect(rotated.body.secret).not.toBe(hmac.body.secret);

		expect((await api.request('DELETE', `/webhooks/${basic.body.id}`)).status).toBe(204);
		expect((await api.get(`/webhooks/${basic.body.id}`)).status).toBe(404);
	});

	it.each([
		['an ftp URL', { url: 'ftp://example.com/hook' }, 'validation_failed'],
		['an unknown event', { events: ['workflow.signed'] }, 'validation_failed'],
		['a reserved header', { headers: { 'webhook-signature': 'x' } }, 'validation_failed'],
		['a too short secret', { auth: { type: 'hmac', secret: 'whsec_c2hvcnQ=' } }, 'validation_failed'],
		['a timeout over a minute', { timeout: 'PT5M' }, 'validation_failed'],
		['the cloud metadata address', { url: 'http://169.254.169.254/latest/meta-data' }, 'webhook_url_not_allowed'],
		['a link-local IPv6 address', { url: 'http://[fe80::1]/hook' }, 'webhook_url_not_allowed'],
		['the metadata address through NAT64', { url: 'http://[64:ff9b::a9fe:a9fe]/' }, 'webhook_url_not_allowed'],
		['the metadata address as 6to4', { url: 'http://[2002:a9fe:a9fe::]/' }, 'webhook_url_not_allowed'],
		['the metadata address as IPv4-translated', { url: 'http://[::ffff:0:a9fe:a9fe]/' }, 'webhook_url_not_allowed'],
		['an IETF protocol assignment address', { url: 'http://192.0.0.1/hook' }, 'webhook_url_not_allowed'],
	])('refuses %s', async (_name, change, code) => {
		const response = await api.post('/webhooks', { name: 'x', url: receiver.url, ...change });
		expect({ status: response.status, code: response.body.error?.code }).toEqual({ status: 422, code });
	});

	it('answers 404 for another organization\'s webhook before judging the new URL', async () => {
		const created = await api.post('/webhooks', { name: 'Portail RH – Zoë', url: receiver.url, events: ['workflow.completed'] });
		const other = await t.newOrganization('Autre – 他の組織');
		const unresolvable = { url: 'https://no-such-host.invalid/hook' };
		const foreign = await other.api.request('PATCH', `/webhooks/${created.body.id}`, { json: unresolvable });
		expect({ status: foreign.status, code: foreign.body.error?.code }).toEqual({ status: 404, code: 'webhook_not_found' });
		const own = await api.request('PATCH', `/webhooks/${created.body.id}`, { json: unresolvable });
		expect({ status: own.status, code: own.body.error?.code }).toEqual({ status: 422, code: 'webhook_url_unresolvable' });
	});
});

describe('delivery', () => {
	it('routes by requestFrom across three configurations, filters events, and signs with Standard Webhooks', async () => {
		const { api, organizationId } = await t.newOrganization('Routing Org');
		const [hr, crm, fallback] = [await startReceiver(), await startReceiver(), await startReceiver()];
		try {
			const hrConfig = (await api.post('/webhooks', { name: 'HR', url: hr.url, requestFrom: 'HRPortal', events: ['workflow.created', 'workflow.cancelled'] })).body;
			const crmConfig = (
				await api.post('/webhooks', { name: 'CRM', url: crm.url, requestFrom: 'CRM', auth: { type: 'basic', username: 'crm', password: 'pw' }, headers: { 'x-team': 'sales' } })
			).body;
			const fallbackConfig = (await api.post('/webhooks', { name: 'Default', url: fallback.url, auth: { type: 'none' }, events: ['*'] })).body;

			await api.post('/workflows', { name: 'HR offer', requestFrom: 'HRPortal', metadata: { employee: 7 } });
			await api.post('/workflows', { name: 'CRM deal', requestFrom: 'CRM' });
			await api.post('/workflows', { name: 'No routing' });
			await api.post('/workflows', { name: 'Unknown routing', requestFrom: 'Nobody' });

			await hr.waitFor(1);
			await crm.waitFor(1);
			await fallback.waitFor(2);
			await new Promise((resolve) => setTimeout(resolve, 200));
			expect(hr.received.map((r) => r.body.data.requestFrom)).toEqual(['HRPortal']);
			expect(crm.received.map((r) => r.body.data.requestFrom)).toEqual(['CRM']);
			const fallbackRouting = fallback.received.map((r) => r.body.data.requestFrom);
			expect(fallbackRouting).toHaveLength(2);
			expect(fallbackRouting).toEqual(expect.arrayContaining([null, 'Nobody']));

			// HMAC, checked by the reference Standard Webhooks implementation.
			const [hrRequest] = hr.received;
			const verified = new Webhook(hrConfig.secret).verify(hrRequest.raw, hrRequest.headers as Record<string, string>);
			expect(verified).toMatchObject({ event: 'workflow.created', configurationId: hrConfig.id, retryCount: 0, apiVersion: 'v1' });
			expect(hrRequest.body).toMatchObject({
				uri: expect.stringMatching(/^\/api\/v1\/workflows\//),
				generatedDateTime: expect.any(String),
				data: { organizationId, metadata: { employee: 7 }, sequence: 1, eventId: expect.any(String) },
			});
			expect(hrRequest.headers['x-organization-id']).toBe(organizationId);
			expect(hrRequest.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
			expect(() => new Webhook(hrConfig.secret).verify(hrRequest.raw.replace('HR offer', 'HR offer!'), hrRequest.headers as Record<string, string>)).toThrow();

			const [crmRequest] = crm.received;
			expect(crmRequest.headers.authorization).toBe(`Basic ${Buffer.from('crm:pw').toString('base64')}`);
			expect(crmRequest.headers['x-team']).toBe('sales');
			expect(crmRequest.headers['webhook-signature']).toBeUndefined();
			expect(crmRequest.body.configurationId).toBe(crmConfig.id);
			expect(fallback.received[0].body.configurationId).toBe(fallbackConfig.id);
		} finally {
			await Promise.all([hr.close(), crm.close(), fallback.close()]);
		}
	});

	it('retries a failing receiver on the schedule with the same webhook-id, honouring Retry-After, and logs each attempt', async () => {
		const { api } = await t.newOrganization('Retry Org');
		const receiver = await startReceiver();
		try {
			receiver.respond = (_request, index) =>
				index === 0 ? { status: 503, body: 'down for maintenance' } : index === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 204 };
			const config = (await api.post('/webhooks', { name: 'Flaky', url: receiver.url, events: ['workflow.created'], retryIntervals: ['PT0.1S', 'PT0.1S', 'PT0.1S'] })).body;
			await api.post('/workflows', { name: 'Retry me' });
			const requests = await receiver.waitFor(3);
			expect(requests.map((r) => r.body.retryCount)).toEqual([0, 1, 2]);
			expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
			// The 429 asked for a second: the third attempt waited for it rather than 0.1 s.
			expect(requests[2].at - requests[1].at).toBeGreaterThanOrEqual(950);
			for (const request of requests) new Webhook(config.secret).verify(request.raw, request.headers as Record<string, string>);

			const log = await until(
				() => api.get(`/webhooks/${config.id}/deliveries`),
				(response) => response.body.data[0]?.status === 'succeeded',
			);
			expect(log.body.data[0]).toMatchObject({ status: 'succeeded', totalAttempts: 3, lastStatusCode: 204, eventType: 'workflow.created' });
			const detail = await api.get(`/deliveries/${log.body.data[0].id}`);
			expect(detail.body.log.map((attempt: { statusCode: number }) => attempt.statusCode)).toEqual([503, 429, 204]);
			expect(detail.body.log[0].responseBody).toBe('down for maintenance');
			expect(detail.body.log[0].durationMs).toEqual(expect.any(Number));
			// Exactly the documented fields: no store keys (deliveryId, organizationId) leak into the answer.
			expect(Object.keys(detail.body.log[0]).sort()).toEqual(['attemptedAt', 'durationMs', 'error', 'id', 'responseBody', 'statusCode']);
		} finally {
			await receiver.close();
		}
	});

	it('marks a delivery dead after its last attempt, and replays it with the same webhook-id', async () => {
		const { api } = await t.newOrganization('Dead Org');
		const receiver = await startReceiver();
		try {
			receiver.respond = () => ({ status: 500 });
			const config = (await api.post('/webhooks', { name: 'Broken', url: receiver.url, events: ['workflow.created'], retryIntervals: ['PT0.05S'] })).body;
			await api.post('/workflows', { name: 'Lost?' });
			const dead = await until(
				() => api.get(`/webhooks/${config.id}/deliveries?status=dead`),
				(response) => response.body.data.length === 1,
			);
			expect(dead.body.data[0]).toMatchObject({ status: 'dead', attempts: 2, lastStatusCode: 500 });

			receiver.respond = () => ({ status: 200 });
			const replayed = await api.post(`/deliveries/${dead.body.data[0].id}/replay`);
			expect(replayed.body.status).toBe('pending');
			await receiver.waitFor(3);
			expect(receiver.received[2].headers['webhook-id']).toBe(dead.body.data[0].id);
			expect(receiver.received[2].body.retryCount).toBe(2);
			const done = await until(() => api.get(`/deliveries/${dead.body.data[0].id}`), (response) => response.body.status === 'succeeded');
			expect(done.body.status).toBe('succeeded');
		} finally {
			await receiver.close();
		}
	});

	it('sends a test ping to one configuration only', async () => {
		const { api } = await t.newOrganization('Ping Org');
		const [one, other] = [await startReceiver(), await startReceiver()];
		try {
			const config = (await api.post('/webhooks', { name: 'One', url: one.url, events: ['workflow.completed'] })).body;
			await api.post('/webhooks', { name: 'Other', url: other.url, events: ['*'] });
			const ping = await api.post(`/webhooks/${config.id}/test`);
			expect(ping.status).toBe(202);
			expect(ping.body.deliveryId).toMatch(/^msg_/);
			await one.waitFor(1);
			expect(eventsOf(one)).toEqual(['webhook.test']);
			await new Promise((resolve) => setTimeout(resolve, 200));
			expect(eventsOf(other)).toEqual([]);
		} finally {
			await Promise.all([one.close(), other.close()]);
		}
	});

	it('lists every event of the organization in order for catching up', async () => {
		const { api } = await t.newOrganization('Catch-up Org');
		for (const name of ['A', 'B', 'C']) await api.post('/workflows', { name });
		const first = await api.get('/events?limit=2');
		expect(first.body.data.map((e: { type: string; data: { name: string } }) => e.data.name)).toEqual(['A', 'B']);
		expect(first.body.hasMore).toBe(true);
		const rest = await api.get(`/events?after=${first.body.nextCursor}`);
		expect(rest.body.data.map((e: { data: { name: string } }) => e.data.name)).toEqual(['C']);
		const none = await api.get(`/events?after=${rest.body.nextCursor}`);
		expect(none.body).toEqual({ data: [], nextCursor: rest.body.nextCursor, hasMore: false });
		// Another organization sees none of these.
		expect((await t.api.get('/events?limit=500')).body.data.some((e: { data: { name: string } }) => e.data.name === 'A')).toBe(false);
	});
});
