import { createHash } from 'node:crypto';
import {
	SignflowError,
	anchoredBoxes,
	assertBoxOnPage,
	assertEditable,
	documentPurged,
	fileTooLarge,
	invalid,
	isActor,
	newId,
	notFound,
	type AddAnnotationInput,
	type Anchor,
	type AddSignatureInput,
	type AddSignerInput,
	type Annotation,
	type EventContext,
	type FileVersion,
	type PlacedBox,
	type Principal,
	type SignatureField,
	type SignatureFieldView,
	newSigner,
	type SignerView,
	type WorkflowFile,
} from '../domain';
import { inspectPdf } from '../pdf/inspect';
import { coverTextTags, findTextOccurrences, findTextTags } from '../pdf/textTags';
import { hashAccessCode } from '../security/secrets';
import type { BlobContent } from '../store/blobStore';
import { holdBlobs } from './blobHolds';
import { changeDraft, referenced, type DraftChange, type DraftEvent } from './draftChange';
import { insertAsset, requireWorkflow, storeImage, type ServiceOptions } from './shared';
import { fieldsFromTags } from './textTagFields';
import { signatureView, signerView } from './views';


/** A field placed by an anchor also lists every field the anchor placed (itself first). */
export type Anchored<T> = T & { anchorFields?: T[] };

/** A stored file; with text tags read, the fields they made. */
export type AddedFile = WorkflowFile & { textTagFields?: { signatures: SignatureFieldView[]; annotations: Annotation[] } };

/** Editing a draft: its files, signers, signature fields and annotations. */
export class Drafts {
	constructor(private readonly options: Pick<ServiceOptions, 'store' | 'blobs' | 'clock' | 'links' | 'recorder' | 'maxFileBytes'>) {}

	/**
	 * Stores a PDF in a draft. With `textTags`, its text tags become fields of
	 * the draft's signers (textTagFields.ts) and are covered in white in the
	 * stored file; any tag that cannot be used refuses the whole upload.
	 */
	async addFile(
		principal: Principal,
		workflowId: string,
		upload: { name: string; bytes: Uint8Array; textTags?: boolean },
		context: EventContext,
	): Promise<AddedFile> {
		if (upload.bytes.length > this.options.maxFileBytes) throw fileTooLarge(this.options.maxFileBytes);
		// Refuse early, before parsing and storing bytes, when the workflow cannot take files.
		const signers = await this.options.store.read(async (repository) => {
			assertEditable(await requireWorkflow(repository, principal, workflowId));
			return upload.textTags ? repository.signers.listByWorkflow(principal.organizationId, workflowId) : [];
		});
		const facts = await inspectPdf(upload.bytes);
		const tags = upload.textTags ? await findTextTags(upload.bytes) : [];
		const fileOf = (at: string, sha256: string, size: number): WorkflowFile => ({
			id: newId(),
			workflowId,
			name: upload.name,
			sha256,
			size,
			pageCount: facts.pageCount,
			pages: facts.pages,
			signedSha256: null,
			signedSize: null,
			createdAt: at,
		});
		// Every bad tag is reported before anything is stored; the transaction checks again against the signers it locks.
		if (tags.length > 0) fieldsFromTags(tags, fileOf('', '', 0), signers, '');
		const stored = await coverTextTags(upload.bytes, tags);
		const sha256 = await this.options.blobs.put(stored);
		return this.edit(principal, workflowId, context, async (repository, aggregate, at) => {
			await holdBlobs(repository, this.options.blobs, [{ sha256, bytes: stored }]);
			const file = fileOf(at, sha256, stored.length);
			const fields = fieldsFromTags(tags, file, aggregate.signers, at);
			await repository.files.insert(principal.organizationId, file);
			for (const field of fields.signatures) await repository.signatures.insert(principal.organizationId, field);
			for (const annotation of fields.annotations) await repository.annotations.insert(principal.organizationId, annotation);
			const added = {
				type: 'file.added',
				data: {
					fileId: file.id,
					name: file.name,
					sha256,
					size: file.size,
					pageCount: file.pageCount,
					...(upload.textTags ? { textTags: tags.length, uploadedSha256: sha256Of(upload.bytes) } : {}),
				},
			} as const;
			return {
				result: upload.textTags
					? { ...file, textTagFields: { signatures: fields.signatures.map(signatureView), annotations: fields.annotations } }
					: file,
				events: [added, ...fields.signatures.map(signatureAdded), ...fields.annotations.map(annotationAdded)],
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
			const signer = newSigner(
				{
					workflowId,
					name: input.name,
					email: input.email,
					role: input.role,
					order: input.order,
					hasAccessCode: accessCodeHash !== null,
					verification: input.verification,
					locale: input.locale ?? null,
					redirectUrl: input.redirectUrl ?? null,
				},
				at,
			);
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

	/** A signature field at page/x/y, or at each (or the n-th) occurrence of an anchor text (`anchorFields` lists them all). */
	async addSignature(
		principal: Principal,
		workflowId: string,
		input: AddSignatureInput,
		context: EventContext,
	): Promise<Anchored<SignatureFieldView>> {
		const boxes = await this.placements(principal, workflowId, input);
		return this.edit(principal, workflowId, context, async (repository, aggregate, at) => {
			const file = referenced(aggregate.files, input.fileId, 'file');
			const signer = referenced(aggregate.signers, input.signerId, 'signer');
			if (signer.role !== 'signer')
				throw invalid('signer_cannot_sign', `${signer.name} is a ${signer.role}; only signers get signature fields.`, [
					{ path: 'signerId', message: `Role is ${signer.role}.` },
				]);
			const fields = boxes.map((box): SignatureField => {
				assertBoxOnPage(file, box);
				return {
					id: newId(),
					workflowId,
					fileId: file.id,
					signerId: signer.id,
					...box,
					kind: input.kind,
					required: input.required,
					signedAt: null,
					valueType: null,
					valueText: null,
					valueImageSha256: null,
					createdAt: at,
				};
			});
			for (const field of fields) await repository.signatures.insert(principal.organizationId, field);
			const views = fields.map(signatureView);
			return { result: input.anchor ? { ...views[0], anchorFields: views } : views[0], events: fields.map(signatureAdded) };
		});
	}

	/** An annotation at page/x/y, or at each (or the n-th) occurrence of an anchor text (`anchorFields` lists them all). */
	async addAnnotation(
		principal: Principal,
		workflowId: string,
		input: AddAnnotationInput,
		context: EventContext,
	): Promise<Anchored<Annotation>> {
		const image = input.type === 'image' && typeof input.value === 'string' ? await storeImage(this.options.blobs, input.value, 'value') : null;
		const boxes = await this.placements(principal, workflowId, input);
		return this.edit(principal, workflowId, context, async (repository, aggregate, at) => {
			const file = referenced(aggregate.files, input.fileId, 'file');
			if (input.signerId) {
				const signer = referenced(aggregate.signers, input.signerId, 'signer');
				if (!isActor(signer))
					throw invalid('signer_cannot_fill', `${signer.name} is a ${signer.role} and cannot fill in fields.`, [
						{ path: 'signerId', message: `Role is ${signer.role}.` },
					]);
			}
			for (const box of boxes) assertBoxOnPage(file, box);
			const imageFileId = image ? await insertAsset(repository, this.options.blobs, principal.organizationId, image, at) : null;
			const annotations = boxes.map(
				(box): Annotation => ({
					id: newId(),
					workflowId,
					fileId: file.id,
					signerId: input.signerId ?? null,
					...box,
					type: input.type,
					value: image ? null : (input.value ?? null),
					imageFileId,
					label: input.label || null,
					required: input.signerId ? input.required : false,
					fontSize: input.fontSize,
					filledAt: null,
					createdAt: at,
				}),
			);
			for (const annotation of annotations) await repository.annotations.insert(principal.organizationId, annotation);
			return {
				result: input.anchor ? { ...annotations[0], anchorFields: annotations } : annotations[0],
				events: annotations.map(annotationAdded),
			};
		});
	}

	/** Where a new field goes: its page/x/y, or the occurrences of its anchor text in its file (read in the bounded parser). */
	private async placements(
		principal: Principal,
		workflowId: string,
		input: { fileId: string; page?: number; x?: number; y?: number; width: number; height: number; anchor?: Anchor },
	): Promise<PlacedBox[]> {
		const size = { width: input.width, height: input.height };
		if (!input.anchor) return [{ page: input.page!, x: input.x!, y: input.y!, ...size }];
		const file = await this.options.store.read(async (repository) => {
			assertEditable(await requireWorkflow(repository, principal, workflowId));
			return referenced(await repository.files.listByWorkflow(principal.organizationId, workflowId), input.fileId, 'file');
		});
		const occurrences = await findTextOccurrences(await this.options.blobs.get(file.sha256), input.anchor.text);
		return anchoredBoxes(input.anchor, occurrences, size, file.name);
	}

	private edit<T>(principal: Principal, workflowId: string, context: EventContext, change: DraftChange<T>): Promise<T> {
		return changeDraft(this.options, principal, workflowId, context, change);
	}
}

export function signatureAdded(field: SignatureField): DraftEvent {
	return {
		type: 'signature.added',
		data: { signatureId: field.id, fileId: field.fileId, signerId: field.signerId, page: field.page, kind: field.kind },
	};
}

export function annotationAdded(annotation: Annotation): DraftEvent {
	return {
		type: 'annotation.added',
		data: { annotationId: annotation.id, fileId: annotation.fileId, signerId: annotation.signerId, type: annotation.type, page: annotation.page },
	};
}

function sha256Of(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}
