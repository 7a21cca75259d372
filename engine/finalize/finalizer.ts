import { randomUUID } from 'node:crypto';
import { commitTransition } from '../app/commit';
import { DEFAULT_PRIMARY_COLOR, SYSTEM_ACTOR, engineScope, finalizeCompletion, type Clock, type OutboxClaim, type SignedFile } from '../domain';
import type { FinalizationJob } from '../domain';
import { queueAdminAlert } from '../outbox/emails';
import type { FinalizationHandoff } from '../outbox/finalizationHandoff';
import type { EventRecorder } from '../outbox/recorder';
import type { PreparedPngCache } from '../pdf/preparedPngCache';
import type { SealerSource } from '../pdf/sealer';
import type { BlobStore } from '../store/blobStore';
import type { Repository, Store } from '../store/port';
import { ClaimHeartbeat } from '../support/claimHeartbeat';
import { failpoint } from '../support/failpoints';
import { PollingLoop, type LoopHealth } from '../support/pollingLoop';
import { afterFailedAttempt, type RetryDelays } from '../support/retrySchedule';
import type { Signals } from '../support/signals';
import type { BuildWorker } from './buildInWorker';
import { blobsRead } from './buildSignedFiles';

/**
 * How long a claim lasts unless renewed. The holder renews it every third of this while the job
 * runs, so after a crash (kill -9, power cut) another engine process on the same PostgreSQL
 * database takes the job over within about this long.
 */
export const DEFAULT_FINALIZE_LEASE_MS = 30_000;

interface Logger {
	error(object: unknown, message: string): void;
	warn(object: unknown, message: string): void;
	info(object: unknown, message: string): void;
}

export interface FinalizerOptions {
	store: Store;
	blobs: BlobStore;
	clock: Clock;
	/** Each organization's sealer, as data the build worker opens. */
	seals: SealerSource;
	/** Where the PDF work runs: worker threads, off the API's event loop. */
	builder: Pick<BuildWorker, 'build'>;
	/** Drawn signatures the signing routes decoded at upload (none: every one is decoded from its stored PNG). */
	preparedPngs?: PreparedPngCache;
	/** How many jobs run at once (one per worker thread). */
	concurrency: number;
	recorder: EventRecorder;
	/** Emits 'completed' when a workflow completes, so work starts without waiting for the next poll. */
	signals: Signals;
	pollIntervalMs: number;
	/** How long a claim lasts unless renewed (DEFAULT_FINALIZE_LEASE_MS). */
	leaseMs?: number;
	retryDelaysMs: RetryDelays;
	/** Whether emails go out at all (an alert to the admin when a job fails for good). */
	mailEnabled: boolean;
	log: Logger;
	/** Told of every attempt once its outcome is committed (metrics). */
	observer?: FinalizationObserver;
}

/** A job leased to `claimant`. */
interface ClaimedJob {
	job: FinalizationJob;
	claimant: string;
}

/** completed: the signed files are recorded; retrying: failed, tried again later; failed: failed for good. */
export type FinalizationOutcome = 'completed' | 'retrying' | 'failed';

export interface FinalizationObserver {
	finalized(outcome: FinalizationOutcome, durationMs: number): void;
}

/**
 * One pass: its running slots, the jobs it completed, the first error a slot met; whether a claim
 * found fewer jobs due than it had room for (nothing else is due until a wake says otherwise), and
 * how many wakes came, so that a claim overtaken by one does not mark the pass drained.
 */
interface Pass {
	slots: Set<Promise<void>>;
	done: number;
	error: Error | undefined;
	drained: boolean;
	wakes: number;
	/** A slot's claim is out: one at a time, so that no claim takes more jobs than there are free slots. */
	claiming: boolean;
}

function newPass(drained: boolean): Pass {
	return { slots: new Set(), done: 0, error: undefined, drained, wakes: 0, claiming: false };
}

export const DEFAULT_FINALIZE_RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000];

/**
 * Turns a completed workflow into its signed documents, after the completing
 * transaction has committed, so no API call waits for it. For each file:
 * stamp every signature and annotation, append the certificate of completion,
 * seal. The signed files are stored, then in one transaction they are
 * recorded, workflow.completed is announced and the job is closed. A crash
 * anywhere before that transaction leaves the job pending: the next start
 * (SQLite), or any engine process once the short lease runs out (PostgreSQL),
 * picks it up again. The closing transaction runs only while the claim is still
 * this slot's, so a job taken over after a stall is sealed once.
 */
export class Finalizer {
	private readonly loop: PollingLoop;
	private readonly leaseMs: number;
	/** The jobs of the pass in progress, at most `concurrency`; null between passes. */
	private pass: Pass | null = null;
	/** Whether jobs are handed over (between start and stop). */
	private accepting = false;
	/** Slots kept for jobs offered to transactions that have not ended yet. */
	private reserved = 0;
	/** Jobs handed over by committed transactions, written claimed, waiting for a slot. */
	private readonly handed: ClaimedJob[] = [];
	/**
	 * The finalization jobs of transactions that complete workflows in this process, written
	 * claimed by it while it has a free slot, run as their transaction commits: no claim, no poll.
	 */
	readonly handoff: FinalizationHandoff = {
		offer: () => {
			const busy = (this.pass?.slots.size ?? 0) + this.reserved + this.handed.length;
			if (!this.accepting || busy >= this.options.concurrency) return null;
			this.reserved += 1;
			return { claimedUntil: this.leaseFrom(this.options.clock.now()), claimedBy: randomUUID() };
		},
		committed: (job: FinalizationJob, claim: OutboxClaim) => {
			this.reserved -= 1;
			// Stopping: the job stays claimed until its lease runs out (SQLite: until the next start releases it).
			if (!this.accepting) return;
			this.handed.push({ job, claimant: claim.claimedBy });
			// After the hooks of the commit have all run, not inside them.
			queueMicrotask(() => this.runHanded());
		},
		rolledBack: () => {
			this.reserved -= 1;
		},
	};
	private readonly wake = () => {
		// During a pass a new job starts at once in a free slot; between passes the next pass starts.
		if (this.pass) {
			this.pass.wakes += 1;
			this.pass.drained = false;
			this.fillSlots(this.pass);
		} else this.loop.kick();
	};

	constructor(private readonly options: FinalizerOptions) {
		this.leaseMs = options.leaseMs ?? DEFAULT_FINALIZE_LEASE_MS;
		this.loop = new PollingLoop(() => this.tick(), options.pollIntervalMs, (error) =>
			options.log.error({ err: error }, 'finalization pass failed; retrying at the next interval'),
		);
	}

	get health(): LoopHealth {
		return this.loop.health;
	}

	async start(): Promise<void> {
		// With SQLite this process is the only one: a claim left from its last run was cut off.
		if (this.options.store.dialect === 'sqlite') await this.options.store.transaction((repository) => repository.finalizations.releaseClaims());
		this.options.signals.on('completed', this.wake);
		this.accepting = true;
		this.loop.start();
	}

	async stop(): Promise<void> {
		this.accepting = false;
		this.options.signals.off('completed', this.wake);
		await this.loop.stop();
		// A pass of handed-over jobs runs outside the loop.
		while (this.pass) await this.settle(this.pass);
	}

	/**
	 * Finalizes every due job, `concurrency` at a time, each claimed (leased) first so that no
	 * other slot or engine process takes it; returns how many completed. Throws when a slot could
	 * not claim or record a job (the database), after every slot has ended.
	 */
	async tick(): Promise<number> {
		const pass = (this.pass ??= newPass(false));
		// A pass of handed-over jobs claims nothing; the poll does.
		pass.drained = false;
		this.fillSlots(pass);
		await this.settle(pass);
		if (pass.error) throw pass.error;
		return pass.done;
	}

	/** Waits until every slot of `pass` has ended; it is then over. */
	private async settle(pass: Pass): Promise<void> {
		while (pass.slots.size) await Promise.all([...pass.slots]);
		if (this.pass === pass) this.pass = null;
	}

	/** Starts the jobs handed over: in the pass in progress, or in a pass of their own, which claims nothing (nothing else is known to be due). */
	private runHanded(): void {
		if (this.handed.length === 0) return;
		if (this.pass) return this.fillSlots(this.pass);
		const pass = (this.pass = newPass(true));
		this.fillSlots(pass);
		void this.settle(pass).then(() => {
			if (pass.error) this.options.log.error({ err: pass.error }, 'finalization pass failed; retrying at the next interval');
		});
	}

	/** Starts the jobs handed over, then a slot that claims for every free slot; the jobs it claims beyond its own start slots of their own. */
	private fillSlots(pass: Pass): void {
		while (this.handed.length > 0 && pass.slots.size < this.options.concurrency) this.startSlot(pass, this.handed.shift()!);
		if (!pass.drained && !pass.claiming && pass.slots.size < this.options.concurrency) this.startSlot(pass, null);
	}

	private startSlot(pass: Pass, claimed: ClaimedJob | null): void {
		const slot: Promise<void> = this.slot(pass, claimed).finally(() => pass.slots.delete(slot));
		pass.slots.add(slot);
	}

	/**
	 * Finalizes `claimed` (if given), then claims and finalizes one job after another until none is
	 * due. One claim takes as many jobs as there are free slots, so a pass with one job due makes one
	 * claim, not one per slot and one more after the job. A slot that would claim while another
	 * slot's claim is out ends instead: that claim, or the next, takes what is due.
	 */
	private async slot(pass: Pass, claimed: ClaimedJob | null): Promise<void> {
		try {
			let next = claimed;
			for (;;) {
				next ??= this.handed.shift() ?? null;
				if (!next) {
					if (pass.drained || pass.claiming) return;
					// This slot, and those neither running nor kept for a job being handed over.
					const room = this.options.concurrency - pass.slots.size + 1 - this.reserved - this.handed.length;
					if (room <= 0) return;
					const wakes = pass.wakes;
					const now = this.options.clock.now();
					const claimant = randomUUID();
					pass.claiming = true;
					let jobs: FinalizationJob[];
					try {
						jobs = await this.options.store.transaction((repository) =>
							repository.finalizations.claimDue(now.toISOString(), this.leaseFrom(now), room, claimant),
						);
					} finally {
						pass.claiming = false;
					}
					const woken = pass.wakes !== wakes;
					if (jobs.length < room && !woken) pass.drained = true;
					if (jobs.length === 0) {
						// A wake during the claim may name a job the claim did not see: claim again.
						if (woken) continue;
						return;
					}
					for (const job of jobs.slice(1)) this.startSlot(pass, { job, claimant });
					// A wake during the claim found no slot to start: one starts now, if there is room.
					if (woken) this.fillSlots(pass);
					next = { job: jobs[0], claimant };
				}
				if (await this.run(next.job, next.claimant)) pass.done += 1;
				next = null;
			}
		} catch (error) {
			pass.error ??= error instanceof Error ? error : new Error('A finalization slot failed.', { cause: error });
		}
	}

	private leaseFrom(now: Date): string {
		return new Date(now.getTime() + this.leaseMs).toISOString();
	}

	private async run(job: FinalizationJob, claimant: string): Promise<boolean> {
		const started = Date.now();
		const { store, clock, log } = this.options;
		const heartbeat = new ClaimHeartbeat(
			() => store.transaction((repository) => repository.finalizations.renewClaim(job.organizationId, job.workflowId, claimant, this.leaseFrom(clock.now()))),
			Math.max(1, Math.floor(this.leaseMs / 3)),
			(error) => log.warn({ workflowId: job.workflowId, err: error }, 'could not renew the finalization claim'),
		);
		try {
			const signed = await this.produce(job);
			failpoint('finalize:before-commit');
			const committed = await this.commit(job, claimant, signed);
			if (!committed) {
				log.warn({ workflowId: job.workflowId, lostClaim: heartbeat.lost }, 'finalization claim lost or job already closed; its result is dropped');
				return false;
			}
			log.info({ workflowId: job.workflowId, ms: Date.now() - started }, 'signing workflow finalized');
			this.options.observer?.finalized('completed', Date.now() - started);
			return true;
		} catch (error) {
			const next = afterFailedAttempt(job, error, this.options.retryDelaysMs, clock.now());
			log.warn({ workflowId: job.workflowId, attempts: next.attempts, err: error }, 'finalization failed');
			const recorded = await store.transaction(async (repository) => {
				// A claim taken over meanwhile belongs to its new holder: this attempt records nothing.
				if (!(await repository.finalizations.update(next, claimant))) return false;
				if (next.status === 'failed') await this.announceFailure(repository, next);
				return true;
			});
			if (recorded) this.options.observer?.finalized(next.status === 'failed' ? 'failed' : 'retrying', Date.now() - started);
			return false;
		} finally {
			await heartbeat.stop();
		}
	}

	/**
	 * A job that failed for good is not left to silence: workflow.finalization_failed goes to the
	 * webhooks (the n8n flows waiting for workflow.completed), and an alert to the admin.
	 */
	private async announceFailure(repository: Repository, job: FinalizationJob): Promise<void> {
		const at = this.options.clock.now().toISOString();
		const workflow = await repository.workflows.get(engineScope(job.organizationId), job.workflowId);
		if (!workflow) return;
		this.options.log.error({ workflowId: job.workflowId, attempts: job.attempts, lastError: job.lastError }, 'finalization failed for good');
		await this.options.recorder.record(repository, {
			organizationId: job.organizationId,
			events: [{ type: 'workflow.finalization_failed', workflowId: job.workflowId, data: { reason: job.lastError, attempts: job.attempts } }],
			context: { actor: SYSTEM_ACTOR, ip: null, userAgent: null },
			at,
			workflow,
		});
		// A test workflow emails no one, the admin included: its failure is in its events and GET /workflows/{id}.
		if (this.options.mailEnabled && !workflow.test)
			await queueAdminAlert(
				repository,
				{
					organizationId: job.organizationId,
					workflowId: job.workflowId,
					data: { workflowName: workflow.name, reason: job.lastError, attempts: job.attempts },
					kind: 'finalization_failed',
				},
				at,
			);
	}

	/** Builds and stores the signed files; returns what to record. */
	private async produce(job: FinalizationJob) {
		const { store, blobs } = this.options;
		const context = await store.read(async (repository) => {
			// Asked for together: one round trip on PostgreSQL.
			const [aggregate, events, organization, branding] = await Promise.all([
				repository.loadAggregate(engineScope(job.organizationId), job.workflowId),
				repository.events.listByWorkflow(job.organizationId, job.workflowId),
				repository.organizations.get(job.organizationId),
				repository.branding.get(job.organizationId),
			]);
			const logo = branding?.logoAssetId ? await repository.assets.get(job.organizationId, branding.logoAssetId) : null;
			const images = new Map<string, { sha256: string; mimeType: string }>();
			for (const annotation of aggregate?.annotations ?? [])
				if (annotation.imageFileId) {
					const asset = await repository.assets.get(job.organizationId, annotation.imageFileId);
					if (asset) images.set(annotation.id, asset);
				}
			return { aggregate, events, organization, branding, logo, images };
		});
		const { aggregate, organization } = context;
		if (!aggregate || !organization) throw new Error('The workflow or its organization no longer exists.');
		const drawn = aggregate.signatures.flatMap((field) => (field.valueImageSha256 ? [field.valueImageSha256] : []));
		const input = {
			preparedPngs: this.options.preparedPngs?.find(job.organizationId, drawn),
			aggregate,
			events: context.events,
			organization,
			primaryColor: context.branding?.primaryColor ?? DEFAULT_PRIMARY_COLOR,
			logo: context.logo ? { bytes: await blobs.get(context.logo.sha256), mimeType: context.logo.mimeType } : null,
			annotationImages: context.images,
			sealer: await this.options.seals.sealerFor(organization.id, organization.name),
			signingTime: this.options.clock.now(),
		};
		const built = await this.options.builder.build(
			blobs.folder !== null ? { ...input, blobFolder: blobs.folder } : { ...input, blobBytes: await readAll(blobs, blobsRead(input)) },
		);
		this.options.preparedPngs?.forget(job.organizationId, drawn);
		const results: Array<SignedFile & { signedSize: number; stampedSha256: string }> = [];
		for (const file of built)
			results.push({
				fileId: file.fileId,
				name: file.name,
				sha256: file.sha256,
				signedSha256: await blobs.put(file.signed),
				signedSize: file.signed.length,
				stampedSha256: file.stampedSha256,
			});
		return results;
	}

	/** Records the signed files and closes the job, if the claim is still this slot's; returns whether it did. */
	private async commit(job: FinalizationJob, claimant: string, files: Array<SignedFile & { signedSize: number; stampedSha256: string }>): Promise<boolean> {
		return this.options.store.transaction(async (repository) => {
			// The workflow's row is locked first, as every transaction that changes a workflow does, then the job's.
			const aggregate = await repository.loadAggregate(engineScope(job.organizationId), job.workflowId, { forUpdate: true });
			const current = await repository.finalizations.claimedBy(job.organizationId, job.workflowId, claimant);
			if (!current) return false;
			if (!aggregate) throw new Error('The workflow no longer exists.');
			for (const file of files)
				await repository.files.setSigned(job.organizationId, file.fileId, {
					signedSha256: file.signedSha256,
					signedSize: file.signedSize,
					stampedSha256: file.stampedSha256,
				});
			const announced = files.map(({ fileId, name, sha256, signedSha256 }) => ({ fileId, name, sha256, signedSha256 }));
			const signed = new Map(files.map((file) => [file.fileId, file]));
			const withSignedFiles = {
				...aggregate,
				files: aggregate.files.map((file) => {
					const done = signed.get(file.id);
					return done ? { ...file, signedSha256: done.signedSha256, signedSize: done.signedSize } : file;
				}),
			};
			const transition = finalizeCompletion(withSignedFiles, announced, this.options.clock.now());
			await commitTransition(repository, withSignedFiles, transition, { actor: SYSTEM_ACTOR, ip: null, userAgent: null }, this.options.recorder);
			const at = this.options.clock.now().toISOString();
			await repository.finalizations.updateLocked({ ...current, status: 'done', attempts: current.attempts + 1, lastError: null, finishedAt: at });
			return true;
		});
	}
}

async function readAll(blobs: BlobStore, sha256s: string[]): Promise<Map<string, Uint8Array>> {
	const bytes = new Map<string, Uint8Array>();
	for (const sha256 of sha256s) bytes.set(sha256, await blobs.get(sha256));
	return bytes;
}
