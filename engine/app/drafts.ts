import {
	SignflowError,
	assertBoxOnPage,
	assertEditable,
	documentPurged,
	fileTooLarge,
	invalid,
	isActor,
	newId,
	notFound,
	type AddAnnotationInput,
	type AddSignatureInput,
	type AddSignerInput,
	type Annotation,
	type EventContext,
	type FileVersion,
	type PendingEvent,
	type Principal,
	type SignatureField,
	type SignatureFieldView,
	type Signer,
	type SignerView,
	type WorkflowAggregate,
	type WorkflowFile,
} from '../domain';
import { inspectPdf } from '../pdf/inspect';
import { hashAccessCode } from '../security/secrets';
import type { BlobContent } from '../store/blobStore';
import type { Repository } from '../store/port';
import { insertAsset, lockAggregate, requireWorkflow, storeImage, type ServiceOptions } from './shared';
import { signatureView, signerView } from './views';

type DraftChange<T> = (
	repository: Repository,
	aggregate: WorkflowAggregate,
	at: string,
) => Promise<{ result: T; event: Omit<PendingEvent, 'workflowId'> }>;

/** Editing a draft: its files, signers, signature fields and annotations. */
export class Drafts {
	constructor(private readonly options: Pick<ServiceOptions, 'store' | 'blobs' | 'clock' | 'links' | 'recorder' | 'maxFileBytes'>) {}

	async addFile(
		principal: Principal,
		workflowId: string,
		upload: { name: string; bytes: Uint8Array },
		context: EventContext,
	): Promise<WorkflowFile> {
		if (upload.bytes.length > this.options.maxFileBytes) throw fileTooLarge(this.options.maxFileBytes);
		// Refuse early, before parsing and storing bytes, when the workflow cannot take files.
		await this.options.store.read(async (repository) => assertEditable(await requireWorkflow(repository, principal, workflowId)));
		const facts = await inspectPdf(upload.bytes);
		const sha256 = await this.options.blobs.put(upload.bytes);
		return this.edit(principal, workflowId, context, async (repository, _aggregate, at) => {
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
	): Promise<{ file: WorkflowFile; content: BlobContent }> {
		const { workflow, files } = await this.options.store.read(async (repository) => ({
			workflow: await requireWorkflow(repository, principal, workflowId),
			files: await repository.files.listByWorkflow(principal.organizationId, workflowId),
		}));
		const file = files.find((candidate) => candidate.id === fileId);
		if (!file) throw notFound('file');
		if (workflow.purgedAt) throw documentPurged(workflow.purgedAt);
		const sha256 = version === 'signed' ? file.signedSha256 : file.sha256;
		if (!sha256)
			throw new SignflowError('conflict', 'signed_file_not_ready', 'The signed file exists once the signing workflow is completed.');
		return { file, content: await this.options.blobs.open(sha256) };
	}

	async addSigner(principal: Principal, workflowId: string, input: AddSignerInput, context: EventContext): Promise<SignerView> {
		const accessCodeHash = input.accessCode ? await hashAccessCode(input.accessCode) : null;
		return this.edit(principal, workflowId, context, async (repository, _aggregate, at) => {
			const signer: Signer = {
				id: newId(),
				workflowId,
				name: input.name,
				email: input.email,
				role: input.role,
				order: input.order,
				status: 'pending',
				hasAccessCode: accessCodeHash !== null,
				verification: input.verification,
				locale: input.locale ?? null,
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
		return this.edit(principal, workflowId, context, async (repository, aggregate, at) => {
			const file = referenced(aggregate.files, input.fileId, 'file');
			const signer = referenced(aggregate.signers, input.signerId, 'signer');
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
		const image = input.type === 'image' && typeof input.value === 'string' ? await storeImage(this.options.blobs, input.value, 'value') : null;
		return this.edit(principal, workflowId, context, async (repository, aggregate, at) => {
			const file = referenced(aggregate.files, input.fileId, 'file');
			if (input.signerId) {
				const signer = referenced(aggregate.signers, input.signerId, 'signer');
				if (!isActor(signer))
					throw invalid('signer_cannot_fill', `${signer.name} is a ${signer.role} and cannot fill in fields.`, [
						{ path: 'signerId', message: `Role is ${signer.role}.` },
					]);
			}
			assertBoxOnPage(file, input);
			const imageFileId = image ? await insertAsset(repository, principal.organizationId, image, at) : null;
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

	/**
	 * Runs one change to a draft in a transaction: locks and loads the workflow,
	 * refuses anything but a draft, records the change's event and touches updatedAt.
	 */
	private async edit<T>(principal: Principal, workflowId: string, context: EventContext, change: DraftChange<T>): Promise<T> {
		return this.options.store.transaction(async (repository) => {
			const aggregate = await lockAggregate(repository, principal, workflowId);
			assertEditable(aggregate.workflow);
			const at = this.options.clock.now().toISOString();
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
}

/** The file or signer of this workflow an input names by id, or a validation error on that id. */
function referenced<T extends { id: string }>(items: readonly T[], id: string, what: 'file' | 'signer'): T {
	const item = items.find((candidate) => candidate.id === id);
	if (!item)
		throw invalid(`${what}_not_found`, `${what}Id does not name a ${what} of this signing workflow.`, [
			{ path: `${what}Id`, message: `Unknown ${what}.` },
		]);
	return item;
}
