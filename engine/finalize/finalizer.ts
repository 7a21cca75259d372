import type { EventEmitter } from 'node:events';
import { PDFDocument } from 'pdf-lib';
import { DEFAULT_PRIMARY_COLOR, SYSTEM_ACTOR, finalizeCompletion, type Clock, type SignedFile } from '../domain';
import { failpoint } from '../failpoints';
import { appendCertificate } from '../pdf/certificate';
import { DocumentFonts } from '../pdf/fonts';
import { sealDocument } from '../pdf/seal';
import type { SealIdentities } from '../pdf/sealIdentity';
import { stampDocument } from '../pdf/stamp';
import { sha256Hex, type BlobStore } from '../store/blobStore';
import type { FinalizationJob, Store } from '../store/port';
import { commitTransition } from '../transitions';
import { certificateData } from './certificateData';

interface Logger {
	error(object: unknown, message: string): void;
	warn(object: unknown, message: string): void;
	info(object: unknown, message: string): void;
}

export interface FinalizerOptions {
	store: Store;
	blobs: BlobStore;
	clock: Clock;
	seals: SealIdentities;
	mailEnabled: boolean;
	/** Emits 'completed' when a workflow completes, so work starts without waiting for the next poll. */
	signals: EventEmitter;
	pollIntervalMs: number;
	retryDelaysMs: number[];
	log: Logger;
}

export const DEFAULT_FINALIZE_RETRY_DELAYS_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000];

/**
 * Turns a completed workflow into its signed documents, after the completing
 * transaction has committed, so no API call waits for it. For each file:
 * stamp every signature and annotation, append the certificate of completion,
 * seal. The signed files are stored, then in one transaction they are
 * recorded, workflow.completed is announced and the job is closed. A crash
 * anywhere before that transaction leaves the job pending: the next start
 * picks it up again.
 */
export class Finalizer {
	private timer: NodeJS.Timeout | null = null;
	private running: Promise<unknown> | null = null;
	private again = false;
	private readonly wake = () => this.kick();

	constructor(private readonly options: FinalizerOptions) {}

	start(): void {
		if (this.timer) return;
		this.options.signals.on('completed', this.wake);
		this.schedule(0);
	}

	async stop(): Promise<void> {
		this.options.signals.off('completed', this.wake);
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		await this.running;
	}

	private schedule(delay: number): void {
		this.timer = setTimeout(() => {
			this.running = this.tick().finally(() => {
				this.running = null;
				if (!this.timer) return;
				this.schedule(this.again ? 0 : this.options.pollIntervalMs);
				this.again = false;
			});
		}, delay).unref();
	}

	/** Runs a pass now (or right after the current one). */
	kick(): void {
		if (!this.timer) return;
		if (this.running) {
			this.again = true;
			return;
		}
		clearTimeout(this.timer);
		this.schedule(0);
	}

	/** Finalizes every due job; returns how many completed. */
	async tick(): Promise<number> {
		let done = 0;
		try {
			const due = await this.options.store.read((repository) =>
				repository.finalizations.due(this.options.clock.now().toISOString(), 10),
			);
			for (const job of due) if (await this.run(job)) done += 1;
		} catch (error) {
			this.options.log.error({ err: error }, 'finalization pass failed; retrying at the next interval');
		}
		return done;
	}

	private async run(job: FinalizationJob): Promise<boolean> {
		const started = Date.now();
		try {
			const signed = await this.produce(job);
			failpoint('finalize:before-commit');
			await this.commit(job, signed);
			this.options.log.info({ workflowId: job.workflowId, ms: Date.now() - started }, 'signing workflow finalized');
			return true;
		} catch (error) {
			const attempts = job.attempts + 1;
			const delay = this.options.retryDelaysMs[attempts - 1];
			const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
			this.options.log.warn({ workflowId: job.workflowId, attempts, err: error }, 'finalization failed');
			const next: FinalizationJob =
				delay === undefined
					? { ...job, status: 'failed', attempts, lastError }
					: { ...job, attempts, lastError, nextAttemptAt: new Date(this.options.clock.now().getTime() + delay).toISOString() };
			await this.options.store.transaction((repository) => repository.finalizations.update(next));
			return false;
		}
	}

	/** Builds and stores the signed files; returns what to record. */
	private async produce(job: FinalizationJob) {
		const { store, blobs } = this.options;
		const context = await store.read(async (repository) => {
			const aggregate = await repository.loadAggregate(job.organizationId, job.workflowId);
			const events = await repository.events.listByWorkflow(job.organizationId, job.workflowId);
			const organization = await repository.organizations.get(job.organizationId);
			const branding = await repository.interfaces.get(job.organizationId);
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
		const signingTime = this.options.clock.now();

		// Pass 1: stamp each file and hash the signed pages (the certificates name every file's hash).
		const stamped: Array<{ document: PDFDocument; fonts: DocumentFonts; fileId: string }> = [];
		const stampedSha256 = new Map<string, string>();
		for (const file of aggregate.files) {
			const document = await PDFDocument.load(await blobs.get(file.sha256), { updateMetadata: false });
			const fonts = new DocumentFonts(document);
			await stampDocument(
				document,
				{
					timeZone: aggregate.workflow.timeZone,
					signatures: await Promise.all(
						aggregate.signatures
							.filter((field) => field.fileId === file.id && field.signedAt)
							.map(async (field) => ({ field, png: field.valueImageSha256 ? await blobs.get(field.valueImageSha256) : null })),
					),
					annotations: await Promise.all(
						aggregate.annotations
							.filter((annotation) => annotation.fileId === file.id)
							.map(async (annotation) => {
								const asset = context.images.get(annotation.id);
								return { annotation, image: asset ? { bytes: await blobs.get(asset.sha256), mimeType: asset.mimeType } : null };
							}),
					),
				},
				fonts,
			);
			stampedSha256.set(file.id, sha256Hex(await document.save({ useObjectStreams: false })));
			stamped.push({ document, fonts, fileId: file.id });
		}

		// Pass 2: certificate and seal.
		const identity = this.options.seals.forOrganization(organization.id, organization.name);
		const certificate = certificateData({
			aggregate,
			events: context.events,
			organization,
			primaryColor: context.branding?.primaryColor ?? DEFAULT_PRIMARY_COLOR,
			logo: context.logo ? { bytes: await blobs.get(context.logo.sha256), mimeType: context.logo.mimeType } : null,
			stampedSha256,
		});
		const results: Array<SignedFile & { signedSize: number; stampedSha256: string }> = [];
		for (const { document, fonts, fileId } of stamped) {
			await appendCertificate(document, certificate, fonts);
			document.setProducer('Signflow');
			document.setModificationDate(signingTime);
			const sealed = await sealDocument(document, identity, {
				signingTime,
				reason: `Signed by all parties of "${aggregate.workflow.name}"`,
				location: organization.name,
				contactInfo: organization.adminEmail ?? organization.name,
			});
			const file = aggregate.files.find((candidate) => candidate.id === fileId)!;
			results.push({
				fileId,
				name: file.name,
				sha256: file.sha256,
				signedSha256: await blobs.put(sealed),
				signedSize: sealed.length,
				stampedSha256: stampedSha256.get(fileId)!,
			});
		}
		return results;
	}

	private async commit(job: FinalizationJob, files: Array<SignedFile & { signedSize: number; stampedSha256: string }>) {
		await this.options.store.transaction(async (repository) => {
			const current = await repository.finalizations.get(job.organizationId, job.workflowId);
			if (current?.status !== 'pending') return;
			const aggregate = await repository.loadAggregate(job.organizationId, job.workflowId, { forUpdate: true });
			if (!aggregate) throw new Error('The workflow no longer exists.');
			for (const file of files)
				await repository.files.setSigned(job.organizationId, file.fileId, {
					signedSha256: file.signedSha256,
					signedSize: file.signedSize,
					stampedSha256: file.stampedSha256,
				});
			const announced = files.map(({ fileId, name, sha256, signedSha256 }) => ({ fileId, name, sha256, signedSha256 }));
			const transition = finalizeCompletion(aggregate, announced, this.options.clock.now());
			await commitTransition(repository, aggregate, transition, { actor: SYSTEM_ACTOR, ip: null, userAgent: null }, {
				mailEnabled: this.options.mailEnabled,
			});
			const at = this.options.clock.now().toISOString();
			await repository.finalizations.update({ ...current, status: 'done', attempts: current.attempts + 1, lastError: null, finishedAt: at });
		});
	}
}
