import { rmSync } from 'node:fs';
import { SYSTEM_ACTOR, type Delivery } from '../../engine/domain';
import { CreateWebhookInput, CreateWorkflowInput } from '../../engine/domain';
import { openCore } from '../../engine/runtime/bootstrap';
import { resolveConfig } from '../../engine/runtime/config';
import { DEFAULT_DELIVERY_LEASE_MS } from '../../engine/webhooks/dispatcher';
import { ApiClient } from '../helpers/engine/apiClient';
import { runCli, spawnEngine } from '../helpers/engine/cli';
import { ManualClock } from '../helpers/engine/clock';
import { startTestEngine, tempDataDir, type TestEngine } from '../helpers/engine/engine';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { STORE_NAMES } from '../helpers/engine/storeOnly';
import { TEST_DB, databaseUrlFor, dropDatabaseOf } from '../helpers/engine/testDatabase';
import { eventually } from '../helpers/waits';

type Delivered = { id: string; status: string; totalAttempts: number };

/*
 * The recorder hands new deliveries straight to this process's dispatcher: written already
 * claimed by it ('delivering' with a lease) in the transaction of the event, queued when that
 * transaction commits. What that must keep: a rolled-back transaction sends nothing, a delivery
 * handed over but not sent survives a stop or a kill under its webhook-id, and a backlog of
 * pending deliveries is not overtaken.
 */

/** Where an engine keeps its data: a folder, and on PostgreSQL a database of its own; engines come and go over it. */
async function dataPlace(): Promise<{ dataDir: string; databaseUrl?: string; remove(): Promise<void> }> {
	const dataDir = tempDataDir(`handoff-${TEST_DB}`);
	return {
		dataDir,
		databaseUrl: await databaseUrlFor(dataDir),
		async remove() {
			await dropDatabaseOf(dataDir);
			rmSync(dataDir, { recursive: true, force: true });
		},
	};
}

/** A receiver that holds every answer until release() (the requests stay in flight), then answers 200. */
function holdAnswers(receiver: Receiver): { release(): void } {
	let release = () => undefined as void;
	const held = new Promise<void>((resolve) => (release = resolve));
	let released = false;
	receiver.respond = () => (released ? { status: 200 } : { status: 200, after: held });
	return {
		release() {
			released = true;
			release();
		},
	};
}

/**
 * Records a webhook.test event for one configuration in a transaction of its own, as the API
 * does, and answers the delivery as that transaction wrote it; with `rollBack` the transaction
 * then throws.
 */
async function recordPing(t: TestEngine, organizationId: string, webhookId: string, rollBack = false): Promise<Delivery> {
	let written: Delivery | undefined;
	const done = t.engine.store.transaction(async (repository) => {
		const [event] = await t.engine.recorder.record(repository, {
			organizationId,
			events: [{ type: 'webhook.test', workflowId: null, data: { webhookId, name: 'Ping' } }],
			context: { actor: SYSTEM_ACTOR, ip: null, userAgent: null },
			at: new Date().toISOString(),
			onlyWebhookId: webhookId,
		});
		const recent = await repository.deliveries.listByWebhook(organizationId, webhookId, { limit: 10 });
		written = recent.find((delivery) => delivery.eventId === event.id);
		if (rollBack) throw new Error('rolled back on purpose');
	});
	if (rollBack) await expect(done).rejects.toThrow('rolled back on purpose');
	else await done;
	if (!written) throw new Error('the delivery was not written');
	return written;
}

const ids = (receiver: Receiver) => receiver.received.map((request) => String(request.headers['webhook-id']));

describe(`webhook handoff, on ${STORE_NAMES[TEST_DB]}`, () => {
	let place: Awaited<ReturnType<typeof dataPlace>>;
	let receiver: Receiver;
	beforeEach(async () => {
		place = await dataPlace();
		receiver = await startReceiver();
	});
	afterEach(async () => {
		await receiver.close();
		await place.remove();
	});

	it('writes a new delivery claimed and sends it after the commit; a rolled-back transaction sends nothing and gives its room back', async () => {
		const t = await startTestEngine({ dataDir: place.dataDir, databaseUrl: place.databaseUrl, allowPrivateWebhooks: true });
		try {
			const config = (await t.api.post('/webhooks', { name: 'Handoff', url: receiver.url, events: ['workflow.created'], auth: { type: 'none' } })).body;
			// The handoff opens once the dispatcher's first claim found nothing due.
			const first = await eventually(
				() => recordPing(t, t.organizationId, config.id),
				(delivery) => delivery.status === 'delivering',
			);
			expect(first.claimedUntil).not.toBeNull();
			expect(Date.parse(first.claimedUntil!)).toBeGreaterThan(Date.now());
			const committed = (await t.api.listAll<Delivered>(`/webhooks/${config.id}/deliveries`)).map((delivery) => delivery.id);
			await eventually(() => ids(receiver), (received) => committed.every((id) => received.includes(id)));

			// Concurrent ones, which on SQLite share one commit: the odd ones roll back alone.
			const mixed = await Promise.all(Array.from({ length: 20 }, (_, index) => recordPing(t, t.organizationId, config.id, index % 2 === 1)));
			expect(mixed.map((delivery) => delivery.status)).toEqual(mixed.map(() => 'delivering'));
			const kept = mixed.filter((_, index) => index % 2 === 0).map((delivery) => delivery.id);
			const rolledBack = mixed.filter((_, index) => index % 2 === 1).map((delivery) => delivery.id);
			await eventually(() => ids(receiver), (received) => kept.every((id) => received.includes(id)));
			// A delivery is queued only once its transaction committed: the rolled-back ones never go out, and have no row.
			expect(ids(receiver).filter((id) => rolledBack.includes(id))).toEqual([]);

			// More rolled back than a configuration's queue may hold: each one still finds room, so none kept its reservation.
			for (let index = 0; index < 150; index += 1) {
				const delivery = await recordPing(t, t.organizationId, config.id, true);
				expect([delivery.status, delivery.claimedUntil === null]).toEqual(['delivering', false]);
				rolledBack.push(delivery.id);
			}
			const last = await recordPing(t, t.organizationId, config.id);
			expect(last.status).toBe('delivering');

			await eventually(() => ids(receiver), (received) => received.includes(last.id));
			const stored = (await t.api.listAll<Delivered>(`/webhooks/${config.id}/deliveries`)).map((delivery) => delivery.id);
			expect(stored.sort()).toEqual([...committed, ...kept, last.id].sort());
			expect(ids(receiver).filter((id) => rolledBack.includes(id))).toEqual([]);
			expect(new Set(ids(receiver)).size).toBe(receiver.received.length);
		} finally {
			await t.stop();
		}
	}, 120_000);

	it('sends a delivery handed over but not yet sent after the engine stopped and started again, under the same webhook-id', async () => {
		const hold = holdAnswers(receiver);
		let t = await startTestEngine({ dataDir: place.dataDir, databaseUrl: place.databaseUrl, allowPrivateWebhooks: true });
		const { organizationId, api } = t;
		const config = (await api.post('/webhooks', { name: 'Held', url: receiver.url, events: ['workflow.created'], auth: { type: 'none' } })).body;
		// The handoff is open before the workflows come (an engine's first claim opens it).
		await eventually(() => recordPing(t, organizationId, config.id), (delivery) => delivery.status === 'delivering');
		for (let index = 0; index < 20; index += 1) expect((await api.post('/workflows', { name: `Handed ${index}` })).status).toBe(201);

		// 8 connections to the receiver are taken by held requests; the others wait in the dispatcher's queue.
		await eventually(() => receiver.received.length, (count) => count === 8);
		const before = await api.listAll<Delivered>(`/webhooks/${config.id}/deliveries`);
		expect(before.length).toBeGreaterThanOrEqual(21);
		expect(before.every((delivery) => delivery.status === 'delivering')).toBe(true);
		const unsent = before.map((delivery) => delivery.id).filter((id) => !ids(receiver).includes(id));
		expect(unsent.length).toBeGreaterThanOrEqual(13);

		// Stopping waits for the requests in flight: the receiver answers them once the stop has begun.
		const stopped = t.stop();
		hold.release();
		await stopped;
		t = await startTestEngine({ dataDir: place.dataDir, databaseUrl: place.databaseUrl, allowPrivateWebhooks: true });
		try {
			await eventually(() => ids(receiver), (received) => unsent.every((id) => received.includes(id)));
			const after = await eventually(
				() => new ApiClient(t.engine.url, api.apiKey).listAll<Delivered>(`/webhooks/${config.id}/deliveries`),
				(list) => list.every((delivery) => delivery.status === 'succeeded'),
			);
			expect(after.map((delivery) => delivery.id).sort()).toEqual(before.map((delivery) => delivery.id).sort());
			// Each went out once: the held ones were answered before the stop ended, the queued ones after the start.
			expect(ids(receiver).sort()).toEqual(before.map((delivery) => delivery.id).sort());
		} finally {
			await t.stop();
		}
	}, 120_000);

	it('sends deliveries handed over to a killed process, under the same webhook-id, once their lease is over', async () => {
		const hold = holdAnswers(receiver);
		const storeArgs = ['--data', place.dataDir, ...(place.databaseUrl ? ['--database-url', place.databaseUrl] : [])];
		const { apiKey } = JSON.parse((await runCli(['org', 'create', '--name', 'Killed Co', '--json', ...storeArgs])).stdout);
		const engine = await spawnEngine(storeArgs, { SIGNFLOW_ALLOW_PRIVATE_WEBHOOKS: '1' });
		let killed = false;
		try {
			const api = new ApiClient(engine.url, apiKey);
			const config = (await api.post('/webhooks', { name: 'Killed', url: receiver.url, events: ['workflow.created'], auth: { type: 'none' } })).body;
			// The engine's first claim has run once a delivery is written claimed (a delivery written pending then is claimed soon after).
			await eventually(
				async () => (await api.post('/workflows', { name: 'Opening' })) && api.listAll<Delivered>(`/webhooks/${config.id}/deliveries`),
				(list) => list.every((delivery) => delivery.status === 'delivering'),
			);
			for (let index = 0; index < 20; index += 1) expect((await api.post('/workflows', { name: `Handed ${index}` })).status).toBe(201);
			await eventually(() => receiver.received.length, (count) => count === 8);
			const before = await api.listAll<Delivered>(`/webhooks/${config.id}/deliveries`);
			expect(before.every((delivery) => delivery.status === 'delivering')).toBe(true);
			const unsent = before.map((delivery) => delivery.id).filter((id) => !ids(receiver).includes(id));
			expect(unsent.length).toBeGreaterThanOrEqual(12);

			// Killed: nothing is answered, nothing released; the rows stay claimed by a process that is gone.
			engine.child.kill('SIGKILL');
			await engine.exited;
			killed = true;
			hold.release();

			// SQLite has one process: the next start takes the claims back. On PostgreSQL another engine takes them once the lease is over.
			const later = new ManualClock(new Date(Date.now() + DEFAULT_DELIVERY_LEASE_MS + 60_000));
			const next = await startTestEngine({
				dataDir: place.dataDir,
				databaseUrl: place.databaseUrl,
				allowPrivateWebhooks: true,
				...(TEST_DB === 'postgres' ? { clock: later } : {}),
			});
			try {
				await eventually(() => ids(receiver), (received) => before.every((delivery) => received.includes(delivery.id)));
				const nextApi = new ApiClient(next.engine.url, apiKey);
				const after = await eventually(
					() => nextApi.listAll<Delivered>(`/webhooks/${config.id}/deliveries`),
					(list) => list.every((delivery) => delivery.status === 'succeeded'),
				);
				expect(after.map((delivery) => delivery.status)).toEqual(before.map(() => 'succeeded'));
				// At least once: the held ones arrive twice, always under their first webhook-id.
				expect(new Set(ids(receiver))).toEqual(new Set(before.map((delivery) => delivery.id)));
				for (const id of unsent) expect(ids(receiver).filter((received) => received === id)).toHaveLength(1);
			} finally {
				await next.stop();
			}
		} finally {
			if (!killed) {
				engine.child.kill('SIGKILL');
				await engine.exited;
			}
		}
	}, 120_000);

	it('sends the events a configuration held while disabled for failing before new ones, once it is enabled again', async () => {
		// Claims come only when something wakes the dispatcher: no poll hides a delivery handed over too early.
		const t = await startTestEngine({ dataDir: place.dataDir, databaseUrl: place.databaseUrl, allowPrivateWebhooks: true, webhookPollIntervalMs: 600_000 });
		try {
			receiver.respond = () => ({ status: 410 });
			const config = (await t.api.post('/webhooks', { name: 'Gone for a while', url: receiver.url, events: ['workflow.created'], auth: { type: 'none' } })).body;
			await t.api.post('/workflows', { name: 'Gone' });
			const disabled = await eventually(() => t.api.get(`/webhooks/${config.id}`), (response) => response.body.enabled === false);
			expect(disabled.body.disabledReason).toMatch(/410 Gone/);

			// Held while disabled by the engine: written pending, not sent.
			receiver.respond = () => ({ status: 200 });
			const held: string[] = [];
			for (let index = 0; index < 20; index += 1) held.push((await t.api.post('/workflows', { name: `Held ${index}` })).body.id);
			expect((await t.api.request('PATCH', `/webhooks/${config.id}`, { json: { enabled: true } })).body.enabled).toBe(true);
			const fresh: string[] = [];
			for (let index = 0; index < 5; index += 1) fresh.push((await t.api.post('/workflows', { name: `Fresh ${index}` })).body.id);

			const workflowIds = () => receiver.received.map((request) => request.body.data?.workflowId as string);
			await eventually(workflowIds, (received) => [...held, ...fresh].every((id) => received.includes(id)));
			// The held ones were claimed first, the new ones behind them: a new one goes out only after every held one has,
			// so when it arrives at most 7 held ones (the other connections) can still be on their way.
			const firstFresh = Math.min(...fresh.map((id) => workflowIds().indexOf(id)));
			expect(firstFresh).toBeGreaterThanOrEqual(1 + held.length - 7);
			expect(new Set(ids(receiver)).size).toBe(receiver.received.length);
		} finally {
			await t.stop();
		}
	}, 120_000);

	it('writes deliveries pending while a backlog waits, sends them after it, and hands over again once it is gone', async () => {
		// 300 deliveries committed while no dispatcher runs: more than one configuration's claim may take (8 x 37 at a 15 s timeout).
		const config = resolveConfig({ dataDir: place.dataDir, databaseUrl: place.databaseUrl, allowPrivateWebhooks: true });
		const core = await openCore(config);
		let organizationId: string;
		let apiKey: string;
		let webhookId: string;
		try {
			const created = await core.service.createOrganization({ name: 'Backlog Co' });
			organizationId = created.organization.id;
			apiKey = created.apiKey;
			const principal = (await core.service.authenticate(apiKey))!;
			webhookId = (await core.service.webhooks.create(principal, CreateWebhookInput.parse({ name: 'Backlog', url: receiver.url, events: ['workflow.created'], auth: { type: 'none' } }))).id;
			const context = { actor: SYSTEM_ACTOR, ip: null, userAgent: null };
			for (let index = 0; index < 300; index += 1) await core.service.createWorkflow(principal, CreateWorkflowInput.parse({ name: `Backlog ${index}` }), context);
		} finally {
			await core.store.close();
		}

		const hold = holdAnswers(receiver);
		const t = await startTestEngine({ dataDir: place.dataDir, databaseUrl: place.databaseUrl, allowPrivateWebhooks: true });
		try {
			const api = new ApiClient(t.engine.url, apiKey);
			await eventually(() => receiver.received.length, (count) => count === 8);
			// Due deliveries are left in the database: what comes now is written pending, behind them.
			const late: string[] = [];
			for (let index = 0; index < 5; index += 1) {
				const delivery = await recordPing(t, organizationId, webhookId);
				expect([delivery.status, delivery.claimedUntil]).toEqual(['pending', null]);
				late.push(delivery.id);
			}
			expect((await api.post('/workflows', { name: 'Late' })).status).toBe(201);
			hold.release();

			const backlog = 300;
			await eventually(() => new Set(ids(receiver)).size, (count) => count >= backlog + 6, 60_000);
			// Claimed in the order they were written: the late ones go out after the backlog (8 requests overlap at most).
			const lateIndexes = late.map((id) => ids(receiver).indexOf(id));
			expect(Math.min(...lateIndexes)).toBeGreaterThanOrEqual(backlog - 8);

			// Drained: the handoff opens again.
			const again = await eventually(
				() => recordPing(t, organizationId, webhookId),
				(delivery) => delivery.status === 'delivering',
			);
			expect(again.claimedUntil).not.toBeNull();
			const stored = await eventually(
				() => api.listAll<Delivered>(`/webhooks/${webhookId}/deliveries`),
				(list) => list.every((delivery) => delivery.status === 'succeeded'),
			);
			await eventually(() => ids(receiver), (received) => stored.every((delivery) => received.includes(delivery.id)));
			// Once each: held requests were answered, nothing was claimed twice.
			expect(ids(receiver).sort()).toEqual(stored.map((delivery) => delivery.id).sort());
		} finally {
			await t.stop();
		}
	}, 180_000);
});
