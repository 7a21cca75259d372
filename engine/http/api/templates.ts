import { z } from 'zod';
import type { SignflowService } from '../../app/service';
import {
	AddTemplateFileJsonInput,
	AddTemplateAnnotationInput,
	AddTemplateRoleInput,
	AddTemplateSignatureInput,
	CreateFromTemplateInput,
	CreateTemplateInput,
	ListTemplatesQuery,
	SaveAsTemplateInput,
	Template,
	TemplateAnnotation,
	TemplateDetail,
	TemplateFile,
	TemplateRole,
	TemplateSignature,
	UpdateTemplateInput,
	UpdateTemplateRoleInput,
	UpdateTemplateAnnotationInput,
	UpdateTemplateSignatureInput,
	fileTooLarge,
} from '../../domain';
import { contentDisposition } from '../contentDisposition';
import { named } from '../openapi';
import type { ApiRouter } from '../route';
import { WorkflowDetailResponse } from '../schemas';
import { multipartFlag, readUpload } from '../upload';

const TemplateBody = named('CreateTemplateRequest', CreateTemplateInput);
const TemplateUpdateBody = named('UpdateTemplateRequest', UpdateTemplateInput);
const TemplateFileBody = named('AddTemplateFileRequest', AddTemplateFileJsonInput);
const RoleBody = named('AddTemplateRoleRequest', AddTemplateRoleInput);
const RoleUpdateBody = named('UpdateTemplateRoleRequest', UpdateTemplateRoleInput);
const TemplateRoleResponse = named('TemplateRole', TemplateRole);
const TemplateSignatureBody = named('AddTemplateSignatureRequest', AddTemplateSignatureInput);
const TemplateAnnotationBody = named('AddTemplateAnnotationRequest', AddTemplateAnnotationInput);
const TemplateSignatureUpdateBody = named('UpdateTemplateSignatureRequest', UpdateTemplateSignatureInput);
const TemplateAnnotationUpdateBody = named('UpdateTemplateAnnotationRequest', UpdateTemplateAnnotationInput);
const FromTemplateBody = named('CreateWorkflowFromTemplateRequest', CreateFromTemplateInput);
const SaveAsTemplateBody = named('SaveAsTemplateRequest', SaveAsTemplateInput);
const TemplateResponse = named('Template', TemplateDetail);
const AddedTemplateFileResponse = named(
	'AddedTemplateFile',
	TemplateFile.extend({
		textTagFields: z
			.object({ signatures: z.array(TemplateSignature), annotations: z.array(TemplateAnnotation) })
			.optional()
			.describe('Unless textTags was false: the signature fields and annotations the text tags made, in page and reading order'),
	}),
);
const TemplateListResponse = named(
	'TemplateList',
	z.object({
		data: z.array(Template),
		nextCursor: z.string().nullable().describe('Pass as cursor to get the next page; null on the last page'),
	}),
);
const DeletedTemplateResponse = named(
	'DeletedTemplate',
	z.object({ id: z.uuid(), name: z.string(), deletedAt: z.string(), removedBlobs: z.int().describe('PDFs nothing else named, removed from the blob store') }),
);

/** Templates: files, roles and fields like a draft's; workflows made from them; drafts saved as them. */
export function templateRoutes(api: ApiRouter, service: SignflowService, maxFileBytes: number): void {
	const tag = 'Templates';
	const templates = service.templates;

	api.define({
		method: 'POST',
		path: '/templates',
		operationId: 'addTemplate',
		summary: 'Add a template',
		description: 'A template made by a test key is a test template, seen only by test keys (and its workflows are test workflows).',
		tag,
		body: TemplateBody,
		responses: { 201: { description: 'The new template', schema: TemplateResponse } },
		handler: ({ principal, body, event }) => templates.create(principal, body, event),
	});

	api.define({
		method: 'GET',
		path: '/templates',
		operationId: 'listTemplates',
		summary: 'List templates, newest first',
		tag,
		query: ListTemplatesQuery,
		responses: { 200: { description: 'One page of templates', schema: TemplateListResponse } },
		handler: async ({ principal, query }) => {
			const page = await templates.list(principal, query);
			return { data: page.items, nextCursor: page.nextCursor };
		},
	});

	api.define({
		method: 'GET',
		path: '/templates/{templateId}',
		operationId: 'getTemplate',
		summary: 'Get a template with its files, roles, signature fields and annotations',
		tag,
		responses: { 200: { description: 'The template', schema: TemplateResponse } },
		handler: ({ principal, params }) => templates.get(principal, params.templateId),
	});

	api.define({
		method: 'PATCH',
		path: '/templates/{templateId}',
		operationId: 'updateTemplate',
		summary: "Change a template's name and defaults",
		description: 'What is given changes; null clears an optional setting.',
		tag,
		body: TemplateUpdateBody,
		responses: { 200: { description: 'The template', schema: TemplateResponse } },
		handler: ({ principal, params, body, event }) => templates.update(principal, params.templateId, body, event),
	});

	api.define({
		method: 'DELETE',
		path: '/templates/{templateId}',
		operationId: 'deleteTemplate',
		summary: 'Delete a template',
		description: 'Workflows made from it are not touched; its PDFs leave the blob store unless a workflow or another template holds the same bytes.',
		tag,
		responses: { 200: { description: 'What was deleted', schema: DeletedTemplateResponse } },
		handler: ({ principal, params, event }) => templates.delete(principal, params.templateId, event),
	});

	api.define({
		method: 'POST',
		path: '/templates/{templateId}/files',
		operationId: 'addTemplateFile',
		summary: 'Add a PDF to a template',
		description:
			'As for a draft: multipart/form-data (field `file`, optional fields `name` and `textTags` before it) or JSON with base64 content, ' +
			'with the same checks (422 file_empty, file_not_pdf, file_encrypted, file_broken; 413 file_too_large). ' +
			'Text tags are read unless `textTags` is false: each tag ({{signature;role=Employee}}, {{text;role=HR;name=salary}}, see the README) ' +
			'becomes a signature field or annotation of the role it names (by role name; add the roles first), listed in `textTagFields`, ' +
			'and is covered in white in the stored file; a tag `name` names the annotation for `prefill`. ' +
			'Any tag that cannot be used (malformed, a role the template does not have) refuses the upload with 422 text_tags_invalid, one detail per tag with its page.',
		tag,
		body: TemplateFileBody,
		extraBodyTypes: {
			'multipart/form-data': {
				type: 'object',
				required: ['file'],
				properties: { file: { type: 'string', format: 'binary' }, name: { type: 'string' }, textTags: { type: 'string', enum: ['true', 'false'] } },
			},
		},
		bodyLimit: Math.ceil((maxFileBytes * 4) / 3) + 64 * 1024,
		tooLarge: () => fileTooLarge(maxFileBytes),
		responses: { 201: { description: 'The stored file (and the fields its text tags made)', schema: AddedTemplateFileResponse } },
		handler: async (context) => {
			const upload = await readUpload(context, maxFileBytes, () => fileTooLarge(maxFileBytes), ['name', 'textTags']);
			const textTags = context.request.isMultipart() ? multipartFlag(upload.fields.textTags, 'textTags', true) : (context.body?.textTags ?? true);
			return templates.addFile(context.principal, context.params.templateId, { name: upload.name, bytes: upload.bytes, textTags }, context.event);
		},
	});

	api.define({
		method: 'GET',
		path: '/templates/{templateId}/files/{fileId}/content',
		operationId: 'downloadTemplateFile',
		summary: "Download a template's PDF as stored (text tags covered in white)",
		tag,
		responses: { 200: { description: 'The PDF bytes', contentType: 'application/pdf' } },
		handler: async ({ principal, params, reply }) => {
			const { file, content } = await templates.getFileContent(principal, params.templateId, params.fileId);
			return reply
				.header('content-type', 'application/pdf')
				.header('content-disposition', contentDisposition(file.name))
				.header('x-content-sha256', file.sha256)
				.header('content-length', content.size)
				.send(content.body);
		},
	});

	api.define({
		method: 'DELETE',
		path: '/templates/{templateId}/files/{fileId}',
		operationId: 'removeTemplateFile',
		summary: 'Remove a file from a template, with its fields',
		tag,
		responses: { 200: { description: 'The template', schema: TemplateResponse } },
		handler: ({ principal, params, event }) => templates.removeFile(principal, params.templateId, params.fileId, event),
	});

	api.define({
		method: 'POST',
		path: '/templates/{templateId}/roles',
		operationId: 'addTemplateRole',
		summary: 'Add a role (a signer, approver, viewer or cc to be named when a workflow is made)',
		tag,
		body: RoleBody,
		responses: { 201: { description: 'The new role', schema: TemplateRoleResponse } },
		handler: ({ principal, params, body, event }) => templates.addRole(principal, params.templateId, body, event),
	});

	api.define({
		method: 'PATCH',
		path: '/templates/{templateId}/roles/{roleId}',
		operationId: 'updateTemplateRole',
		summary: 'Rename a role or change its settings',
		description:
			'What is given changes; null clears a default. Its fields stay its own, so a role with signature fields stays a signer ' +
			'(422 role_cannot_sign) and one with fields to fill in a signer or approver (422 role_cannot_fill).',
		tag,
		body: RoleUpdateBody,
		responses: { 200: { description: 'The role', schema: TemplateRoleResponse } },
		handler: ({ principal, params, body, event }) => templates.updateRole(principal, params.templateId, params.roleId, body, event),
	});

	api.define({
		method: 'DELETE',
		path: '/templates/{templateId}/roles/{roleId}',
		operationId: 'removeTemplateRole',
		summary: 'Remove a role, with its fields',
		tag,
		responses: { 200: { description: 'The template', schema: TemplateResponse } },
		handler: ({ principal, params, event }) => templates.removeRole(principal, params.templateId, params.roleId, event),
	});

	api.define({
		method: 'POST',
		path: '/templates/{templateId}/signatures',
		operationId: 'addTemplateSignature',
		summary: 'Add a signature or initials field for a role',
		description: 'The box (x, y, width, height in PDF points from the bottom-left corner) must lie inside the page.',
		tag,
		body: TemplateSignatureBody,
		responses: { 201: { description: 'The new field', schema: named('TemplateSignature', TemplateSignature) } },
		handler: ({ principal, params, body, event }) => templates.addSignature(principal, params.templateId, body, event),
	});

	api.define({
		method: 'PATCH',
		path: '/templates/{templateId}/signatures/{signatureId}',
		operationId: 'updateTemplateSignature',
		summary: 'Move, resize or reassign a signature field',
		description:
			'The field keeps its id; what is given changes. The box must lie inside the page of its file (422 page_out_of_range, box_outside_page); ' +
			'a new roleId must name a signer role (422 role_not_found, role_cannot_sign). Recorded as template.modified (change signature.changed, with the values before).',
		tag,
		body: TemplateSignatureUpdateBody,
		responses: { 200: { description: 'The field', schema: named('TemplateSignature', TemplateSignature) } },
		handler: ({ principal, params, body, event }) => templates.updateSignature(principal, params.templateId, params.signatureId, body, event),
	});

	api.define({
		method: 'DELETE',
		path: '/templates/{templateId}/signatures/{signatureId}',
		operationId: 'removeTemplateSignature',
		summary: 'Remove a signature field',
		tag,
		responses: { 200: { description: 'The template', schema: TemplateResponse } },
		handler: ({ principal, params, event }) => templates.removeField(principal, params.templateId, 'signature', params.signatureId, event),
	});

	api.define({
		method: 'POST',
		path: '/templates/{templateId}/annotations',
		operationId: 'addTemplateAnnotation',
		summary: 'Add text, a date or a checkbox: a field a role fills in, or fixed content; with a name, prefilled when a workflow is made',
		description:
			'prefill says what a prefilled value is: fixed (stamped in, nobody changes it) or default (the role\'s signer sees it filled in and may change it). ' +
			'Fixed content (no roleId) with a name and no value must be prefilled.',
		tag,
		body: TemplateAnnotationBody,
		responses: { 201: { description: 'The new annotation', schema: named('TemplateAnnotation', TemplateAnnotation) } },
		handler: ({ principal, params, body, event }) => templates.addAnnotation(principal, params.templateId, body, event),
	});

	api.define({
		method: 'PATCH',
		path: '/templates/{templateId}/annotations/{annotationId}',
		operationId: 'updateTemplateAnnotation',
		summary: 'Move, resize or change an annotation: its box, role, name, prefill, value, label',
		description:
			'The annotation keeps its id; what is given changes, null clears the role (fixed content), name, value or label. The result obeys the rules of adding one ' +
			'(422 box_outside_page, role_not_found, role_cannot_fill, field_name_type_clash, annotation_value_invalid, annotation_value_missing). ' +
			'Recorded as template.modified (change annotation.changed, with the values before).',
		tag,
		body: TemplateAnnotationUpdateBody,
		responses: { 200: { description: 'The annotation', schema: named('TemplateAnnotation', TemplateAnnotation) } },
		handler: ({ principal, params, body, event }) => templates.updateAnnotation(principal, params.templateId, params.annotationId, body, event),
	});

	api.define({
		method: 'DELETE',
		path: '/templates/{templateId}/annotations/{annotationId}',
		operationId: 'removeTemplateAnnotation',
		summary: 'Remove an annotation',
		tag,
		responses: { 200: { description: 'The template', schema: TemplateResponse } },
		handler: ({ principal, params, event }) => templates.removeField(principal, params.templateId, 'annotation', params.annotationId, event),
	});

	api.define({
		method: 'POST',
		path: '/templates/{templateId}/workflows',
		operationId: 'createWorkflowFromTemplate',
		summary: 'Make a signing workflow from a template, and send it if asked',
		description:
			'Each role gets a person (`roles`, by role name; a role\'s defaultName/defaultEmail fill what is left out); `prefill` fills named annotations; ' +
			'`metadata` is merged over the template\'s. 422 template_input_invalid names every unmapped role, unknown role, unknown field name and value of the wrong type. ' +
			'With send: true the workflow is sent in the same call (409 as for POST /workflows/{id}/send, and then nothing is made).',
		tag,
		body: FromTemplateBody,
		responses: { 201: { description: 'The new workflow (sent, with signing links, when send was true)', schema: WorkflowDetailResponse } },
		handler: ({ principal, params, body, event }) => service.templateWorkflows.createWorkflow(principal, params.templateId, body, event),
	});

	api.define({
		method: 'POST',
		path: '/workflows/{workflowId}/template',
		operationId: 'saveWorkflowAsTemplate',
		summary: 'Save a signing workflow (typically a draft) as a template',
		description:
			'Its files, signature fields and annotations are copied; each signer becomes a role named by roleNames (by signer id) or by the signer\'s name. ' +
			'What signers filled in is not kept, nor image annotations.',
		tag,
		body: SaveAsTemplateBody,
		responses: { 201: { description: 'The new template', schema: TemplateResponse } },
		handler: ({ principal, params, body, event }) => service.templateWorkflows.saveAsTemplate(principal, params.workflowId, body, event),
	});
}
