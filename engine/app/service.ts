import {
	DEFAULT_PRIMARY_COLOR,
	newId,
	SYSTEM_ACTOR,
	assertBoxOnPage,
	assertEditable,
	cancelWorkflow,
	expireWorkflow,
	invalid,
	isActor,
	notFound,
	reassignSigner,
	reissueLink,
	remindSigners,
	sendWorkflow,
	verifyChain,
	SignflowError,
	type AddAnnotationInput,
	type AddSignatureInput,
	type AddSignerInput,
	type Annotation,
	type ApiKeyInfo,
	type ApiKeyMode,
	type AuditEvent,
	type CancelWorkflowInput,
	type ChainCheck,
	type Clock,
	type CreateOrganizationInput,
	type CreateWorkflowInput,
	type EventContext,
	type FileVersion,
	type Branding,
	type ListWorkflowsQuery,
	type Organization,
	type PendingEvent,
	type ReassignInput,
	type ReissueInput,
	type Principal,
	type SignatureField,
	type SignatureFieldView,
	type Signer,
	type SignerView,
	type Transition,
	type UpdateBrandingInput,
	UpdateOrganizationInput,
	type Workflow,
	type WorkflowAggregate,
	type WorkflowFile,
} from '../domain';
import { inspectImage } from '../pdf/images';
import { inspectPdf } from '../pdf/inspect';
import { generateApiKey, hashAccessCode, hashApiKey, newAccessCode, type GeneratedApiKey } from '../security/secrets';
import { SigningLinks } from '../security/signingLinks';
import { SigningService } from './signing/signingService';
import type { BlobStore } from '../store/blobStore';
import type { Repository, Store, StoredBranding, WorkflowPage } from '../store/port';
import type { OutboxEmail } from '../domain';
import type { EventRecorder } from '../outbox/recorder';
import type { SecretBox } from '../security/secretBox';
import type { NetworkPolicy } from '../security/networkPolicy';
import { WebhookAdmin } from './webhookAdmin';
import { commitTransition } from './commit';
import { verifyDocument, type VerificationResult } from './verification';
import { signatureView, signerView, workflowDetail, type WorkflowDetail } from './views';
import type { Signals } from '../support/signals';

export interface ServiceOptions {
	store: Store;
	blobs: BlobStore;
	clock: Clock;
	links: SigningLinks;
	/** Emits 'completed' after a transaction that completed a workflow has committed. */
	signals: Signals;
	/** Records events with their webhook deliveries and emails. */
	recorder: EventRecorder;
	/** Encrypts webhook secrets. */
	secrets: SecretBox;
	/** Where webhooks may be sent. */
	network: NetworkPolicy;
	/** Largest PDF accepted by addFile, in bytes. */
	maxFileBytes: number;
}

export interface AuditTrail {
	workflowId: string;
	events: AuditEvent[];
	chain: ChainCheck;
}

/**
 * The one facade over the engine: HTTP routes, the scheduler, the CLI and
 * tests all go through it. Every method that touches an organization's data
 * takes the caller's Principal and never looks outside its organization.
 */
export class SignflowService {
	/** The signer's side: what the signing page reads and does, authorised by the link's token. */
	readonly signing: SigningService;
	/** Webhook configurations, their delivery log and replays. */
	readonly webhooks: WebhookAdmin;

	constructor(private readonly options: ServiceOptions) {
		this.signing = new SigningService(options);
		this.webhooks = new WebhookAdmin(options);
	}

	private get store(): Store {
		return this.options.store;
	}

	private now(): Date {
		return this.options.clock.now();
	}

	// ----- organizations and API keys -----

	/** A new organization and its first key (made here, or one made beforehand with generateApiKey). */
	async createOrganization(
		input: CreateOrganizationInput,
		key: GeneratedApiKey = generateApiKey('live'),
	): Promise<{ organization: Organization; apiKey: string; apiKeyInfo: ApiKeyInfo }> {
		const at = this.now().toISOString();
		const organization: Organization = {
			id: newId(),
			name: input.name,
			adminEmail: input.adminEmail ?? null,
			createdAt: at,
		};
		return this.store.transaction(async (repository) => {
			await repository.organizations.insert(organization);
			await repository.branding.upsert(defaultBrandingRow(organization.id, at));
			const { apiKey, apiKeyInfo } = await this.insertApiKey(repository, organization.id, 'Default key', 'live', at, key);
			return { organization, apiKey, apiKeyInfo };
		});
	}

	/** A new key for an existing organization; the key itself is returned only here. */
	async createApiKey(
		organizationId: string,
		name: string,
		mode: ApiKeyMode = 'live',
	): Promise<{ apiKey: string; apiKeyInfo: ApiKeyInfo }> {
		return this.store.transaction(async (repository) => {
			if (!(await repository.organizations.get(organizationId))) throw notFound('organization');
			return this.insertApiKey(repository, organizationId, name, mode, this.now().toISOString());
		});
	}

	private async insertApiKey(repository: Repository, organizationId: string, name: string, mode: ApiKeyMode, at: string, generated = generateApiKey(mode)) {
		const { key, prefix, keyHash } = generated;
		const apiKeyInfo: ApiKeyInfo = { id: newId(), organizationId, name, mode, prefix, createdAt: at };
		await repository.apiKeys.insert({ ...apiKeyInfo, keyHash });
		return { apiKey: key, apiKeyInfo };
	}

	/** The principal a bearer key stands for, or null for an unknown or revoked key. */
	async authenticate(apiKey: string): Promise<Principal | null> {
		const stored = await this.store.read((repository) => repository.apiKeys.findActiveByHash(hashApiKey(apiKey)));
		return stored ? { organizationId: stored.organizationId, apiKeyId: stored.id, mode: stored.mode } : null;
	}

	/** Renames the organization or changes its admin address; answers the organization as it now is. */
	async updateOrganization(principal: Principal, input: UpdateOrganizationInput): Promise<Organization> {
		const parsed = UpdateOrganizationInput.safeParse(input);
		if (!parsed.success)
			throw invalid(
				'invalid_organization',
				`The organization cannot be changed: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
				parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
			);
		return this.store.transaction(async (repository) => {
			const current = await repository.organizations.get(principal.organizationId);
			if (!current) throw notFound('organization');
			const updated: Organization = {
				...current,
				...(parsed.data.name === undefined ? {} : { name: parsed.data.name }),
				...(parsed.data.adminEmail === undefined ? {} : { adminEmail: parsed.data.adminEmail }),
			};
			await repository.organizations.update(updated);
			return updated;
		});
	}

	async getOrganization(principal: Principal): Promise<Organization> {
		const organization = await this.store.read((repository) => repository.organizations.get(principal.organizationId));
		if (!organization) throw notFound('organization');
		return organization;
	}

	// ----- workflows -----

	async createWorkflow(principal: Principal, input: CreateWorkflowInput, context: EventContext): Promise<WorkflowDetail> {
		const now = this.now();
		const at = now.toISOString();
		const expiresAt = input.expiresAt ? new Date(input.expiresAt).toISOString() : null;
		if (expiresAt && Date.parse(expiresAt) <= now.getTime())
			throw invalid('expires_at_in_past', 'expiresAt must lie in the future.', [
				{ path: 'expiresAt', message: `${input.expiresAt} is not after ${at}.` },
			]);
		const workflow: Workflow = {
			id: newId(),
			organizationId: principal.organizationId,
			name: input.name,
			message: input.message || null,
			status: 'draft',
			timeZone: input.timeZone,
			expiresAt,
			requestFrom: input.requestFrom ?? null,
			metadata: input.metadata,
			reminderPolicy: input.reminderPolicy ?? null,
			cancelReason: null,
			createdAt: at,
			updatedAt: at,
			sentAt: null,
			endedAt: null,
		};
		await this.store.transaction(async (repository) => {
			await repository.workflows.insert(workflow);
			await this.options.recorder.record(repository, {
				organizationId: principal.organizationId,
				events: [{ type: 'workflow.created', workflowId: workflow.id, data: { name: workflow.name } }],
				context,
				at,
				workflow,
			});
		});
		return workflowDetail({ workflow, files: [], signers: [], signatures: [], annotations: [] }, this.options.links, null);
	}

	async getWorkflow(principal: Principal, workflowId: string): Promise<WorkflowDetail> {
		const found = await this.store.read(async (repository) => {
			const aggregate = await repository.loadAggregate(principal.organizationId, workflowId);
			return aggregate && { aggregate, finalization: await repository.finalizations.get(principal.organizationId, workflowId) };
		});
		if (!found) throw notFound('workflow');
		return workflowDetail(found.aggregate, this.options.links, found.finalization);
	}

	async listWorkflows(principal: Principal, query: ListWorkflowsQuery): Promise<WorkflowPage> {
		return this.store.read((repository) => repository.workflows.list(principal.organizationId, query));
	}

	async addFile(
		principal: Principal,
		workflowId: string,
		upload: { name: string; bytes: Uint8Array },
		context: EventContext,
	): Promise<WorkflowFile> {
		if (upload.bytes.length > this.options.maxFileBytes) throw fileTooLarge(this.options.maxFileBytes);
		// Refuse early, before parsing and storing bytes, when the workflow cannot take files.
		await this.store.read(async (repository) => {
			const workflow = await repository.workflows.get(principal.organizationId, workflowId);
			if (!workflow) throw notFound('workflow');
			assertEditable(workflow);
		});
		const facts = await inspectPdf(upload.bytes);
		const sha256 = await this.options.blobs.put(upload.bytes);
		return this.editDraft(principal, workflowId, context, async (repository, _aggregate, at) => {
			const file: WorkflowFile = {
				id: newId(),
				workflowId,
				name: upload.name,
				sha256,
				size: upload.bytes.length,
				pageCount: facts.pageCount,
				pages: facts.pages,
				signedSha256: null,
				signedSize: null,
				createdAt: at,
			};
			await repository.files.insert(principal.organizationId, file);
			return {
				result: file,
				event: { type: 'file.added', data: { fileId: file.id, name: file.name, sha256, size: file.size, pageCount: file.pageCount } },
			};
		});
	}

	async getFileContent(
		principal: Principal,
		workflowId: string,
		fileId: string,
		version: FileVersion,
	): Promise<{ file: WorkflowFile; bytes: Buffer }> {
		const files = await this.store.read(async (repository) => {
			if (!(await repository.workflows.get(principal.organizationId, workflowId))) throw notFound('workflow');
			return repository.files.listByWorkflow(principal.organizationId, workflowId);
		});
		const file = files.find((candidate) => candidate.id === fileId);
		if (!file) throw notFound('file');
		const sha256 = version === 'signed' ? file.signedSha256 : file.sha256;
		if (!sha256)
			throw new SignflowError('conflict', 'signed_file_not_ready', 'The signed file exists once the signing workflow is completed.');
		return { file, bytes: await this.options.blobs.get(sha256) };
	}

	async addSigner(principal: Principal, workflowId: string, input: AddSignerInput, context: EventContext): Promise<SignerView> {
		const accessCodeHash = input.accessCode ? await hashAccessCode(input.accessCode) : null;
		return this.editDraft(principal, workflowId, context, async (repository, _aggregate, at) => {
			const signer: Signer = {
				id: newId(),
				workflowId,
				name: input.name,
				email: input.email,
				role: input.role,
				order: input.order,
				status: 'pending',
				hasAccessCode: accessCodeHash !== null,
				viewedAt: null,
				signedAt: null,
				refusedAt: null,
				refusalReason: null,
				linkVersion: 0,
				failedAccessAttempts: 0,
				lockedAt: null,
				createdAt: at,
				updatedAt: at,
			};
			await repository.signers.insert(principal.organizationId, { ...signer, accessCodeHash });
			return {
				result: signerView(signer, 'draft', this.options.links),
				event: {
					type: 'signer.added',
					data: { signerId: signer.id, name: signer.name, email: signer.email, role: signer.role, order: signer.order },
				},
			};
		});
	}

	async addSignature(
		principal: Principal,
		workflowId: string,
		input: AddSignatureInput,
		context: EventContext,
	): Promise<SignatureFieldView> {
		return this.editDraft(principal, workflowId, context, async (repository, aggregate, at) => {
			const file = referencedFile(aggregate, input.fileId);
			const signer = referencedSigner(aggregate, input.signerId);
			if (signer.role !== 'signer')
				throw invalid('signer_cannot_sign', `${signer.name} is a ${signer.role}; only signers get signature fields.`, [
					{ path: 'signerId', message: `Role is ${signer.role}.` },
				]);
			assertBoxOnPage(file, input);
			const field: SignatureField = {
				id: newId(),
				workflowId,
				fileId: file.id,
				signerId: signer.id,
				page: input.page,
				x: input.x,
				y: input.y,
				width: input.width,
				height: input.height,
				kind: input.kind,
				required: input.required,
				signedAt: null,
				valueType: null,
				valueText: null,
				valueImageSha256: null,
				createdAt: at,
			};
			await repository.signatures.insert(principal.organizationId, field);
			return {
				result: signatureView(field),
				event: {
					type: 'signature.added',
					data: { signatureId: field.id, fileId: file.id, signerId: signer.id, page: field.page, kind: field.kind },
				},
			};
		});
	}

	async addAnnotation(
		principal: Principal,
		workflowId: string,
		input: AddAnnotationInput,
		context: EventContext,
	): Promise<Annotation> {
		const image = input.type === 'image' && typeof input.value === 'string' ? Buffer.from(input.value, 'base64') : null;
		const imageType = image ? await inspectImage(image, 'value') : null;
		const imageSha256 = image ? await this.options.blobs.put(image) : null;
		return this.editDraft(principal, workflowId, context, async (repository, aggregate, at) => {
			const file = referencedFile(aggregate, input.fileId);
			if (input.signerId) {
				const signer = referencedSigner(aggregate, input.signerId);
				if (!isActor(signer))
					throw invalid('signer_cannot_fill', `${signer.name} is a ${signer.role} and cannot fill in fields.`, [
						{ path: 'signerId', message: `Role is ${signer.role}.` },
					]);
			}
			assertBoxOnPage(file, input);
			let imageFileId: string | null = null;
			if (image && imageType && imageSha256) {
				imageFileId = newId();
				await repository.assets.insert({
					id: imageFileId,
					organizationId: principal.organizationId,
					sha256: imageSha256,
					mimeType: imageType,
					size: image.length,
					createdAt: at,
				});
			}
			const annotation: Annotation = {
				id: newId(),
				workflowId,
				fileId: file.id,
				signerId: input.signerId ?? null,
				page: input.page,
				x: input.x,
				y: input.y,
				width: input.width,
				height: input.height,
				type: input.type,
				value: image ? null : (input.value ?? null),
				imageFileId,
				label: input.label || null,
				required: input.signerId ? input.required : false,
				fontSize: input.fontSize,
				filledAt: null,
				createdAt: at,
			};
			await repository.annotations.insert(principal.organizationId, annotation);
			return {
				result: annotation,
				event: {
					type: 'annotation.added',
					data: {
						annotationId: annotation.id,
						fileId: file.id,
						signerId: annotation.signerId,
						type: annotation.type,
						page: annotation.page,
					},
				},
			};
		});
	}

	/** Sends a draft: every signer gets a signing link (signingUrl in the answer). */
	async send(principal: Principal, workflowId: string, context: EventContext): Promise<WorkflowDetail> {
		return this.transition(principal, workflowId, context, (aggregate, now) => sendWorkflow(aggregate, now), async (repository, after) => {
			for (const signer of after.signers) await this.storeLinkHash(repository, principal.organizationId, signer);
		});
	}

	/** Reminds the signers whose turn it is (by email when SMTP is configured; always as signer.reminded events). */
	async remind(principal: Principal, workflowId: string, context: EventContext): Promise<WorkflowDetail> {
		return this.transition(principal, workflowId, context, (aggregate, now) => remindSigners(aggregate, now));
	}

	/** A new signing link for one signer: the old one stops working, an access-code lock is lifted. */
	async reissueLink(
		principal: Principal,
		workflowId: string,
		signerId: string,
		input: ReissueInput,
		context: EventContext,
	): Promise<SignerView & { accessCode?: string }> {
		const before = await this.store.read(async (repository) => {
			const aggregate = await repository.workflows.get(principal.organizationId, workflowId);
			if (!aggregate) throw notFound('workflow');
			return (await repository.signers.listByWorkflow(principal.organizationId, workflowId)).find((signer) => signer.id === signerId) ?? null;
		});
		if (!before) throw notFound('signer');
		// After a lock the old code may be known to whoever guessed: the new link never keeps it.
		const made = !input.accessCode && before.hasAccessCode && before.lockedAt ? newAccessCode() : undefined;
		const code = input.accessCode ?? made;
		const accessCodeHash = code ? await hashAccessCode(code) : null;
		const view = await this.newLinkFor(
			principal,
			workflowId,
			signerId,
			context,
			(aggregate, signer, now) => reissueLink(aggregate, signer, now),
			accessCodeHash ? (repository) => repository.signers.setAccessCodeHash(principal.organizationId, signerId, accessCodeHash) : undefined,
		);
		return made ? { ...view, hasAccessCode: true, accessCode: made } : accessCodeHash ? { ...view, hasAccessCode: true } : view;
	}

	/** Gives a signer's place to another person, with a new link (the old one stops working). */
	async reassignSigner(
		principal: Principal,
		workflowId: string,
		signerId: string,
		input: ReassignInput,
		context: EventContext,
	): Promise<SignerView> {
		return this.newLinkFor(principal, workflowId, signerId, context, (aggregate, signer, now) => reassignSigner(aggregate, signer, input, now));
	}

	/** A transition of one signer that gives them a new link version; stores the new link's hash with it. */
	private async newLinkFor(
		principal: Principal,
		workflowId: string,
		signerId: string,
		context: EventContext,
		decide: (aggregate: WorkflowAggregate, signer: Signer, now: Date) => Transition,
		alsoInTransaction?: (repository: Repository) => Promise<void>,
	): Promise<SignerView> {
		const detail = await this.transition(
			principal,
			workflowId,
			context,
			(aggregate, now) => {
				const signer = aggregate.signers.find((candidate) => candidate.id === signerId);
				if (!signer) throw notFound('signer');
				return decide(aggregate, signer, now);
			},
			async (repository, after) => {
				await this.storeLinkHash(repository, principal.organizationId, after.signers.find((candidate) => candidate.id === signerId)!);
				await this.keepOneInvitation(repository, principal.organizationId, workflowId, signerId);
				await alsoInTransaction?.(repository);
			},
		);
		return detail.signers.find((signer) => signer.id === signerId)!;
	}

	/**
	 * An invitation still queued when a signer gets a new link (reissued, or reassigned to another
	 * person) would go out beside the new one, to the new address: only the newest is kept.
	 */
	private async keepOneInvitation(repository: Repository, organizationId: string, workflowId: string, signerId: string): Promise<void> {
		const queued = (await repository.emails.listByWorkflow(organizationId, workflowId))
			.filter((email) => email.signerId === signerId && email.status === 'pending' && (email.kind === 'invitation' || email.kind === 'reminder'))
			.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
		for (const email of queued.slice(0, -1))
			await repository.emails.update({ ...email, status: 'skipped', lastError: 'superseded by a newer link for this signer' });
	}

	private async storeLinkHash(repository: Repository, organizationId: string, signer: Signer): Promise<void> {
		const hash = SigningLinks.hash(this.options.links.token(signer.id, signer.linkVersion))!;
		await repository.signers.setTokenHash(organizationId, signer.id, hash);
	}

	async cancel(
		principal: Principal,
		workflowId: string,
		input: CancelWorkflowInput,
		context: EventContext,
	): Promise<WorkflowDetail> {
		return this.transition(principal, workflowId, context, (aggregate, now) =>
			cancelWorkflow(aggregate, now, input.reason),
		);
	}

	/** Moves every `sent` workflow whose expiresAt has passed to `expired`; returns how many. */
	async expireDueWorkflows(limit = 100): Promise<number> {
		const now = this.now();
		const due = await this.store.read((repository) => repository.workflows.dueForExpiry(now.toISOString(), limit));
		let expired = 0;
		for (const { organizationId, id } of due) {
			// Re-checked under the lock: a signer may have completed it or a user cancelled it meanwhile.
			const done = await this.store.transaction(async (repository) => {
				const aggregate = await repository.loadAggregate(organizationId, id, { forUpdate: true });
				if (!aggregate || aggregate.workflow.status !== 'sent') return false;
				await commitTransition(repository, aggregate, expireWorkflow(aggregate, now), SYSTEM_CONTEXT, this.options.recorder);
				return true;
			});
			if (done) expired += 1;
		}
		return expired;
	}

	/** The emails this workflow caused, with their delivery state (pending, sent, failed, skipped). */
	async listEmails(principal: Principal, workflowId: string): Promise<OutboxEmail[]> {
		return this.store.read(async (repository) => {
			if (!(await repository.workflows.get(principal.organizationId, workflowId))) throw notFound('workflow');
			return repository.emails.listByWorkflow(principal.organizationId, workflowId);
		});
	}

	/** Every event of the organization after a position, oldest first: for receivers catching up on missed webhooks. */
	async listEvents(principal: Principal, afterSeq: number, limit: number) {
		const rows = await this.store.read((repository) => repository.events.listByOrganization(principal.organizationId, afterSeq, limit + 1));
		const page = rows.slice(0, limit);
		return { events: page, last: page[page.length - 1]?.seq ?? afterSeq, more: rows.length > limit };
	}

	async getAuditTrail(principal: Principal, workflowId: string): Promise<AuditTrail> {
		const events = await this.store.read(async (repository) => {
			if (!(await repository.workflows.get(principal.organizationId, workflowId))) throw notFound('workflow');
			return repository.events.listByWorkflow(principal.organizationId, workflowId);
		});
		return { workflowId, events, chain: verifyChain(events) };
	}

	/** Whether a PDF is an unmodified signed document of this organization, and of which workflow. */
	async verify(principal: Principal, bytes: Buffer): Promise<VerificationResult> {
		if (bytes.length === 0) throw invalid('file_empty', 'The file is empty (0 bytes).');
		return verifyDocument(this.store, bytes, principal.organizationId);
	}

	// ----- branding -----

	async getBranding(principal: Principal): Promise<Branding> {
		const row = await this.store.read((repository) => repository.branding.get(principal.organizationId));
		return toBranding(row ?? defaultBrandingRow(principal.organizationId, this.now().toISOString()));
	}

	async updateBranding(principal: Principal, input: UpdateBrandingInput, context: EventContext): Promise<Branding> {
		const images = {
			logo: input.logo ? await this.storeImage(input.logo.contentBase64, 'logo') : input.logo,
			icon: input.icon ? await this.storeImage(input.icon.contentBase64, 'icon') : input.icon,
		};
		const at = this.now().toISOString();
		return this.store.transaction(async (repository) => {
			const current = (await repository.branding.get(principal.organizationId)) ?? defaultBrandingRow(principal.organizationId, at);
			const assetId = async (image: typeof images.logo, existing: string | null) => {
				if (image === undefined) return existing;
				if (image === null) return null;
				const id = newId();
				await repository.assets.insert({ id, organizationId: principal.organizationId, createdAt: at, ...image });
				return id;
			};
			const next: StoredBranding = {
				...current,
				primaryColor: input.primaryColor === undefined ? current.primaryColor : input.primaryColor,
				logoAssetId: await assetId(images.logo, current.logoAssetId),
				iconAssetId: await assetId(images.icon, current.iconAssetId),
				updatedAt: at,
			};
			await repository.branding.upsert(next);
			await this.options.recorder.record(repository, {
				organizationId: principal.organizationId,
				events: [{ type: 'interface.updated', workflowId: null, data: { changed: Object.keys(input) } }],
				context,
				at,
			});
			return toBranding(next);
		});
	}

	async getBrandingImage(principal: Principal, which: 'logo' | 'icon'): Promise<{ mimeType: string; bytes: Buffer }> {
		const asset = await this.store.read(async (repository) => {
			const row = await repository.branding.get(principal.organizationId);
			const assetId = which === 'logo' ? row?.logoAssetId : row?.iconAssetId;
			return assetId ? repository.assets.get(principal.organizationId, assetId) : null;
		});
		if (!asset) throw notFound(which);
		return { mimeType: asset.mimeType, bytes: await this.options.blobs.get(asset.sha256) };
	}

	private async storeImage(contentBase64: string, field: string) {
		const bytes = Buffer.from(contentBase64, 'base64');
		const mimeType = await inspectImage(bytes, field);
		const sha256 = await this.options.blobs.put(bytes);
		return { sha256, mimeType, size: bytes.length };
	}

	// ----- shared steps -----

	/**
	 * Runs one change to a draft in a transaction: locks and loads the workflow,
	 * refuses anything but a draft, records the change's event and touches updatedAt.
	 */
	private async editDraft<T>(
		principal: Principal,
		workflowId: string,
		context: EventContext,
		change: (
			repository: Repository,
			aggregate: WorkflowAggregate,
			at: string,
		) => Promise<{ result: T; event: Omit<PendingEvent, 'workflowId'> }>,
	): Promise<T> {
		return this.store.transaction(async (repository) => {
			const aggregate = await repository.loadAggregate(principal.organizationId, workflowId, { forUpdate: true });
			if (!aggregate) throw notFound('workflow');
			assertEditable(aggregate.workflow);
			const at = this.now().toISOString();
			const { result, event } = await change(repository, aggregate, at);
			const workflow = { ...aggregate.workflow, updatedAt: at };
			await repository.workflows.update(workflow);
			await this.options.recorder.record(repository, {
				organizationId: principal.organizationId,
				events: [{ ...event, workflowId }],
				context,
				at,
				workflow,
			});
			return result;
		});
	}

	/** Locks the workflow, decides the transition, commits it with its consequences, answers the new detail. */
	private async transition(
		principal: Principal,
		workflowId: string,
		context: EventContext,
		decide: (aggregate: WorkflowAggregate, now: Date) => Transition,
		alsoInTransaction?: (repository: Repository, after: WorkflowAggregate) => Promise<void>,
	): Promise<WorkflowDetail> {
		return this.store.transaction(async (repository) => {
			const aggregate = await repository.loadAggregate(principal.organizationId, workflowId, { forUpdate: true });
			if (!aggregate) throw notFound('workflow');
			const transition = decide(aggregate, this.now());
			const { aggregate: after } = await commitTransition(repository, aggregate, transition, context, this.options.recorder);
			await alsoInTransaction?.(repository, after);
			return workflowDetail(after, this.options.links, await repository.finalizations.get(principal.organizationId, workflowId));
		});
	}
}

const SYSTEM_CONTEXT: EventContext = { actor: SYSTEM_ACTOR, ip: null, userAgent: null };

function referencedFile(aggregate: WorkflowAggregate, fileId: string): WorkflowFile {
	const file = aggregate.files.find((candidate) => candidate.id === fileId);
	if (!file)
		throw invalid('file_not_found', 'fileId does not name a file of this signing workflow.', [
			{ path: 'fileId', message: 'Unknown file.' },
		]);
	return file;
}

function referencedSigner(aggregate: WorkflowAggregate, signerId: string): Signer {
	const signer = aggregate.signers.find((candidate) => candidate.id === signerId);
	if (!signer)
		throw invalid('signer_not_found', 'signerId does not name a signer of this signing workflow.', [
			{ path: 'signerId', message: 'Unknown signer.' },
		]);
	return signer;
}

export function fileTooLarge(maxBytes: number): SignflowError {
	return new SignflowError('too_large', 'file_too_large', `The file is larger than the ${formatBytes(maxBytes)} limit.`);
}

export function formatBytes(bytes: number): string {
	return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`;
}

function defaultBrandingRow(organizationId: string, at: string): StoredBranding {
	return {
		interfaceId: newId(),
		organizationId,
		primaryColor: null,
		iconAssetId: null,
		logoAssetId: null,
		createdAt: at,
		updatedAt: at,
	};
}

function toBranding(row: StoredBranding): Branding {
	return {
		interfaceId: row.interfaceId,
		organizationId: row.organizationId,
		primaryColor: row.primaryColor ?? DEFAULT_PRIMARY_COLOR,
		iconFileId: row.iconAssetId,
		logoFileId: row.logoAssetId,
		isDefault: row.primaryColor === null && row.iconAssetId === null && row.logoAssetId === null,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
	};
}
