import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import type { TemplateDetail, WorkflowDetail } from '../../shared/responses';
import { apiRequest } from '../../shared/transport';
import { plainId } from '../actions/common';
import { templateIdInEditor } from '../actions/template/templateId';

/** The signing workflow chosen in the node (either shape), when it is an ID and not an expression still to run. */
async function currentWorkflow(this: ILoadOptionsFunctions): Promise<WorkflowDetail | null> {
	const id = plainId(this.getCurrentNodeParameter('workflowId'));
	if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
	return (await apiRequest.call(this, 'GET', `/workflows/${id}`)) as WorkflowDetail;
}

export async function getFiles(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const workflow = await currentWorkflow.call(this);
	return (workflow?.files ?? []).map((file) => ({
		name: `${file.name} (${file.pageCount} page${file.pageCount === 1 ? '' : 's'})`,
		value: file.id,
	}));
}

export async function getSigners(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const workflow = await currentWorkflow.call(this);
	return (workflow?.signers ?? []).map((signer) => ({
		name: `${signer.name} <${signer.email}> (${signer.role})`,
		value: signer.id,
	}));
}

/** Where a field of the workflow sits, as the lists below name it: its file and page. */
function placeOf(workflow: WorkflowDetail, field: { fileId: string; page: number }): string {
	const file = workflow.files.find((candidate) => candidate.id === field.fileId);
	return `${file?.name ?? 'a file'}, page ${field.page}`;
}

export async function getSignatureFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const workflow = await currentWorkflow.call(this);
	if (!workflow) return [];
	const signers = new Map(workflow.signers.map((signer) => [signer.id, signer.name]));
	return (workflow.signatures ?? []).map((field) => ({
		name: `${field.kind === 'initials' ? 'Initials' : 'Signature'} of ${signers.get(field.signerId) ?? 'a signer'} (${placeOf(workflow, field)})`,
		value: field.id,
	}));
}

export async function getAnnotations(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const workflow = await currentWorkflow.call(this);
	if (!workflow) return [];
	const signers = new Map(workflow.signers.map((signer) => [signer.id, signer.name]));
	return (workflow.annotations ?? []).map((annotation) => {
		const what = annotation.signerId
			? `filled in by ${signers.get(annotation.signerId) ?? 'a signer'}${annotation.label ? `: ${annotation.label}` : ''}`
			: annotation.type === 'image' || typeof annotation.value !== 'string'
				? 'fixed'
				: `"${annotation.value.length > 40 ? `${annotation.value.slice(0, 40)}…` : annotation.value}"`;
		return { name: `${annotation.type[0].toUpperCase()}${annotation.type.slice(1)} ${what} (${placeOf(workflow, annotation)})`, value: annotation.id };
	});
}

/** The template chosen in the node (from the list, by ID or by URL), when it is one and not an expression still to run. */
async function currentTemplate(this: ILoadOptionsFunctions): Promise<TemplateDetail | null> {
	const id = templateIdInEditor(this.getCurrentNodeParameter('templateId'));
	return id ? ((await apiRequest.call(this, 'GET', `/templates/${id}`)) as TemplateDetail) : null;
}

const ACCESS_CODE_HINT: Record<string, string> = { required: ', access code required', none: ', no access code' };

/** The roles of the chosen template, in signing order, for Create From Template's role mapping. */
export async function getTemplateRoles(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const template = await currentTemplate.call(this);
	return [...(template?.roles ?? [])]
		.sort((a, b) => a.order - b.order)
		.map((role) => ({
			name: role.name,
			value: role.name,
			description: `${role.role}, order ${role.order}${role.defaultEmail ? `, default ${role.defaultName ?? ''} <${role.defaultEmail}>` : ''}${ACCESS_CODE_HINT[role.accessCode] ?? ''}`,
		}));
}

/** The named fields of the chosen template (each name once), for Create From Template's prefill. */
export async function getTemplateFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const template = await currentTemplate.call(this);
	const roles = new Map((template?.roles ?? []).map((role) => [role.id, role.name]));
	const fields = new Map<string, INodePropertyOptions>();
	for (const annotation of template?.annotations ?? [])
		if (annotation.name && !fields.has(annotation.name))
			fields.set(annotation.name, {
				name: annotation.label ? `${annotation.name} (${annotation.label})` : annotation.name,
				value: annotation.name,
				description: `${annotation.type}, ${annotation.roleId ? `filled by ${roles.get(annotation.roleId) ?? 'a role'}, prefill ${annotation.prefill === 'fixed' ? 'fixed' : 'is a default they may change'}` : 'fixed content'}`,
			});
	return [...fields.values()];
}
