import { ApiClient } from '../helpers/engine/apiClient';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { eventually } from '../helpers/waits';

/*
 * GET /webhooks/{id}/stats against real receivers: what it says is checked against the attempts
 * read back from the delivery log, bucketed and ranked here the way the endpoint documents.
 */

interface Attempt {
	attemptedAt: string;
	statusCode: number | null;
	durationMs: number;
}

/** Nearest rank: the smallest value whose rank r among n has r / n >= p. */
function percentile(sorted: number[], p: number): number {
	return sorted[Math.ceil((p / 100) * sorted.length) - 1];
}

function expectedStats(attempts: Attempt[]) {
	const byHour = new Map<string, Attempt[]>();
	for (const attempt of attempts) byHour.set(attempt.attemptedAt.slice(0, 13), [...(byHour.get(attempt.attemptedAt.slice(0, 13)) ?? []), attempt]);
	const summary = (list: Attempt[]) => {
		const sorted = list.map((attempt) => attempt.durationMs).sort((a, b) => a - b);
		const delivered = list.filter((attempt) => attempt.statusCode !== null && attempt.statusCode >= 200 && attempt.statusCode < 300).length;
		return {
			delivered,
			failed: list.length - delivered,
			latency: sorted.length === 0 ? null : { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) },
		};
	};
	return { hours: new Map([...byHour].map(([hour, list]) => [hour, summary(list)])), total: summary(attempts) };
}

/** Every attempt of a configuration's deliveries, of live or test events, read back from the API. */
async function attemptsOf(api: ApiClient, webhookId: string, test: boolean): Promise<Attempt[]> {
	const page = await api.get(`/webhooks/${webhookId}/deliveries?limit=200`);
	expect(page.status).toBe(200);
	const attempts: Attempt[] = [];
	for (const delivery of page.body.data.filter((candidate: { payload: { test: boolean } }) => candidate.payload.test === test)) {
		const detail = await api.get(`/deliveries/${delivery.id}`);
		attempts.push(...(detail.body.log as Attempt[]));
	}
	return attempts;
}

async function settled(api: ApiClient, webhookId: string): Promise<void> {
	await eventually(
		() => api.get(`/webhooks/${webhookId}/deliveries?limit=200`),
		(page) => page.body.data.length > 0 && page.body.data.every((delivery: { status: string }) => delivery.status === 'succeeded' || delivery.status === 'dead'),
	);
}

describe('webhook delivery statistics', () => {
	let t: TestEngine;
	const receivers: Receiver[] = [];
	beforeAll(async () => {
		// The failing configuration's dead deliveries must not get it disabled (its later events would be held, never tried).
		t = await startTestEngine({ allowPrivateWebhooks: true, webhookPollIntervalMs: 25, webhookDisableAfterDead: 100 });
	});
	afterAll(async () => {
		await Promise.all(receivers.map((receiver) => receiver.close()));
		await t.destroy();
	});

	const receiver = async () => {
		const started = await startReceiver();
		receivers.push(started);
		return started;
	};

	it('counts attempts by outcome per hour and ranks their latency, as the delivery log says; a test key sees its test events only', async () => {
		const live = t.api;
		const testKey = (await live.post('/api-keys', { name: 'Bac à sable ✏️', mode: 'test' })).body.apiKey as string;
		const test = new ApiClient(t.engine.url, testKey);
		const [healthy, broken] = [await receiver(), await receiver()];
		const DELAYS_MS = [10, 40, 80, 120, 200, 260];
		healthy.respond = (_request, index) => ({ status: 200, delayMs: DELAYS_MS[index % DELAYS_MS.length] });
		broken.respond = () => ({ status: 500, body: 'Internal Server Error' });
		const fast = (await live.post('/webhooks', { name: 'Entrega rápida — 東京', url: healthy.url, events: ['workflow.created'], auth: { type: 'none' } })).body;
		const failing = (await live.post('/webhooks', { name: 'CRM في الرياض', url: broken.url, events: ['workflow.created'], retryIntervals: ['PT0.05S'], auth: { type: 'none' } })).body;

		const names = ['Contrato de Ana María', 'Zoë Ångström', 'عقد الإيجار', '契約書 2026', 'Mietvertrag 🏠'];
		for (const name of names) expect((await live.post('/workflows', { name })).status).toBe(201);
		for (const name of ['Prueba de José', 'テスト']) expect((await test.post('/workflows', { name })).status).toBe(201);
		await Promise.all([settled(live, fast.id), settled(live, failing.id)]);

		for (const [api, mode, webhook, deliveries] of [
			[live, false, fast, names.length],
			[live, false, failing, names.length],
			[test, true, fast, 2],
			[test, true, failing, 2],
		] as const) {
			const attempts = await attemptsOf(live, webhook.id, mode);
			// The failing one: every delivery tried twice (its one retry), then dead.
			expect(attempts).toHaveLength(webhook === failing ? deliveries * 2 : deliveries);
			const expected = expectedStats(attempts);
			for (const range of ['day', 'week'] as const) {
				const stats = await api.get(`/webhooks/${webhook.id}/stats?range=${range}`);
				expect(stats.status).toBe(200);
				expect(stats.body.range).toBe(range);
				expect(stats.body.hours).toHaveLength(range === 'day' ? 24 : 168);
				expect(stats.body.hours[0].hour).toBe(stats.body.from);
				expect(stats.body.hours[stats.body.hours.length - 1].hour.slice(0, 13)).toBe(new Date().toISOString().slice(0, 13));
				for (const bucket of stats.body.hours) {
					const hour = expected.hours.get(bucket.hour.slice(0, 13)) ?? { delivered: 0, failed: 0, latency: null };
					expect({ hour: bucket.hour, ...bucket }).toEqual({ hour: bucket.hour, ...hour, pending: 0 });
				}
				expect(stats.body.total).toEqual({ ...expected.total, pending: 0 });
			}
		}
		// The healthy receiver's delays show in the ranks: the slowest answer took 260 ms.
		const whole = (await live.get(`/webhooks/${fast.id}/stats?range=day`)).body.total;
		expect(whole).toMatchObject({ delivered: names.length, failed: 0 });
		expect(whole.latency.p99).toBeGreaterThanOrEqual(200);
		expect(whole.latency.p50).toBeGreaterThanOrEqual(40);
		expect(whole.latency.p50).toBeLessThan(whole.latency.p99);
		expect((await live.get(`/webhooks/${failing.id}/stats`)).body.total).toMatchObject({ delivered: 0, failed: names.length * 2, pending: 0 });
	});

	it('counts a delivery still in flight as pending in the hour it was made', async () => {
		const held = await receiver();
		let release: () => void = () => undefined;
		const gate = new Promise<void>((resolve) => (release = resolve));
		held.respond = () => ({ status: 200, after: gate });
		const webhook = (await t.api.post('/webhooks', { name: 'Lenta — Çağrı', url: held.url, events: ['workflow.created'], auth: { type: 'none' } })).body;
		await t.api.post('/workflows', { name: 'Ожидание' });
		await held.waitFor(1);
		try {
			const stats = await t.api.get(`/webhooks/${webhook.id}/stats?range=day`);
			expect(stats.body.total).toEqual({ delivered: 0, failed: 0, pending: 1, latency: null });
			const [delivery] = (await t.api.get(`/webhooks/${webhook.id}/deliveries`)).body.data;
			const hour = stats.body.hours.find((bucket: { hour: string }) => bucket.hour.slice(0, 13) === delivery.createdAt.slice(0, 13));
			expect(hour).toMatchObject({ pending: 1, delivered: 0 });
		} finally {
			release();
		}
		const done = await eventually(
			() => t.api.get(`/webhooks/${webhook.id}/stats?range=day`),
			(stats) => stats.body.total.delivered === 1,
		);
		expect(done.body.total).toMatchObject({ delivered: 1, failed: 0, pending: 0 });
	});

	it('answers 404 to another organization and 422 to a range it does not know', async () => {
		const healthy = await receiver();
		const webhook = (await t.api.post('/webhooks', { name: 'Privé', url: healthy.url, events: ['workflow.created'], auth: { type: 'none' } })).body;
		const { apiKey } = await t.engine.service.createOrganization({ name: 'Another Org Ltd.' });
		const other = t.api.withKey(apiKey);
		const stranger = await other.get(`/webhooks/${webhook.id}/stats?range=day`);
		expect(stranger.status).toBe(404);
		expect(stranger.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });

		for (const range of ['month', 'DAY', '']) {
			const bad = await t.api.get(`/webhooks/${webhook.id}/stats?range=${range}`);
			expect(bad.status).toBe(422);
			expect(bad.body.error).toMatchObject({ code: 'validation_failed', details: [expect.objectContaining({ path: expect.stringContaining('range') })] });
		}
		expect((await t.api.get(`/webhooks/${webhook.id}/stats?range=day&extra=1`)).status).toBe(422);
	});
});
