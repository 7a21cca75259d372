import {
	assertBoxOnPage,
	fileTooLarge,
	invalid,
	newId,
	notFound,
	placementOf,
	valueProblem,
	type AddTemplateAnnotationInput,
	type AddTemplateRoleInput,
	type AddTemplateSignatureInput,
	type CreateTemplateInput,
	type EventContext,
	type ListTemplatesQuery,
	type PendingEvent,
	type Principal,
	type Template,
	type TemplateAnnotation,
	type TemplateDetail,
	type TemplateFile,
	type TemplateRole,
	type TemplateSignature,
	type UpdateTemplateInput,
	type UpdateTemplateRoleInput,
	type UpdateTemplateAnnotationInput,
	type UpdateTemplateSignatureInput,
	type WorkflowFile,
} from '../domain';
import { inspectPdf } from '../pdf/inspect';
import { coverTextTags, findTextTags } from '../pdf/textTags';
import type { BlobContent } from '../store/blobStore';
import type { Repository, TemplatePage } from '../store/port';
import { holdBlobs } from './blobHolds';
import { changesOf, given } from './changes';
import type { ServiceOptions } from './shared';
import { templateFieldsFromTags, type TemplateTagFields } from './templateTagFields';
import { deleteUnusedBlobs } from './unusedBlobs';

/** A stored template file; with text tags read, the fields they made. */
export type AddedTemplateFile = TemplateFile & { textTagFields?: TemplateTagFields };

export interface DeletedTemplate {
	id: string;
	name: string;
	deletedAt: string;
	/** How many of its PDFs nothing else named, and were removed from the blob store. */
	removedBlobs: number;
}

type TemplateChange<T> = (
	repository: Repository,
	template: Template,
	files: TemplateFile[],
	at: string,
) => Promise<{ result: T; template: Template; change: Record<string, unknown> }>;

/** A template event: organization-level (no workflow's audit chain), naming the template. */
export function templateEvent(type: 'template.created' | 'template.modified' | 'template.deleted', template: Template, data: Record<string, unknown> = {}): PendingEvent {
	return { type, workflowId: null, data: { templateId: template.id, name: template.name, ...data, ...(template.test ? { test: true } : {}) } };
}

/** Templates: their settings, files, roles, signature fields and annotations. */
export class Templates {
	constructor(private readonly options: Pick<ServiceOptions, 'store' | 'blobs' | 'clock' | 'recorder' | 'maxFileBytes'>) {}

	async create(principal: Principal, input: CreateTemplateInput, context: EventContext): Promise<TemplateDetail> {
		const at = this.options.clock.now().toISOString();
		const template: Template = {
			id: newId(),
			organizationId: principal.organizationId,
			name: input.name,
			description: input.description || null,
			message: input.message || null,
			expiresIn: input.expiresIn ?? null,
			timeZone: input.timeZone ?? 'UTC',
			reminderPolicy: input.reminderPolicy ?? null,
			requestFrom: input.requestFrom ?? null,
			metadata: input.metadata ?? {},
			allowDelegation: input.allowDelegation ?? false,
			locale: input.locale ?? null,
			test: principal.mode === 'test',
			roles: [],
			signatures: [],
			annotations: [],
			createdAt: at,
			updatedAt: at,
		};
		await this.insert(principal, template, [], context, at);
		return { ...template, files: [] };
	}

	/** Stores a whole template (made here or from a draft) with its files and records template.created. */
	async insert(principal: Principal, template: Template, files: TemplateFile[], context: EventContext, at: string, data: Record<string, unknown> = {}): Promise<void> {
		await this.options.store.transaction(async (repository) => {
			await holdBlobs(repository, this.options.blobs, files.map((file) => ({ sha256: file.sha256 })));
			await repository.templates.insert(template);
			for (const file of files) await repository.templates.insertFile(principal.organizationId, file);
			await this.options.recorder.record(repository, {
				organizationId: principal.organizationId,
				events: [templateEvent('template.created', template, { files: files.length, roles: template.roles.map((role) => role.name), ...data })],
				context,
				at,
			});
		});
	}

	async get(principal: Principal, templateId: string): Promise<TemplateDetail> {
		return this.options.store.read(async (repository) => {
			const template = await repository.templates.get(principal, templateId);
			if (!template) throw notFound('template');
			return { ...template, files: await repository.templates.listFiles(principal.organizationId, templateId) };
		});
	}

	/** A template's PDF as stored (text tags covered), for the console's field editor. */
	async getFileContent(principal: Principal, templateId: string, fileId: string): Promise<{ file: TemplateFile; content: BlobContent }> {
		const { files } = await this.get(principal, templateId);
		const file = files.find((candidate) => candidate.id === fileId);
		if (!file) throw notFound('file');
		return { file, content: await this.options.blobs.open(file.sha256) };
	}

	list(principal: Principal, query: ListTemplatesQuery): Promise<TemplatePage> {
		return this.options.store.read((repository) => repository.templates.list(principal, query));
	}

	async update(principal: Principal, templateId: string, input: UpdateTemplateInput, context: EventContext): Promise<TemplateDetail> {
		return this.edit(principal, templateId, context, (_repository, template, files, at) => {
			const next: Template = { ...template, updatedAt: at };
			for (const [key, value] of Object.entries(input) as Array<[keyof UpdateTemplateInput, unknown]>)
				if (value !== undefined) (next as Record<string, unknown>)[key] = value === '' ? null : value;
			return Promise.resolve({ result: { ...next, files }, template: next, change: { change: 'settings', changed: Object.keys(input) } });
		});
	}

	async delete(principal: Principal, templateId: string, context: EventContext): Promise<DeletedTemplate> {
		const at = this.options.clock.now().toISOString();
		const { template, files } = await this.options.store.transaction(async (repository) => {
			const found = await repository.templates.get(principal, templateId, { forUpdate: true });
			if (!found) throw notFound('template');
			const stored = await repository.templates.listFiles(principal.organizationId, templateId);
			await repository.templates.remove(principal.organizationId, templateId);
			await this.options.recorder.record(repository, {
				organizationId: principal.organizationId,
				events: [templateEvent('template.deleted', found)],
				context,
				at,
			});
			return { template: found, files: stored };
		});
		const removedBlobs = await deleteUnusedBlobs(this.options.store, this.options.blobs, [...new Set(files.map((file) => file.sha256))]);
		return { id: template.id, name: template.name, deletedAt: at, removedBlobs };
	}

	/**
	 * Stores a PDF in a template. With `textTags` (the API's default for
	 * templates), its text tags become fields of the template's roles
	 * (templateTagFields.ts) and are covered in white in the stored file; any
	 * tag that cannot be used refuses the whole upload.
	 */
	async addFile(
		principal: Principal,
		templateId: string,
		upload: { name: string; bytes: Uint8Array; textTags?: boolean },
		context: EventContext,
	): Promise<AddedTemplateFile> {
		if (upload.bytes.length > this.options.maxFileBytes) throw fileTooLarge(this.options.maxFileBytes);
		const before = await this.get(principal, templateId);
		const facts = await inspectPdf(upload.bytes);
		const tags = upload.textTags ? await findTextTags(upload.bytes) : [];
		const fileOf = (at: string, sha256: string, size: number): TemplateFile => ({
			id: newId(),
			templateId,
			name: upload.name,
			sha256,
			size,
			pageCount: facts.pageCount,
			pages: facts.pages,
			createdAt: at,
		});
		// Every bad tag is reported before anything is stored; the transaction checks again against the roles it locks.
		if (tags.length > 0) templateFieldsFromTags(tags, asWorkflowFile(fileOf('', '', 0)), before.roles, before.annotations);
		const stored = await coverTextTags(upload.bytes, tags);
		const sha256 = await this.options.blobs.put(stored);
		return this.edit(principal, templateId, context, async (repository, template, _files, at) => {
			await holdBlobs(repository, this.options.blobs, [{ sha256, bytes: stored }]);
			const file = fileOf(at, sha256, stored.length);
			const fields = templateFieldsFromTags(tags, asWorkflowFile(file), template.roles, template.annotations);
			await repository.templates.insertFile(principal.organizationId, file);
			return {
				result: upload.textTags ? { ...file, textTagFields: fields } : file,
				template: { ...template, signatures: [...template.signatures, ...fields.signatures], annotations: [...template.annotations, ...fields.annotations] },
				change: {
					change: 'file.added',
					fileId: file.id,
					fileName: file.name,
					...(upload.textTags
						? { textTags: tags.length, signatureIds: fields.signatures.map((field) => field.id), annotationIds: fields.annotations.map((field) => field.id) }
						: {}),
				},
			};
		});
	}

	async removeFile(principal: Principal, templateId: string, fileId: string, context: EventContext): Promise<TemplateDetail> {
		let removed: TemplateFile | undefined;
		const detail = await this.edit(principal, templateId, context, async (repository, template, files, at) => {
			removed = files.find((file) => file.id === fileId);
			if (!removed) throw notFound('file');
			await repository.templates.removeFile(principal.organizationId, templateId, fileId);
			const next: Template = {
				...template,
				signatures: template.signatures.filter((field) => field.fileId !== fileId),
				annotations: template.annotations.filter((annotation) => annotation.fileId !== fileId),
				updatedAt: at,
			};
			return { result: { ...next, files: files.filter((file) => file.id !== fileId) }, template: next, change: { change: 'file.removed', fileId } };
		});
		await deleteUnusedBlobs(this.options.store, this.options.blobs, [removed!.sha256]);
		return detail;
	}

	async addRole(principal: Principal, templateId: string, input: AddTemplateRoleInput, context: EventContext): Promise<TemplateRole> {
		return this.edit(principal, templateId, context, (_repository, template) => {
			if (template.roles.some((role) => role.name === input.name))
				throw invalid('role_name_taken', `This template already has a role named "${input.name}".`, [{ path: 'name', message: 'Taken.' }]);
			const role: TemplateRole = {
				id: newId(),
				name: input.name,
				role: input.role,
				order: input.order,
				defaultName: input.defaultName ?? null,
				defaultEmail: input.defaultEmail ?? null,
				accessCode: input.accessCode,
				verification: input.verification,
			};
			return Promise.resolve({ result: role, template: { ...template, roles: [...template.roles, role] }, change: { change: 'role.added', roleId: role.id, role: role.name } });
		});
	}

	/** Renames a role or changes its settings; its fields stay its own (a role that is no longer a signer must not hold signature fields). */
	async updateRole(principal: Principal, templateId: string, roleId: string, input: UpdateTemplateRoleInput, context: EventContext): Promise<TemplateRole> {
		return this.edit(principal, templateId, context, (_repository, template) => {
			const current = template.roles.find((role) => role.id === roleId);
			if (!current) throw notFound('role');
			if (input.name !== undefined && template.roles.some((role) => role.id !== roleId && role.name === input.name))
				throw invalid('role_name_taken', `This template already has a role named "${input.name}".`, [{ path: 'name', message: 'Taken.' }]);
			const role: TemplateRole = { ...current };
			if (input.name !== undefined) role.name = input.name;
			if (input.role !== undefined) role.role = input.role;
			if (input.order !== undefined) role.order = input.order;
			if (input.defaultName !== undefined) role.defaultName = input.defaultName;
			if (input.defaultEmail !== undefined) role.defaultEmail = input.defaultEmail;
			if (input.accessCode !== undefined) role.accessCode = input.accessCode;
			if (input.verification !== undefined) role.verification = input.verification;
			if (role.role !== 'signer' && template.signatures.some((field) => field.roleId === roleId))
				throw invalid('role_cannot_sign', `${role.name} has signature fields; only signer roles hold them. Remove them first.`, [{ path: 'role', message: `Role would be ${role.role}.` }]);
			if (role.role !== 'signer' && role.role !== 'approver' && template.annotations.some((annotation) => annotation.roleId === roleId))
				throw invalid('role_cannot_fill', `${role.name} has fields to fill in; a ${role.role} role cannot fill them. Remove them first.`, [{ path: 'role', message: `Role would be ${role.role}.` }]);
			return Promise.resolve({
				result: role,
				template: { ...template, roles: template.roles.map((each) => (each.id === roleId ? role : each)) },
				change: { change: 'role.changed', roleId, role: role.name, changed: Object.keys(input) },
			});
		});
	}

	async removeRole(principal: Principal, templateId: string, roleId: string, context: EventContext): Promise<TemplateDetail> {
		return this.edit(principal, templateId, context, (_repository, template, files, at) => {
			if (!template.roles.some((role) => role.id === roleId)) throw notFound('role');
			const next: Template = {
				...template,
				updatedAt: at,
				roles: template.roles.filter((role) => role.id !== roleId),
				signatures: template.signatures.filter((field) => field.roleId !== roleId),
				annotations: template.annotations.filter((annotation) => annotation.roleId !== roleId),
			};
			return Promise.resolve({ result: { ...next, files }, template: next, change: { change: 'role.removed', roleId } });
		});
	}

	async addSignature(principal: Principal, templateId: string, input: AddTemplateSignatureInput, context: EventContext): Promise<TemplateSignature> {
		return this.edit(principal, templateId, context, (_repository, template, files) => {
			const file = referencedFile(files, input.fileId);
			const role = referencedRole(template.roles, input.roleId);
			if (role.role !== 'signer')
				throw invalid('role_cannot_sign', `${role.name} is a ${role.role} role; only signer roles get signature fields.`, [{ path: 'roleId', message: `Role is ${role.role}.` }]);
			assertBoxOnPage(file, input);
			const field: TemplateSignature = { id: newId(), ...input };
			return Promise.resolve({
				result: field,
				template: { ...template, signatures: [...template.signatures, field] },
				change: { change: 'signature.added', signatureId: field.id, roleId: role.id },
			});
		});
	}

	async addAnnotation(principal: Principal, templateId: string, input: AddTemplateAnnotationInput, context: EventContext): Promise<TemplateAnnotation> {
		return this.edit(principal, templateId, context, (_repository, template, files) => {
			const file = referencedFile(files, input.fileId);
			if (input.roleId) {
				const role = referencedRole(template.roles, input.roleId);
				if (role.role !== 'signer' && role.role !== 'approver')
					throw invalid('role_cannot_fill', `${role.name} is a ${role.role} role and cannot fill in fields.`, [{ path: 'roleId', message: `Role is ${role.role}.` }]);
			}
			const clash = input.name ? template.annotations.find((other) => other.name === input.name && other.type !== input.type) : undefined;
			if (clash)
				throw invalid('field_name_type_clash', `"${input.name}" already names a ${clash.type} annotation; one name fills annotations of one type.`, [
					{ path: 'name', message: `Used by a ${clash.type} annotation.` },
				]);
			assertBoxOnPage(file, input);
			const annotation: TemplateAnnotation = {
				id: newId(),
				fileId: file.id,
				roleId: input.roleId ?? null,
				...placementOf(input),
				type: input.type,
				name: input.name ?? null,
				prefill: input.prefill,
				value: input.value ?? null,
				label: input.label || null,
				required: input.roleId ? input.required : false,
				fontSize: input.fontSize,
			};
			return Promise.resolve({
				result: annotation,
				template: { ...template, annotations: [...template.annotations, annotation] },
				change: { change: 'annotation.added', annotationId: annotation.id, roleId: annotation.roleId, fieldName: annotation.name },
			});
		});
	}

	/** Moves, resizes or reassigns a signature field; it keeps its id. */
	async updateSignature(principal: Principal, templateId: string, signatureId: string, input: UpdateTemplateSignatureInput, context: EventContext): Promise<TemplateSignature> {
		return this.edit(principal, templateId, context, (_repository, template, files) => {
			const before = template.signatures.find((field) => field.id === signatureId);
			if (!before) throw notFound('signature');
			const file = referencedFile(files, input.fileId ?? before.fileId);
			if (input.roleId !== undefined) {
				const role = referencedRole(template.roles, input.roleId);
				if (role.role !== 'signer')
					throw invalid('role_cannot_sign', `${role.name} is a ${role.role} role; only signer roles get signature fields.`, [{ path: 'roleId', message: `Role is ${role.role}.` }]);
			}
			const field: TemplateSignature = { ...before, ...given(input) };
			assertBoxOnPage(file, field);
			return Promise.resolve({
				result: field,
				template: { ...template, signatures: template.signatures.map((each) => (each.id === signatureId ? field : each)) },
				change: { change: 'signature.changed', signatureId, ...changesOf(before, field, Object.keys(input)) },
			});
		});
	}

	/** Moves, resizes or changes an annotation; it keeps its id. The rules of adding one hold for the result. */
	async updateAnnotation(principal: Principal, templateId: string, annotationId: string, input: UpdateTemplateAnnotationInput, context: EventContext): Promise<TemplateAnnotation> {
		return this.edit(principal, templateId, context, (_repository, template, files) => {
			const before = template.annotations.find((annotation) => annotation.id === annotationId);
			if (!before) throw notFound('annotation');
			const file = referencedFile(files, input.fileId ?? before.fileId);
			const annotation: TemplateAnnotation = { ...before, ...given(input) };
			if (input.label !== undefined) annotation.label = input.label || null;
			if (annotation.roleId) {
				const role = referencedRole(template.roles, annotation.roleId);
				if (role.role !== 'signer' && role.role !== 'approver')
					throw invalid('role_cannot_fill', `${role.name} is a ${role.role} role and cannot fill in fields.`, [{ path: 'roleId', message: `Role is ${role.role}.` }]);
			} else {
				annotation.required = false;
				if (annotation.value === null && annotation.name === null)
					throw invalid('annotation_value_missing', 'Fixed content (no roleId) needs a value, or a name to be prefilled.', [{ path: 'value', message: 'Required.' }]);
			}
			const problem = annotation.value === null ? null : valueProblem(annotation.type, annotation.value);
			if (problem) throw invalid('annotation_value_invalid', problem, [{ path: 'value', message: problem }]);
			const clash = annotation.name ? template.annotations.find((other) => other.id !== annotationId && other.name === annotation.name && other.type !== annotation.type) : undefined;
			if (clash)
				throw invalid('field_name_type_clash', `"${annotation.name}" already names a ${clash.type} annotation; one name fills annotations of one type.`, [
					{ path: 'name', message: `Used by a ${clash.type} annotation.` },
				]);
			assertBoxOnPage(file, annotation);
			return Promise.resolve({
				result: annotation,
				template: { ...template, annotations: template.annotations.map((each) => (each.id === annotationId ? annotation : each)) },
				change: { change: 'annotation.changed', annotationId, ...changesOf(before, annotation, Object.keys(input)) },
			});
		});
	}

	async removeField(principal: Principal, templateId: string, kind: 'signature' | 'annotation', fieldId: string, context: EventContext): Promise<TemplateDetail> {
		return this.edit(principal, templateId, context, (_repository, found, files, at) => {
			const template = { ...found, updatedAt: at };
			const list = kind === 'signature' ? template.signatures : template.annotations;
			if (!list.some((field) => field.id === fieldId)) throw notFound(kind);
			const next: Template =
				kind === 'signature'
					? { ...template, signatures: template.signatures.filter((field) => field.id !== fieldId) }
					: { ...template, annotations: template.annotations.filter((field) => field.id !== fieldId) };
			return Promise.resolve({ result: { ...next, files }, template: next, change: { change: `${kind}.removed`, [`${kind}Id`]: fieldId } });
		});
	}

	/** One change to a template, under its lock, recorded as template.modified. */
	private async edit<T>(principal: Principal, templateId: string, context: EventContext, change: TemplateChange<T>): Promise<T> {
		return this.options.store.transaction(async (repository) => {
			const template = await repository.templates.get(principal, templateId, { forUpdate: true });
			if (!template) throw notFound('template');
			const files = await repository.templates.listFiles(principal.organizationId, templateId);
			const at = this.options.clock.now().toISOString();
			const { result, template: changed, change: data } = await change(repository, template, files, at);
			const next = { ...changed, updatedAt: at };
			await repository.templates.update(next);
			// A field given the values it has changed nothing: answered, but not announced (as on drafts).
			const changedNothing = Array.isArray(data.changed) && data.changed.length === 0;
			if (!changedNothing)
				await this.options.recorder.record(repository, {
					organizationId: principal.organizationId,
					events: [templateEvent('template.modified', next, data)],
					context,
					at,
				});
			return result;
		});
	}
}

function referencedFile(files: TemplateFile[], fileId: string): WorkflowFile {
	const file = files.find((candidate) => candidate.id === fileId);
	if (!file) throw invalid('file_not_found', 'fileId does not name a file of this template.', [{ path: 'fileId', message: 'Unknown file.' }]);
	return asWorkflowFile(file);
}

/** assertBoxOnPage (and text tags) read a file's name and pages; a template file has them. */
function asWorkflowFile(file: TemplateFile): WorkflowFile {
	return { ...file, workflowId: file.templateId, signedSha256: null, signedSize: null };
}

function referencedRole(roles: TemplateRole[], roleId: string): TemplateRole {
	const role = roles.find((candidate) => candidate.id === roleId);
	if (!role) throw invalid('role_not_found', 'roleId does not name a role of this template.', [{ path: 'roleId', message: 'Unknown role.' }]);
	return role;
}
