import {
	assertBoxOnPage,
	fixedValueProblem,
	invalid,
	isActor,
	type Annotation,
	type EventContext,
	type Principal,
	type SignatureField,
	type SignatureFieldView,
	type Signer,
	type SignerView,
	type UpdateAnnotationInput,
	type UpdateSignatureInput,
	type UpdateSignerInput,
	type UpdateWorkflowInput,
	type Workflow,
	type WorkflowAggregate,
	type WorkflowFile,
} from '../domain';
import { hashAccessCode } from '../security/secrets';
import { changesOf, given } from './changes';
import { changeDraft, partOf, referenced, type DraftEvent } from './draftChange';
import type { ServiceOptions } from './shared';
import { deleteUnusedBlobs } from './unusedBlobs';
import { signatureView, signerView, workflowDetail, type WorkflowDetail } from './views';

/**
 * Changing and removing what a draft is made of: the workflow's own settings, its signers, files,
 * signature fields and annotations. Each change is one transaction with the events that say what
 * changed and what it was before (`previous`); only a draft changes.
 */
export class DraftEdits {
	constructor(private readonly options: Pick<ServiceOptions, 'store' | 'blobs' | 'clock' | 'links' | 'recorder'>) {}

	async updateWorkflow(principal: Principal, workflowId: string, input: UpdateWorkflowInput, context: EventContext): Promise<WorkflowDetail> {
		assertSomething(input);
		return changeDraft(this.options, principal, workflowId, context, (_repository, aggregate, at) => {
			const before = aggregate.workflow;
			const next: Workflow = { ...before };
			if (input.name !== undefined) next.name = input.name;
			if (input.message !== undefined) next.message = input.message || null;
			if (input.expiresAt !== undefined) {
				next.expiresAt = input.expiresAt === null ? null : new Date(input.expiresAt).toISOString();
				if (next.expiresAt && Date.parse(next.expiresAt) <= Date.parse(at))
					throw invalid('expires_at_in_past', 'expiresAt must lie in the future.', [{ path: 'expiresAt', message: `${input.expiresAt} is not after ${at}.` }]);
			}
			if (input.timeZone !== undefined) next.timeZone = input.timeZone;
			if (input.requestFrom !== undefined) next.requestFrom = input.requestFrom;
			if (input.metadata !== undefined) next.metadata = input.metadata;
			if (input.reminderPolicy !== undefined) next.reminderPolicy = input.reminderPolicy;
			if (input.allowDelegation !== undefined) next.allowDelegation = input.allowDelegation;
			if (input.locale !== undefined) next.locale = input.locale;
			if (input.redirectUrl !== undefined) next.redirectUrl = input.redirectUrl;
			const changes = changesOf(before, next, Object.keys(input));
			return Promise.resolve({
				result: this.detail({ ...aggregate, workflow: { ...next, updatedAt: at } }),
				workflow: next,
				event: { type: 'workflow.updated', data: { name: next.name, ...changes } },
			});
		});
	}

	async updateSigner(principal: Principal, workflowId: string, signerId: string, input: UpdateSignerInput, context: EventContext): Promise<SignerView> {
		assertSomething(input);
		const accessCodeHash = input.accessCode ? await hashAccessCode(input.accessCode) : null;
		return changeDraft(this.options, principal, workflowId, context, async (repository, aggregate, at) => {
			const before = partOf(aggregate.signers, signerId, 'signer');
			const next: Signer = { ...before, updatedAt: at };
			if (input.name !== undefined) next.name = input.name;
			if (input.email !== undefined) next.email = input.email;
			if (input.role !== undefined) next.role = input.role;
			if (input.order !== undefined) next.order = input.order;
			if (input.verification !== undefined) next.verification = input.verification;
			if (input.locale !== undefined) next.locale = input.locale;
			if (input.redirectUrl !== undefined) next.redirectUrl = input.redirectUrl;
			if (input.accessCode !== undefined) next.hasAccessCode = input.accessCode !== null;
			if (next.role !== 'signer' && aggregate.signatures.some((field) => field.signerId === signerId))
				throw invalid('signer_cannot_sign', `${next.name} has signature fields; only signers hold them. Remove them first.`, [
					{ path: 'role', message: `Role would be ${next.role}.` },
				]);
			if (!isActor(next) && aggregate.annotations.some((annotation) => annotation.signerId === signerId))
				throw invalid('signer_cannot_fill', `${next.name} has fields to fill in; a ${next.role} cannot fill them. Remove them first.`, [
					{ path: 'role', message: `Role would be ${next.role}.` },
				]);
			await repository.signers.update(principal.organizationId, next, before);
			if (input.accessCode !== undefined) await repository.signers.setAccessCodeHash(principal.organizationId, signerId, accessCodeHash);
			const { changed, previous } = changesOf(before, next, Object.keys(input).filter((key) => key !== 'accessCode'));
			// A new code is a change even when it cannot be compared: the old one is never kept in clear.
			if (input.accessCode !== undefined) {
				changed.push('accessCode');
				previous.hasAccessCode = before.hasAccessCode;
			}
			return { result: signerView(next, 'draft', this.options.links), event: { type: 'signer.updated', data: { signerId, name: next.name, changed, previous } } };
		}, (aggregate) => partOf(aggregate.signers, signerId, 'signer'));
	}

	/** Removes a signer with their signature fields and annotations. */
	async removeSigner(principal: Principal, workflowId: string, signerId: string, context: EventContext): Promise<WorkflowDetail> {
		return changeDraft(this.options, principal, workflowId, context, async (repository, aggregate, at) => {
			const signer = partOf(aggregate.signers, signerId, 'signer');
			await repository.signers.remove(principal.organizationId, signerId);
			const gone = { signatures: aggregate.signatures.filter((field) => field.signerId === signerId), annotations: aggregate.annotations.filter((annotation) => annotation.signerId === signerId) };
			const after = without(aggregate, gone, at);
			after.signers = aggregate.signers.filter((candidate) => candidate.id !== signerId);
			return {
				result: this.detail(after),
				events: [
					{ type: 'signer.removed', data: { signerId, name: signer.name, email: signer.email, role: signer.role, order: signer.order } },
					...fieldsRemoved(gone),
				],
			};
		}, (aggregate) => partOf(aggregate.signers, signerId, 'signer'));
	}

	/** Removes a file with the fields on it; its PDF leaves the blob store unless another row names the same bytes. */
	async removeFile(principal: Principal, workflowId: string, fileId: string, context: EventContext): Promise<WorkflowDetail> {
		let removed: WorkflowFile | undefined;
		const detail = await changeDraft(this.options, principal, workflowId, context, async (repository, aggregate, at) => {
			removed = partOf(aggregate.files, fileId, 'file');
			await repository.files.remove(principal.organizationId, fileId);
			const gone = { signatures: aggregate.signatures.filter((field) => field.fileId === fileId), annotations: aggregate.annotations.filter((annotation) => annotation.fileId === fileId) };
			const after = without(aggregate, gone, at);
			after.files = aggregate.files.filter((candidate) => candidate.id !== fileId);
			return {
				result: this.detail(after),
				events: [{ type: 'file.removed', data: { fileId, name: removed.name, sha256: removed.sha256 } }, ...fieldsRemoved(gone)],
			};
		}, (aggregate) => partOf(aggregate.files, fileId, 'file'));
		await deleteUnusedBlobs(this.options.store, this.options.blobs, [removed!.sha256]);
		return detail;
	}

	/** Moves, resizes or reassigns a signature field; it keeps its id. */
	async updateSignature(
		principal: Principal,
		workflowId: string,
		signatureId: string,
		input: UpdateSignatureInput,
		context: EventContext,
	): Promise<SignatureFieldView> {
		assertSomething(input);
		return changeDraft(this.options, principal, workflowId, context, async (repository, aggregate) => {
			const before = partOf(aggregate.signatures, signatureId, 'signature');
			const file = input.fileId === undefined ? aggregate.files.find((candidate) => candidate.id === before.fileId)! : referenced(aggregate.files, input.fileId, 'file');
			if (input.signerId !== undefined) {
				const signer = referenced(aggregate.signers, input.signerId, 'signer');
				if (signer.role !== 'signer')
					throw invalid('signer_cannot_sign', `${signer.name} is a ${signer.role}; only signers get signature fields.`, [{ path: 'signerId', message: `Role is ${signer.role}.` }]);
			}
			const next: SignatureField = { ...before, ...given(input) };
			assertBoxOnPage(file, next);
			await repository.signatures.update(principal.organizationId, next);
			return { result: signatureView(next), event: { type: 'signature.updated', data: { signatureId, ...changesOf(before, next, Object.keys(input)) } } };
		}, (aggregate) => partOf(aggregate.signatures, signatureId, 'signature'));
	}

	async removeSignature(principal: Principal, workflowId: string, signatureId: string, context: EventContext): Promise<WorkflowDetail> {
		return changeDraft(this.options, principal, workflowId, context, async (repository, aggregate, at) => {
			const field = partOf(aggregate.signatures, signatureId, 'signature');
			await repository.signatures.remove(principal.organizationId, signatureId);
			const gone = { signatures: [field], annotations: [] };
			return { result: this.detail(without(aggregate, gone, at)), events: fieldsRemoved(gone) };
		}, (aggregate) => partOf(aggregate.signatures, signatureId, 'signature'));
	}

	/**
	 * Moves, resizes or changes an annotation; it keeps its id. A field a signer fills in may go to
	 * another signer or approver, fixed content may get another value; one does not become the other.
	 */
	async updateAnnotation(
		principal: Principal,
		workflowId: string,
		annotationId: string,
		input: UpdateAnnotationInput,
		context: EventContext,
	): Promise<Annotation> {
		assertSomething(input);
		return changeDraft(this.options, principal, workflowId, context, async (repository, aggregate) => {
			const before = partOf(aggregate.annotations, annotationId, 'annotation');
			const file = input.fileId === undefined ? aggregate.files.find((candidate) => candidate.id === before.fileId)! : referenced(aggregate.files, input.fileId, 'file');
			const fixed = before.signerId === null;
			if (input.signerId !== undefined) {
				if (fixed) throw invalid('annotation_is_fixed', 'This annotation is fixed content: no signer fills it in. Remove it and add a field instead.', [{ path: 'signerId', message: 'Fixed content.' }]);
				const signer = referenced(aggregate.signers, input.signerId, 'signer');
				if (!isActor(signer))
					throw invalid('signer_cannot_fill', `${signer.name} is a ${signer.role} and cannot fill in fields.`, [{ path: 'signerId', message: `Role is ${signer.role}.` }]);
			}
			if (input.value !== undefined) {
				if (!fixed) throw invalid('annotation_filled_by_signer', 'A signer fills this annotation in: it has no fixed value.', [{ path: 'value', message: 'A field a signer fills in.' }]);
				if (before.type === 'image') throw invalid('image_value_unchangeable', 'Replace an image by removing it and adding another.', [{ path: 'value', message: 'An image annotation.' }]);
				const problem = fixedValueProblem(before.type, input.value);
				if (problem) throw invalid('annotation_value_invalid', problem, [{ path: 'value', message: problem }]);
			}
			const next: Annotation = { ...before, ...given(input) };
			if (input.label !== undefined) next.label = input.label || null;
			if (fixed) next.required = false;
			assertBoxOnPage(file, next);
			await repository.annotations.update(principal.organizationId, next);
			return { result: next, event: { type: 'annotation.updated', data: { annotationId, ...changesOf(before, next, Object.keys(input)) } } };
		}, (aggregate) => partOf(aggregate.annotations, annotationId, 'annotation'));
	}

	async removeAnnotation(principal: Principal, workflowId: string, annotationId: string, context: EventContext): Promise<WorkflowDetail> {
		return changeDraft(this.options, principal, workflowId, context, async (repository, aggregate, at) => {
			const annotation = partOf(aggregate.annotations, annotationId, 'annotation');
			await repository.annotations.remove(principal.organizationId, annotationId);
			const gone = { signatures: [], annotations: [annotation] };
			return { result: this.detail(without(aggregate, gone, at)), events: fieldsRemoved(gone) };
		}, (aggregate) => partOf(aggregate.annotations, annotationId, 'annotation'));
	}

	/** A draft as GET /workflows/{id} shows it (a draft has no finalization job). */
	private detail(aggregate: WorkflowAggregate): WorkflowDetail {
		return workflowDetail(aggregate, this.options.links, null);
	}
}

/** A PATCH with nothing in it changes nothing: refused rather than recorded. */
function assertSomething(input: object): void {
	if (Object.values(input).every((value) => value === undefined)) throw invalid('nothing_to_change', 'Give at least one thing to change.', []);
}

/** The aggregate without some of its fields, its workflow touched at `at`. */
function without(aggregate: WorkflowAggregate, gone: { signatures: SignatureField[]; annotations: Annotation[] }, at: string): WorkflowAggregate {
	const signatureIds = new Set(gone.signatures.map((field) => field.id));
	const annotationIds = new Set(gone.annotations.map((annotation) => annotation.id));
	return {
		...aggregate,
		workflow: { ...aggregate.workflow, updatedAt: at },
		signatures: aggregate.signatures.filter((field) => !signatureIds.has(field.id)),
		annotations: aggregate.annotations.filter((annotation) => !annotationIds.has(annotation.id)),
	};
}

function fieldsRemoved(gone: { signatures: SignatureField[]; annotations: Annotation[] }): DraftEvent[] {
	return [
		...gone.signatures.map(
			(field): DraftEvent => ({
				type: 'signature.removed',
				data: { signatureId: field.id, fileId: field.fileId, signerId: field.signerId, page: field.page, kind: field.kind },
			}),
		),
		...gone.annotations.map(
			(annotation): DraftEvent => ({
				type: 'annotation.removed',
				data: { annotationId: annotation.id, fileId: annotation.fileId, signerId: annotation.signerId, type: annotation.type, page: annotation.page },
			}),
		),
	];
}
