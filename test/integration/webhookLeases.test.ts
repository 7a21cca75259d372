import { rmSync } from 'node:fs';
import { withDatabase } from '../helpers/engine/database';
import { startTestEngine, tempDataDir, type TestEngine } from '../helpers/engine/engine';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { describeOnly } from '../helpers/engine/storeOnly';
import { dropDatabaseOf } from '../helpers/engine/testDatabase';
import { until } from '../helpers/waits';

/*
 * A webhook delivery's claim is a short lease that its dispatcher renews while it holds the
 * delivery, and names the dispatcher that holds it. So a slow receiver does not get the same
 * delivery again from a claim pass that found the lease over, and a dispatcher that lost a claim
 * (it stalled past the lease, another took the delivery) stores nothing over the new holder's.
 */

/**
 * Short enough that a few leases pass while a request is held; renewed every 500 ms, so a test
 * process stalled for most of a second on a loaded machine still renews in time (600 ms, renewed
 * every 200 ms, lost a lease to such a stall once and sent the held delivery twice).
 */
const LEASE_MS = 1500;

interface DeliveryRow {
	id: string;
	status: string;
	attempts: number;
	claimed_by: string | null;
}

describe('webhook delivery leases', () => {
	let t: TestEngine;
	let receiver: Receiver;
	let release: () => void;

	beforeEach(async () => {
		receiver = await startReceiver();
		const held = new Promise<void>((resolve) => (release = resolve));
		// Every request stays in flight until release().
		receiver.respond = () => ({ status: 200, after: held });
		t = await startTestEngine({ allowPrivateWebhooks: true, deliveryLeaseMs: LEASE_MS, webhookPollIntervalMs: 100 });
	});

	afterEach(async () => {
		release();
		await t.destroy();
		await receiver.close();
	});

	async function firstDelivery(): Promise<{ webhookId: string; deliveryId: string }> {
		const config = (await t.api.post('/webhooks', { name: 'Relecture lente · 慢い受信 🐢', url: receiver.url, events: ['workflow.created'], auth: { type: 'none' } }))
			.body;
		await t.api.post('/workflows', { name: 'Contrat de Zoë — عقد 📝' });
		const [request] = await until(() => receiver.received, (received) => received.length >= 1, 10_000);
		return { webhookId: config.id, deliveryId: String(request.headers['webhook-id']) };
	}

	async function deliveryRow(deliveryId: string): Promise<DeliveryRow> {
		const [row] = await withDatabase(t.dataDir, (database) =>
			database.all<DeliveryRow>('select id, status, attempts, claimed_by from deliveries where id = ?', [deliveryId]),
		);
		return { ...row, attempts: Number(row.attempts) };
	}

	it('keeps a delivery held for many leases while its receiver answers: it is sent once', async () => {
		const { webhookId, deliveryId } = await firstDelivery();
		// Eight leases, with a claim pass every 100 ms that would take back a claim left to run out.
		const heldUntil = Date.now() + 8 * LEASE_MS;
		await until(() => Date.now(), (now) => now >= heldUntil, 20_000);
		expect(receiver.received.map((request) => request.headers['webhook-id'])).toEqual([deliveryId]);
		expect((await deliveryRow(deliveryId)).status).toBe('delivering');

		release();
		const done = await until(
			async () => (await t.api.get(`/webhooks/${webhookId}/deliveries`)).body.data as Array<{ id: string; status: string }>,
			(list) => list.every((delivery) => delivery.status === 'succeeded'),
			10_000,
		);
		expect(done.map((delivery) => delivery.id)).toEqual([deliveryId]);
		expect(receiver.received).toHaveLength(1);
	});

	it('stores nothing over a delivery whose claim another holder took while the attempt was in flight', async () => {
		const { webhookId, deliveryId } = await firstDelivery();
		// Another dispatcher takes the delivery over, as if this one had stalled past its lease.
		const leaseUntil = new Date(Date.now() + 3600_000).toISOString();
		await withDatabase(t.dataDir, (database) =>
			database.run("update deliveries set claimed_by = ?, claimed_until = ? where id = ? and status = 'delivering'", ['dispatcher-ñ-🦉', leaseUntil, deliveryId]),
		);

		release();
		// The attempt happened: it is logged. Its outcome is not the delivery's any more.
		await until(() => attemptsLogged(deliveryId), (count) => count === 1, 10_000);
		expect(await deliveryRow(deliveryId)).toEqual({ id: deliveryId, status: 'delivering', attempts: 0, claimed_by: 'dispatcher-ñ-🦉' });
		// Nor does it count for the configuration's health: the new holder's attempt will.
		const health = await withDatabase(t.dataDir, (database) => database.all('select last_success_at from webhooks where id = ?', [webhookId]));
		expect(health).toEqual([{ last_success_at: null }]);
	});

	async function attemptsLogged(deliveryId: string): Promise<number> {
		const [row] = await withDatabase(t.dataDir, (database) =>
			database.all<{ n: number }>('select cast(count(*) as integer) as n from delivery_attempts where delivery_id = ?', [deliveryId]),
		);
		return Number(row.n);
	}
});

describeOnly('postgres', 'several engine processes share one database only on PostgreSQL; a SQLite file has one')('webhook delivery leases with two engines on one database', () => {
	const dataDir = tempDataDir('leases-two');
	const engines: TestEngine[] = [];
	let receiver: Receiver;

	afterAll(async () => {
		for (const engine of engines) await engine.stop();
		await receiver?.close();
		await dropDatabaseOf(dataDir);
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('sends each delivery once while both engines claim, renew and answer over short leases', async () => {
		receiver = await startReceiver();
		// Some answers take longer than the lease: their claims must be renewed, not taken by the other engine.
		receiver.respond = (_request, index) => ({ status: 200, delayMs: index % 10 === 0 ? 3 * LEASE_MS : 5 });
		for (let index = 0; index < 2; index += 1)
			engines.push(await startTestEngine({ dataDir, allowPrivateWebhooks: true, deliveryLeaseMs: LEASE_MS, webhookPollIntervalMs: 50 }));
		// Each engine's organization has its webhook; both engines send both organizations' deliveries.
		for (const engine of engines)
			await engine.api.post('/webhooks', { name: 'Deux moteurs · 二つ 🔁', url: receiver.url, events: ['workflow.created'], auth: { type: 'none' } });
		const events = 200;
		await Promise.all(
			Array.from({ length: 8 }, async (_, client) => {
				for (let index = client; index < events; index += 8)
					expect((await engines[index % 2].api.post('/workflows', { name: `Commande ${index} – Øre` })).status).toBe(201);
			}),
		);
		const succeeded = () =>
			withDatabase(dataDir, (database) => database.all<{ n: number }>("select cast(count(*) as integer) as n from deliveries where status = 'succeeded'"));
		await until(succeeded, ([row]) => Number(row.n) === events, 60_000);
		for (const engine of engines.splice(0)) await engine.stop();

		const ids = receiver.received.map((request) => String(request.headers['webhook-id']));
		expect(new Set(ids).size).toBe(events);
		expect(ids).toHaveLength(events);
	}, 90_000);
});
