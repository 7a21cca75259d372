import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { systemClock } from '../../engine/domain';
import { BuildWorkers } from '../../engine/finalize/buildWorkers';
import { Finalizer } from '../../engine/finalize/finalizer';
import { EventRecorder } from '../../engine/outbox/recorder';
import { SealIdentities } from '../../engine/pdf/sealIdentity';
import { SigningLinks } from '../../engine/security/signingLinks';
import { BlobStore } from '../../engine/store/blobStore';
import { openStore } from '../../engine/store/kyselyStore';
import type { Store } from '../../engine/store/port';
import { Signals } from '../../engine/support/signals';
import { createReadyDraft, signEveryone } from '../helpers/engine/drafts';
import type { TestEngine } from '../helpers/engine/engine';
import { startEngineOn, type StoreKind } from '../helpers/engine/stores';
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

describe.each<StoreKind>(['sqlite', 'postgres'])('finalization workers on %s', (store) => {
	let t: TestEngine;
	const closers: Array<() => Promise<void>> = [];

	beforeAll(async () => {
		t = await startEngineOn(store, { finalizeWorkers: 2 });
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
	function finalizerOn(on: Store, builder: CountingBuilder, concurrency: number): Finalizer {
		const signals = new Signals();
		return new Finalizer({
			store: on,
			blobs: new BlobStore(path.join(t.dataDir, 'blobs')),
			clock: systemClock,
			seals: new SealIdentities(t.dataDir, (organizationId) => `test-${organizationId}`),
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
		const second = store === 'postgres' ? openStore({ dataDir: t.dataDir, databaseUrl: t.engine.config.databaseUrl }) : t.engine.store;
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
});
