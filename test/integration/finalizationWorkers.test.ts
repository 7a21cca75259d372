import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '../../engine/domain';
import { BuildWorkers } from '../../engine/finalize/buildWorkers';
import { Finalizer } from '../../engine/finalize/finalizer';
import { SealIdentities } from '../../engine/finalize/sealIdentities';
import { EventRecorder } from '../../engine/outbox/recorder';
import { MasterKey } from '../../engine/security/masterKey';
import { SigningLinks } from '../../engine/security/signingLinks';
import { openStore } from '../../engine/store/kyselyStore';
import type { Store } from '../../engine/store/port';
import { Signals } from '../../engine/support/signals';
import { createReadyDraft, signEveryone } from '../helpers/engine/drafts';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { TEST_DB } from '../helpers/engine/testDatabase';
import { pdfsig } from '../helpers/pdf/pdfTools';
import { until } from '../helpers/waits';

const silent = { error: () => undefined, warn: () => undefined, info: () => undefined };

/**
 * The real worker threads, counted: how many builds are in flight, and how often each workflow
 * was built. With `barrier`, a build starts only once that many are in flight at the same time,
 * so a finalizer that ran jobs one after another would never get past it.
 */
class CountingBuilder {
	inFlight = 0;
	readonly builds = new Map<string, number>();

	constructor(
		private readonly workers: BuildWorkers,
		private readonly barrier = 1,
	) {}

	async build(request: Parameters<BuildWorkers['build']>[0]) {
		this.inFlight += 1;
		this.builds.set(request.aggregate.workflow.id, (this.builds.get(request.aggregate.workflow.id) ?? 0) + 1);
		try {
			const reached = await until(() => this.inFlight, (count) => count >= this.barrier, 60_000);
			if (reached < this.barrier) throw new Error(`only ${reached} of ${this.barrier} builds ever ran at once`);
			return await this.workers.build(request);
		} finally {
			this.inFlight -= 1;
		}
	}
}

describe(`finalization workers on ${TEST_DB}`, () => {
	let t: TestEngine;
	const closers: Array<() => Promise<void>> = [];

	beforeAll(async () => {
		t = await startTestEngine({ finalizeWorkers: 2 });
		// Its own finalizer stays out of the way: the finalizers below take the jobs.
		await t.engine.finalizer.stop();
	});
	afterEach(async () => {
		for (const close of closers.splice(0)) await close();
	});
	afterAll(() => t.destroy());

	/** Workflows signed by everyone, their finalization jobs pending. */
	async function completed(count: number, label: string): Promise<string[]> {
		const ids: string[] = [];
		for (let index = 0; index < count; index += 1) {
			const draft = await createReadyDraft(t.api, `${label} ${index + 1} – Zoë Ångström, محمد`);
			const sent = (await t.api.post(`/workflows/${draft.workflowId}/send`)).body;
			await signEveryone(t.api, draft.workflowId, sent.signers);
			ids.push(draft.workflowId);
		}
		return ids;
	}

	/** A finalizer as another engine process would run one: its own worker threads, seals and signals. */
	function finalizerOn(
		on: Store,
		builder: Pick<CountingBuilder, 'build'>,
		concurrency: number,
		leaseMs?: number,
		clock: Clock = systemClock,
		signals = new Signals(),
	): Finalizer {
		return new Finalizer({
			store: on,
			blobs: t.engine.blobs,
			clock,
			leaseMs,
			seals: new SealIdentities({ store: on, masterKey: MasterKey.load(t.dataDir), clock, dataDir: t.dataDir }),
			builder,
			concurrency,
			recorder: new EventRecorder({ links: new SigningLinks(randomBytes(32), () => t.engine.url), signals, mailEnabled: false }),
			signals,
			pollIntervalMs: 60_000,
			retryDelaysMs: [60_000],
			mailEnabled: false,
			log: silent,
		});
	}

	/** Each workflow's finalization status, as GET /workflows/{id} shows it. */
	const finalizationStatuses = (ids: string[]) => Promise.all(ids.map(async (id) => (await t.api.get(`/workflows/${id}`)).body.finalization?.status));

	async function expectFinalizedOnce(ids: string[]): Promise<void> {
		for (const id of ids) {
			const audit = (await t.api.get(`/workflows/${id}/audit`)).body;
			expect(audit.events.filter((event: { type: string }) => event.type === 'workflow.completed')).toHaveLength(1);
			const detail = (await t.api.get(`/workflows/${id}`)).body;
			expect(detail.finalization).toMatchObject({ status: 'done', attempts: 1, lastError: null });
			const signed = await t.api.get(`/workflows/${id}/files/${detail.files[0].id}/content?version=signed`);
			expect(pdfsig(signed.bytes)).toContain('Signature Validation: Signature is Valid.');
		}
	}

	it('with 2 workers, builds two jobs at the same time, each once', async () => {
		const ids = await completed(2, 'Parallel');
		const workers = new BuildWorkers(2);
		closers.push(() => workers.close());
		const builder = new CountingBuilder(workers, 2);
		expect(await finalizerOn(t.engine.store, builder, 2).tick()).toBe(2);
		expect(Object.fromEntries(builder.builds)).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
		await expectFinalizedOnce(ids);
	}, 120_000);

	it('shared by two engine processes on one database, finalizes every job once', async () => {
		const ids = await completed(4, 'Shared');
		// On PostgreSQL the second engine has its own connections; SQLite has one process per file.
		const second = TEST_DB === 'postgres' ? openStore({ dataDir: t.dataDir, databaseUrl: t.engine.config.databaseUrl }) : t.engine.store;
		if (second !== t.engine.store) closers.push(() => second.close());
		const builders = [new BuildWorkers(2), new BuildWorkers(2)];
		closers.push(() => Promise.all(builders.map((workers) => workers.close())).then(() => undefined));
		const counting = builders.map((workers) => new CountingBuilder(workers));
		const done = await Promise.all([finalizerOn(t.engine.store, counting[0], 2).tick(), finalizerOn(second, counting[1], 2).tick()]);
		expect(done[0] + done[1]).toBe(4);
		const builds = new Map<string, number>();
		for (const builder of counting) for (const [id, count] of builder.builds) builds.set(id, (builds.get(id) ?? 0) + count);
		expect(Object.fromEntries(builds)).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
		await expectFinalizedOnce(ids);
	}, 180_000);

	/** `store`, counting the claims for finalization jobs made through it. */
	function countingClaims(store: Store): { store: Store; claims: () => number } {
		let claims = 0;
		const bound = <T extends object>(target: T, prop: string | symbol) => {
			const value = Reflect.get(target, prop) as unknown;
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		};
		const counted = new Proxy(store, {
			get(target, prop) {
				if (prop !== 'transaction') return bound(target, prop);
				return (work: Parameters<Store['transaction']>[0]) =>
					target.transaction((repository) =>
						work(
							new Proxy(repository, {
								get(inner, name) {
									if (name !== 'finalizations') return bound(inner, name);
									return new Proxy(inner.finalizations, {
										get(jobs, method) {
											if (method === 'claimDue') claims += 1;
											return bound(jobs, method);
										},
									});
								},
							}),
						),
					);
			},
		});
		return { store: counted, claims: () => claims };
	}

	it('claims once for a pass with one job due, and takes a job completed during the pass in that pass', async () => {
		const [first] = await completed(1, 'Einzeln');
		const workers = new BuildWorkers(2);
		closers.push(() => workers.close());
		const builder = gated(new CountingBuilder(workers));
		const counting = countingClaims(t.engine.store);
		const signals = new Signals();
		const finalizer = finalizerOn(counting.store, builder, 2, undefined, systemClock, signals);
		closers.push(() => finalizer.stop());
		await finalizer.start();
		expect(await until(() => builder.arrived, (arrived) => arrived === 1, 30_000)).toBe(1);
		// One claim took the only job due; the free slot did not claim again for nothing.
		expect(counting.claims()).toBe(1);
		// A workflow completed while the first is still being built: its signal starts it in this pass, not at the next poll (a minute away).
		const [second] = await completed(1, 'Während');
		signals.emit('completed');
		expect(await until(() => builder.arrived, (arrived) => arrived === 2, 30_000)).toBe(2);
		builder.open();
		await until(() => finalizationStatuses([first, second]), (both) => both.every((status) => status === 'done'), 60_000);
		await expectFinalizedOnce([first, second]);
	}, 120_000);

	/** The other engine process of the tests below: its own connections on PostgreSQL. */
	function secondStore(): Store {
		if (TEST_DB === 'sqlite') return t.engine.store;
		const second = openStore({ dataDir: t.dataDir, databaseUrl: t.engine.config.databaseUrl });
		closers.push(() => second.close());
		return second;
	}

	/** A builder that counts the builds asked of it (`arrived`) but starts them only once `open()` is called. */
	function gated(builder: CountingBuilder) {
		let open!: () => void;
		const gate = new Promise<void>((resolve) => (open = resolve));
		const gatedBuilder = {
			arrived: 0,
			open: () => open(),
			async build(request: Parameters<BuildWorkers['build']>[0]) {
				gatedBuilder.arrived += 1;
				await gate;
				return builder.build(request);
			},
		};
		return gatedBuilder;
	}

	/**
	 * A finalizer with `concurrency` worker threads behind a gated builder, given the jobs of workflows
	 * the test engine completes (written claimed by it); `claims()` counts its claims since it started.
	 */
	async function handedTo(concurrency: number) {
		const workers = new BuildWorkers(concurrency);
		closers.push(() => workers.close());
		const builder = gated(new CountingBuilder(workers));
		const counting = countingClaims(t.engine.store);
		// The test engine's signals: a job its transactions write unclaimed wakes this finalizer.
		const finalizer = finalizerOn(counting.store, builder, concurrency, undefined, systemClock, t.engine.signals);
		await finalizer.start();
		t.engine.recorder.handFinalizationsTo(finalizer.handoff);
		closers.push(async () => {
			t.engine.recorder.handFinalizationsTo(t.engine.finalizer.handoff);
			await finalizer.stop();
		});
		// start() polls once at once; its poll comes again only in a minute.
		const started = await until(counting.claims, (claims) => claims >= 1, 30_000);
		return { finalizer, builder, claims: () => counting.claims() - started };
	}

	it('is handed the job of a workflow completed in its process as the transaction commits: no claim, no poll', async () => {
		const { builder, claims } = await handedTo(2);
		const [id] = await completed(1, 'Übergabe – 契約 ✍️');
		// The build started with no claim: the job was written claimed by this finalizer.
		expect(await until(() => builder.arrived, (arrived) => arrived === 1, 30_000)).toBe(1);
		builder.open();
		await until(() => finalizationStatuses([id]), ([status]) => status === 'done', 60_000);
		expect(claims()).toBe(0);
		await expectFinalizedOnce([id]);
	}, 120_000);

	it('with no free slot, writes the job unclaimed, and its pass claims it once the slot is free', async () => {
		const { builder, claims } = await handedTo(1);
		const [first] = await completed(1, 'Erste – אחד');
		expect(await until(() => builder.arrived, (arrived) => arrived === 1, 30_000)).toBe(1);
		// The only slot is busy: this job is written for a claim pass, which runs once the first is done.
		const [second] = await completed(1, 'Zweite – اثنان');
		expect(claims()).toBe(0);
		builder.open();
		// Well before the next poll (a minute away): the commit's wake made the pass claim it.
		expect(await until(() => finalizationStatuses([first, second]), (both) => both.every((status) => status === 'done'), 30_000)).toEqual(['done', 'done']);
		expect(claims()).toBeGreaterThan(0);
		await expectFinalizedOnce([first, second]);
	}, 120_000);

	it('keeps a slot for each job offered until its transaction ends, and frees it when the transaction rolls back', async () => {
		const { finalizer } = await handedTo(1);
		const claim = finalizer.handoff.offer();
		expect(claim).toMatchObject({ claimedBy: expect.any(String), claimedUntil: expect.any(String) });
		expect(finalizer.handoff.offer()).toBeNull();
		finalizer.handoff.rolledBack(claim!);
		const again = finalizer.handoff.offer();
		expect(again).not.toBeNull();
		finalizer.handoff.rolledBack(again!);
		await finalizer.stop();
		expect(finalizer.handoff.offer()).toBeNull();
	}, 60_000);

	it('renews the short lease of a job that outlasts it, so no other process takes it over', async () => {
		const [id] = await completed(1, 'Long');
		const leaseMs = 600;
		const workers = new BuildWorkers(1);
		closers.push(() => workers.close());
		const holding = new CountingBuilder(workers);
		const rivalBuilds = new CountingBuilder(workers);
		const slow = gated(holding);
		const holder = finalizerOn(t.engine.store, slow, 1, leaseMs).tick();
		expect(await until(() => slow.arrived, (arrived) => arrived === 1, 30_000)).toBe(1);
		// Meanwhile another process looks for due jobs, again and again, for several lease lengths.
		const rival = finalizerOn(secondStore(), rivalBuilds, 1, leaseMs);
		const end = Date.now() + 4 * leaseMs;
		let rivalDone = 0;
		await until(
			async () => {
				rivalDone += await rival.tick();
				return Date.now();
			},
			(now) => now >= end,
			30_000,
		);
		slow.open();
		expect(await holder).toBe(1);
		expect({ rivalDone, rivalBuilds: rivalBuilds.builds.size }).toEqual({ rivalDone: 0, rivalBuilds: 0 });
		await expectFinalizedOnce([id]);
	}, 120_000);

	it('drops the result of a holder whose claim was taken over (a stall past its lease), even when it finishes first: sealed once', async () => {
		const [id] = await completed(1, 'Stalled');
		const leaseMs = 60_000;
		const workers = new BuildWorkers(2);
		closers.push(() => workers.close());
		const stalled = new CountingBuilder(workers);
		const rivalBuilds = new CountingBuilder(workers);
		const slow = gated(stalled);
		const holder = finalizerOn(t.engine.store, slow, 1, leaseMs).tick();
		expect(await until(() => slow.arrived, (arrived) => arrived === 1, 30_000)).toBe(1);
		// A process whose clock is past the holder's lease, as if the holder had stalled that long without renewing.
		const later: Clock = { now: () => new Date(Date.now() + 2 * leaseMs) };
		const rivalGate = gated(rivalBuilds);
		const rival = finalizerOn(secondStore(), rivalGate, 1, leaseMs, later).tick();
		expect(await until(() => rivalGate.arrived, (arrived) => arrived === 1, 30_000)).toBe(1);
		// The stalled holder wakes up and finishes before the new holder: its claim is gone, so it records nothing.
		slow.open();
		expect(await holder).toBe(0);
		rivalGate.open();
		expect(await rival).toBe(1);
		expect(Object.fromEntries(stalled.builds)).toEqual({ [id]: 1 });
		expect(Object.fromEntries(rivalBuilds.builds)).toEqual({ [id]: 1 });
		await expectFinalizedOnce([id]);
	}, 120_000);
});
