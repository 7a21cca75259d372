import {
	addInZone,
	assertEmailCodesDeliverable,
	castTemplate,
	conflict,
	invalid,
	newDraftWorkflow,
	newId,
	newSigner,
	placementOf,
	notFound,
	sendWorkflow,
	type Annotation,
	type CreateFromTemplateInput,
	type EventContext,
	type PendingEvent,
	type Principal,
	type SaveAsTemplateInput,
	type SignatureField,
	type Signer,
	type Template,
	type TemplateAnnotation,
	type TemplateDetail,
	type TemplateFile,
	type TemplateRole,
	type WorkflowAggregate,
	type WorkflowFile,
} from '../domain';
import { hashAccessCode } from '../security/secrets';
import { SigningLinks } from '../security/signingLinks';
import type { Repository } from '../store/port';
import { holdBlobs } from './blobHolds';
import { commitTransition } from './commit';
import { requireWorkflow, type ServiceOptions } from './shared';
import type { Templates } from './templates';
import { workflowDetail, type WorkflowDetail } from './views';

/** Between templates and workflows: a workflow made from a template (and sent at once), a draft saved as a template. */
export class TemplateWorkflows {
	constructor(
		private readonly options: Pick<ServiceOptions, 'store' | 'blobs' | 'clock' | 'links' | 'recorder'>,
		private readonly templates: Templates,
	) {}

	/**
	 * Makes a workflow from a template: each role's person, prefilled annotations, the template's
	 * settings under the request's; with `send` it is sent in the same transaction, so a workflow
	 * that cannot be sent is not made either. `alsoInTransaction` runs last in that transaction (a bulk
	 * send's row marked done with its workflow) and may throw to make nothing.
	 */
	async createWorkflow(
		principal: Principal,
		templateId: string,
		input: CreateFromTemplateInput,
		context: EventContext,
		alsoInTransaction?: (repository: Repository, workflowId: string) => Promise<void>,
	): Promise<WorkflowDetail> {
		const { organizationId } = principal;
		const { template, files } = await this.options.store.read(async (repository) => {
			const found = await repository.templates.get(principal, templateId);
			if (!found) throw notFound('template');
			return { template: found, files: await repository.templates.listFiles(organizationId, templateId) };
		});
		const { cast, annotations: filled } = castTemplate(template, input);
		const codeHashes = new Map<string, string>();
		for (const person of cast) if (person.accessCode) codeHashes.set(person.role.id, await hashAccessCode(person.accessCode));

		return this.options.store.transaction(async (repository) => {
			// The template as read above must still be there (and unchanged in what was cast).
			const current = await repository.templates.get(principal, templateId);
			if (!current) throw notFound('template');
			if (current.updatedAt !== template.updatedAt) throw conflict('template_changed', 'The template changed while the workflow was being made; try again.');
			await holdBlobs(repository, this.options.blobs, files.map((file) => ({ sha256: file.sha256 })));
			const now = this.options.clock.now();
			const at = now.toISOString();
			const workflow = newDraftWorkflow(
				{
					organizationId,
					name: input.name ?? template.name,
					message: input.message ?? template.message,
					timeZone: template.timeZone,
					expiresAt: template.expiresIn ? addInZone(at, template.expiresIn, template.timeZone) : null,
					requestFrom: template.requestFrom,
					metadata: { ...template.metadata, ...input.metadata },
					reminderPolicy: template.reminderPolicy ?? (await repository.organizations.get(organizationId))?.defaultReminderPolicy ?? null,
					allowDelegation: template.allowDelegation,
					locale: input.locale ?? template.locale,
					redirectUrl: input.redirectUrl ?? null,
					test: principal.mode === 'test',
				},
				at,
			);
			const workflowId = workflow.id;
			const fileIds = new Map(files.map((file) => [file.id, newId()]));
			const workflowFiles: WorkflowFile[] = files.map((file) => ({
				id: fileIds.get(file.id)!,
				workflowId,
				name: file.name,
				sha256: file.sha256,
				size: file.size,
				pageCount: file.pageCount,
				pages: file.pages,
				signedSha256: null,
				signedSize: null,
				createdAt: at,
			}));
			const signerOf = new Map<string, string>();
			const signers: Signer[] = cast.map((person) => {
				const signer = newSigner(
					{
						workflowId,
						name: person.name,
						email: person.email,
						role: person.role.role,
						order: person.role.order,
						hasAccessCode: codeHashes.has(person.role.id),
						verification: person.role.verification,
						locale: person.locale,
					},
					at,
				);
				signerOf.set(person.role.id, signer.id);
				return signer;
			});
			const signatures: SignatureField[] = template.signatures.map((field) => ({
				id: newId(),
				workflowId,
				fileId: fileIds.get(field.fileId)!,
				signerId: signerOf.get(field.roleId)!,
				...placementOf(field),
				kind: field.kind,
				required: field.required,
				signedAt: null,
				valueType: null,
				valueText: null,
				valueImageSha256: null,
				createdAt: at,
			}));
			const annotations: Annotation[] = filled.map(({ annotation, value, fixed }) => ({
				id: newId(),
				workflowId,
				fileId: fileIds.get(annotation.fileId)!,
				signerId: fixed ? null : signerOf.get(annotation.roleId!)!,
				...placementOf(annotation),
				type: annotation.type,
				value,
				imageFileId: null,
				label: annotation.label,
				required: fixed ? false : annotation.required,
				fontSize: annotation.fontSize,
				filledAt: null,
				createdAt: at,
			}));

			await repository.workflows.insert(workflow);
			for (const file of workflowFiles) await repository.files.insert(organizationId, file);
			for (const signer of signers) await repository.signers.insert(organizationId, { ...signer, accessCodeHash: codeHashes.get(roleOf(signerOf, signer.id)) ?? null });
			for (const field of signatures) await repository.signatures.insert(organizationId, field);
			for (const annotation of annotations) await repository.annotations.insert(organizationId, annotation);
			const aggregate: WorkflowAggregate = { workflow, files: workflowFiles, signers, signatures, annotations };
			await this.options.recorder.record(repository, { organizationId, events: creationEvents(aggregate, template), context, at, aggregate });
			if (!input.send) {
				await alsoInTransaction?.(repository, workflowId);
				return workflowDetail(aggregate, this.options.links, null);
			}

			assertEmailCodesDeliverable(signers, this.options.recorder.mailEnabled, workflow.test);
			const { aggregate: sent } = await commitTransition(repository, aggregate, sendWorkflow(aggregate, now), context, this.options.recorder);
			for (const signer of sent.signers) {
				const hash = SigningLinks.hash(this.options.links.token(signer.id, signer.linkVersion))!;
				await repository.signers.setTokenHash(organizationId, signer.id, hash);
			}
			await alsoInTransaction?.(repository, workflowId);
			return workflowDetail(sent, this.options.links, null);
		});
	}

	/**
	 * Saves a workflow (any status: its files and fields, never its people's values) as a template:
	 * each signer becomes a role, named by `roleNames` or by the signer's name; fixed annotations
	 * stay fixed content; image annotations are left out (templates hold no images).
	 */
	async saveAsTemplate(principal: Principal, workflowId: string, input: SaveAsTemplateInput, context: EventContext): Promise<TemplateDetail> {
		const aggregate = await this.options.store.read(async (repository) => {
			await requireWorkflow(repository, principal, workflowId);
			return (await repository.loadAggregate(principal, workflowId))!;
		});
		const { workflow } = aggregate;
		if (workflow.purgedAt) throw invalid('workflow_purged', 'The documents of this workflow were purged; it cannot become a template.');
		const at = this.options.clock.now().toISOString();
		for (const signerId of Object.keys(input.roleNames))
			if (!aggregate.signers.some((signer) => signer.id === signerId))
				throw invalid('signer_not_found', `roleNames names ${signerId}, which is not a signer of this workflow.`, [{ path: `roleNames.${signerId}`, message: 'Unknown signer.' }]);

		const taken = new Set<string>();
		const roleOfSigner = new Map<string, string>();
		const roles: TemplateRole[] = [...aggregate.signers]
			.sort((a, b) => a.order - b.order)
			.map((signer) => {
				const wanted = input.roleNames[signer.id] ?? signer.name;
				let name = wanted;
				for (let n = 2; taken.has(name); n += 1) name = `${wanted} (${n})`;
				taken.add(name);
				const role: TemplateRole = {
					id: newId(),
					name,
					role: signer.role,
					order: signer.order,
					defaultName: null,
					defaultEmail: null,
					accessCode: signer.hasAccessCode ? 'required' : 'optional',
					verification: signer.verification,
				};
				roleOfSigner.set(signer.id, role.id);
				return role;
			});
		const fileIds = new Map(aggregate.files.map((file) => [file.id, newId()]));
		const templateId = newId();
		const files: TemplateFile[] = aggregate.files.map((file) => ({
			id: fileIds.get(file.id)!,
			templateId,
			name: file.name,
			sha256: file.sha256,
			size: file.size,
			pageCount: file.pageCount,
			pages: file.pages,
			createdAt: at,
		}));
		const template: Template = {
			id: templateId,
			organizationId: principal.organizationId,
			name: input.name ?? workflow.name,
			description: input.description || null,
			message: workflow.message,
			expiresIn: null,
			timeZone: workflow.timeZone,
			reminderPolicy: workflow.reminderPolicy,
			requestFrom: workflow.requestFrom,
			metadata: workflow.metadata,
			allowDelegation: workflow.allowDelegation,
			locale: workflow.locale,
			test: principal.mode === 'test',
			roles,
			signatures: aggregate.signatures.map((field) => ({
				id: newId(),
				fileId: fileIds.get(field.fileId)!,
				roleId: roleOfSigner.get(field.signerId)!,
				...placementOf(field),
				kind: field.kind,
				required: field.required,
			})),
			annotations: aggregate.annotations
				.filter((annotation) => annotation.type !== 'image')
				.map((annotation): TemplateAnnotation => ({
					id: newId(),
					fileId: fileIds.get(annotation.fileId)!,
					roleId: annotation.signerId ? roleOfSigner.get(annotation.signerId)! : null,
					...placementOf(annotation),
					type: annotation.type as TemplateAnnotation['type'],
					name: null,
					prefill: 'default',
					// What a signer filled in is theirs, not the template's.
					value: annotation.signerId ? null : annotation.value,
					label: annotation.label,
					required: annotation.required,
					fontSize: annotation.fontSize,
				})),
			createdAt: at,
			updatedAt: at,
		};
		await this.templates.insert(principal, template, files, context, at, { fromWorkflowId: workflowId });
		return { ...template, files };
	}
}

function roleOf(signerOf: ReadonlyMap<string, string>, signerId: string): string {
	for (const [roleId, id] of signerOf) if (id === signerId) return roleId;
	return '';
}

/** What a draft built by hand would have recorded, in one go: created (naming the template), files, signers, fields. */
function creationEvents(aggregate: WorkflowAggregate, template: Template): PendingEvent[] {
	const workflowId = aggregate.workflow.id;
	return [
		{ type: 'workflow.created', workflowId, data: { name: aggregate.workflow.name, templateId: template.id } },
		...aggregate.files.map((file): PendingEvent => ({
			type: 'file.added',
			workflowId,
			data: { fileId: file.id, name: file.name, sha256: file.sha256, size: file.size, pageCount: file.pageCount },
		})),
		...aggregate.signers.map((signer): PendingEvent => ({
			type: 'signer.added',
			workflowId,
			data: { signerId: signer.id, name: signer.name, email: signer.email, role: signer.role, order: signer.order },
		})),
		...aggregate.signatures.map((field): PendingEvent => ({
			type: 'signature.added',
			workflowId,
			data: { signatureId: field.id, fileId: field.fileId, signerId: field.signerId, page: field.page, kind: field.kind },
		})),
		...aggregate.annotations.map((annotation): PendingEvent => ({
			type: 'annotation.added',
			workflowId,
			data: { annotationId: annotation.id, fileId: annotation.fileId, signerId: annotation.signerId, type: annotation.type, page: annotation.page },
		})),
	];
}
