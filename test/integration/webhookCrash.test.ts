import { rmSync } from 'node:fs';
import { ApiClient } from '../helpers/engine/apiClient';
import { runCli, spawnEngine, type EngineProcess } from '../helpers/engine/cli';
import { tempDataDir } from '../helpers/engine/engine';
import { startReceiver } from '../helpers/engine/receiver';
import { until } from '../helpers/waits';

const BURST = 2000;
const CONCURRENCY = 16;
/** Seconds: on PostgreSQL the deliveries the killed engine held come back when their lease runs out (SQLite's next start takes them at once). */
const LEASE_S = 3;

describe('an engine killed in the middle of a 2,000-event burst', () => {
	let dataDir: string;
	beforeAll(() => (dataDir = tempDataDir('burst')));
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	it('delivers every event after the restart, within about a lease; a repeated event keeps its webhook-id', async () => {
		const receiver = await startReceiver();
		const { apiKey } = JSON.parse((await runCli(['org', 'create', '--name', 'Burst Co', '--json', '--data', dataDir])).stdout);
		const env = { SIGNFLOW_ALLOW_PRIVATE_WEBHOOKS: '1', SIGNFLOW_DELIVERY_LEASE_S: String(LEASE_S) };
		let engine: EngineProcess = await spawnEngine(['--data', dataDir], env);
		let api = new ApiClient(engine.url, apiKey);
		await api.post('/webhooks', { name: 'Burst', url: receiver.url, events: ['workflow.created'], auth: { type: 'none' } });

		// The burst: 16 clients creating workflows; the engine is killed half-way through.
		let next = 0;
		let killed = false;
		const accepted = new Set<string>();
		const client = async () => {
			while (next < BURST) {
				const index = next++;
				const response = await api.post('/workflows', { name: `W${index}` }).catch(() => null);
				if (response?.status === 201) accepted.add(response.body.id);
				else if (killed) {
					// Lost with the process: send it again once the engine is back.
					while (!api || engine.child.exitCode !== null || engine.child.signalCode !== null) await new Promise((resolve) => setTimeout(resolve, 20));
					next = Math.min(next, index);
				}
			}
		};
		let atKill = { accepted: 0, received: 0 };
		let restartedAt = 0;
		const watcher = (async () => {
			await until(() => accepted.size, (count) => count >= BURST / 2, 60_000);
			killed = true;
			atKill = { accepted: accepted.size, received: receiver.received.length };
			engine.child.kill('SIGKILL');
			await engine.exited;
			engine = await spawnEngine(['--data', dataDir], env);
			restartedAt = Date.now();
			api = new ApiClient(engine.url, apiKey);
		})();
		await Promise.all([watcher, ...Array.from({ length: CONCURRENCY }, client)]);
		// The kill really fell in the middle: part of the burst was still to be sent.
		expect(atKill.accepted).toBeLessThan(BURST);
		expect(atKill.received).toBeLessThan(BURST);

		try {
			// Every event the store holds, however its request ended, must arrive.
			const stored: string[] = [];
			let cursor = '';
			for (;;) {
				const page = await api.get(`/events?limit=500${cursor ? `&after=${cursor}` : ''}`);
				stored.push(...page.body.data.filter((e: { type: string }) => e.type === 'workflow.created').map((e: { id: string }) => e.id));
				cursor = page.body.nextCursor;
				if (!page.body.hasMore) break;
			}
			expect(stored.length).toBeGreaterThanOrEqual(BURST);
			const arrivedIds = () => new Set(receiver.received.map((request) => request.body.data.eventId as string));
			await until(() => arrivedIds().size, (size) => size >= stored.length, 60_000);
			const arrivedAfterS = (Date.now() - restartedAt) / 1000;
			expect([...arrivedIds()].sort()).toEqual([...stored].sort());

			// Every accepted request's workflow is among them.
			const arrivedWorkflows = new Set(receiver.received.map((request) => request.body.data.workflowId as string));
			for (const id of accepted) expect(arrivedWorkflows.has(id)).toBe(true);

			// At least once: duplicates are allowed, but one event always travels under one webhook-id.
			const idsByEvent = new Map<string, Set<string>>();
			for (const request of receiver.received) {
				const ids = idsByEvent.get(request.body.data.eventId) ?? new Set<string>();
				ids.add(String(request.headers['webhook-id']));
				idsByEvent.set(request.body.data.eventId, ids);
			}
			expect([...idsByEvent.values()].every((ids) => ids.size === 1)).toBe(true);
			console.log(
				`burst: ${stored.length} events stored, ${receiver.received.length} requests received, ` +
					`${receiver.received.length - arrivedIds().size} duplicates (same webhook-id), ${accepted.size} requests answered 201; ` +
					`at the kill ${atKill.accepted} were accepted and ${atKill.received} received; ` +
					`all arrived ${arrivedAfterS.toFixed(1)} s after the restart (lease ${LEASE_S} s)`,
			);
		} finally {
			engine.child.kill('SIGTERM');
			await engine.exited;
			await receiver.close();
		}
	}, 180_000);
});
