import { Webhook } from 'standardwebhooks';
import type { ApiClient } from '../helpers/engine/apiClient';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { TEST_DB } from '../helpers/engine/testDatabase';
import { until } from '../helpers/waits';

type Delivered = { id: string; status: string; totalAttempts: number; lastStatusCode: number };

/*
 * The dispatcher claims in large batches, stores outcomes in multi-row batches
 * and opens each configuration's secret once: what that must not change.
 */

const NAMES = ['Contrat de travail — Zoë Müller', 'Cafe\u0301 crème', 'عقد العمل', '雇用契約書', 'Offer 🎉 letter'];

/** Creates `count` workflows from `clients` concurrent API clients; answers the ids. */
async function createMany(api: ApiClient, count: number, clients: number): Promise<string[]> {
	const ids: string[] = [];
	let next = 0;
	await Promise.all(
		Array.from({ length: clients }, async () => {
			while (next < count) {
				const index = next++;
				const response = await api.post('/workflows', { name: `${NAMES[index % NAMES.length]} ${index}` });
				expect(response.status).toBe(201);
				ids.push(response.body.id);
			}
		}),
	);
	return ids;
}

describe(`webhook delivery in batches, on ${TEST_DB}`, () => {
	let t: TestEngine;
	let receiver: Receiver;
	beforeAll(async () => {
		t = await startTestEngine({ allowPrivateWebhooks: true, webhookPollIntervalMs: 50 });
	});
	afterAll(() => t.destroy());
	beforeEach(async () => {
		receiver = await startReceiver();
	});
	afterEach(() => receiver.close());

	it('delivers a burst to one endpoint exactly once per event, each correctly signed', async () => {
		const { api } = await t.newOrganization(`Burst Org ${TEST_DB}`);
		const config = (await api.post('/webhooks', { name: 'Burst', url: receiver.url, events: ['workflow.created'] })).body;
		const workflowIds = await createMany(api, 300, 16);

		await receiver.waitFor(300, 60_000);
		// Every outcome stored: a delivery still claimed could otherwise be sent again.
		const deliveries = await until(
			() => api.listAll<Delivered>(`/webhooks/${config.id}/deliveries`),
			(list) => list.length === 300 && list.every((delivery) => delivery.status === 'succeeded'),
			60_000,
		);
		expect(deliveries.filter((delivery) => delivery.status === 'succeeded')).toHaveLength(300);
		expect(deliveries.every((delivery) => delivery.totalAttempts === 1 && delivery.lastStatusCode === 200)).toBe(true);

		expect(receiver.received).toHaveLength(300);
		const webhookIds = receiver.received.map((request) => request.headers['webhook-id']);
		expect(new Set(webhookIds).size).toBe(300);
		expect(new Set(webhookIds)).toEqual(new Set(deliveries.map((delivery) => delivery.id)));
		expect(new Set(receiver.received.map((request) => request.body.data.workflowId))).toEqual(new Set(workflowIds));
		const verifier = new Webhook(config.secret);
		for (const request of receiver.received) {
			const verified = verifier.verify(request.raw, request.headers as Record<string, string>) as { data: { name: string } };
			// Names are stored in NFC: the decomposed é arrives composed.
			expect(NAMES.some((name) => verified.data.name.startsWith(name.normalize('NFC')))).toBe(true);
		}
	}, 120_000);

	it('uses a rotated secret and changed headers for the next delivery, and stops sending to a removed configuration', async () => {
		const { api } = await t.newOrganization(`Rotation Org ${TEST_DB}`);
		const created = (await api.post('/webhooks', { name: 'Rotating', url: receiver.url, events: ['workflow.created'], headers: { 'x-team': 'Ressources humaines' } })).body;
		await api.post('/workflows', { name: 'Avant la rotation' });
		const [before] = await receiver.waitFor(1);
		expect(new Webhook(created.secret).verify(before.raw, before.headers as Record<string, string>)).toMatchObject({ data: { name: 'Avant la rotation' } });
		expect(before.headers['x-team']).toBe('Ressources humaines');

		const rotated = (await api.request('PATCH', `/webhooks/${created.id}`, { json: { auth: { type: 'hmac' }, headers: { 'x-team': 'Finance' } } })).body;
		expect(rotated.secret).not.toBe(created.secret);
		await api.post('/workflows', { name: 'Après la rotation' });
		await receiver.waitFor(2);
		const after = receiver.received[1];
		expect(after.body.data.name).toBe('Après la rotation');
		expect(new Webhook(rotated.secret).verify(after.raw, after.headers as Record<string, string>)).toMatchObject({ data: { name: 'Après la rotation' } });
		expect(() => new Webhook(created.secret).verify(after.raw, after.headers as Record<string, string>)).toThrow();
		expect(after.headers['x-team']).toBe('Finance');

		// Basic auth instead: the password, not the old HMAC secret, goes with the next one.
		await api.request('PATCH', `/webhooks/${created.id}`, { json: { auth: { type: 'basic', username: 'crm', password: 'pâté-😀' } } });
		await api.post('/workflows', { name: 'En basic' });
		await receiver.waitFor(3);
		expect(receiver.received[2].headers.authorization).toBe(`Basic ${Buffer.from('crm:pâté-😀').toString('base64')}`);
		expect(receiver.received[2].headers['webhook-signature']).toBeUndefined();

		expect((await api.request('DELETE', `/webhooks/${created.id}`)).status).toBe(204);
		const other = await startReceiver();
		try {
			// An event after the removal reaches another configuration but not the removed one.
			await api.post('/webhooks', { name: 'Still here', url: other.url, events: ['workflow.created'], auth: { type: 'none' } });
			await api.post('/workflows', { name: 'Après la suppression' });
			await other.waitFor(1);
			expect(other.received[0].body.data.name).toBe('Après la suppression');
			expect(receiver.received).toHaveLength(3);
		} finally {
			await other.close();
		}
	}, 60_000);

	it('logs every attempt of a burst whose first attempts fail, with the right counts', async () => {
		const { api } = await t.newOrganization(`Flaky Org ${TEST_DB}`);
		const seen = new Set<string>();
		// The first attempt of each delivery fails, alternately with 503 and 429; the retry succeeds.
		receiver.respond = (request, index) => {
			const id = String(request.headers['webhook-id']);
			if (seen.has(id)) return { status: 204 };
			seen.add(id);
			return index % 2 ? { status: 429, body: 'trop de requêtes' } : { status: 503, body: 'en maintenance' };
		};
		const config = (await api.post('/webhooks', { name: 'Flaky', url: receiver.url, events: ['workflow.created'], retryIntervals: ['PT0.2S', 'PT0.2S'] })).body;
		await createMany(api, 120, 8);

		const deliveries = await until(
			() => api.listAll<Delivered>(`/webhooks/${config.id}/deliveries`),
			(list) => list.length === 120 && list.every((delivery) => delivery.status === 'succeeded'),
			60_000,
		);
		expect(deliveries.map((delivery) => [delivery.status, delivery.totalAttempts, delivery.lastStatusCode])).toEqual(
			Array.from({ length: 120 }, () => ['succeeded', 2, 204]),
		);
		expect(receiver.received).toHaveLength(240);
		for (const delivery of deliveries.filter((_, index) => index % 10 === 0)) {
			const detail = (await api.get(`/deliveries/${delivery.id}`)).body;
			expect(detail.log.map((attempt: { statusCode: number }) => attempt.statusCode)).toEqual([expect.any(Number), 204]);
			expect([503, 429]).toContain(detail.log[0].statusCode);
			expect(detail.log[0].responseBody).toBe(detail.log[0].statusCode === 503 ? 'en maintenance' : 'trop de requêtes');
		}
	}, 120_000);
});
