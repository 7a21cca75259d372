import type { SignflowService } from '../../app/service';
import type { ApiRouter } from '../route';
import {
	AnnotationResponse,
	SignatureResponse,
	SignerResponse,
	UpdateAnnotationBody,
	UpdateSignatureBody,
	UpdateSignerBody,
	UpdateWorkflowBody,
	WorkflowDetailResponse,
} from '../schemas';

const DRAFT_ONLY = 'Only a draft changes: 409 workflow_not_draft once sent.';
const BOX =
	'The box (x, y, width, height in PDF points from the bottom-left corner) must lie inside the page of its file (422 page_out_of_range, box_outside_page); what is left out stays as it was.';

/** Changing and removing a draft's settings, signers, files, signature fields and annotations. */
export function draftEditRoutes(api: ApiRouter, service: SignflowService): void {
	const edits = service.draftEdits;

	api.define({
		method: 'PATCH',
		path: '/workflows/{workflowId}',
		operationId: 'updateWorkflow',
		summary: "Change a draft's name, message, expiry and settings",
		description: `What is given changes; null clears an optional setting; 422 nothing_to_change for an empty body, expires_at_in_past. ${DRAFT_ONLY} Recorded as workflow.updated with the values before.`,
		tag: 'Workflows',
		body: UpdateWorkflowBody,
		responses: { 200: { description: 'The draft', schema: WorkflowDetailResponse } },
		handler: ({ principal, params, body, event }) => edits.updateWorkflow(principal, params.workflowId, body, event),
	});

	api.define({
		method: 'DELETE',
		path: '/workflows/{workflowId}/files/{fileId}',
		operationId: 'removeFile',
		summary: 'Remove a file from a draft, with the fields on it',
		description: `Its PDF leaves the blob store unless another workflow or template holds the same bytes. ${DRAFT_ONLY} Recorded as file.removed (and signature.removed, annotation.removed for its fields).`,
		tag: 'Files',
		responses: { 200: { description: 'The draft', schema: WorkflowDetailResponse } },
		handler: ({ principal, params, event }) => edits.removeFile(principal, params.workflowId, params.fileId, event),
	});

	api.define({
		method: 'PATCH',
		path: '/workflows/{workflowId}/signers/{signerId}',
		operationId: 'updateSigner',
		summary: "Change a draft's signer: name, email, role, order, access code, verification, language",
		description:
			'What is given changes; null removes the access code, the language or the redirectUrl. A signer with signature fields stays a signer (422 signer_cannot_sign), ' +
			`one with fields to fill in a signer or approver (422 signer_cannot_fill). ${DRAFT_ONLY} Recorded as signer.updated with the values before (never an access code).`,
		tag: 'Signers',
		body: UpdateSignerBody,
		responses: { 200: { description: 'The signer', schema: SignerResponse } },
		handler: ({ principal, params, body, event }) => edits.updateSigner(principal, params.workflowId, params.signerId, body, event),
	});

	api.define({
		method: 'DELETE',
		path: '/workflows/{workflowId}/signers/{signerId}',
		operationId: 'removeSigner',
		summary: 'Remove a signer from a draft, with their fields',
		description: `${DRAFT_ONLY} Recorded as signer.removed (and signature.removed, annotation.removed for their fields).`,
		tag: 'Signers',
		responses: { 200: { description: 'The draft', schema: WorkflowDetailResponse } },
		handler: ({ principal, params, event }) => edits.removeSigner(principal, params.workflowId, params.signerId, event),
	});

	api.define({
		method: 'PATCH',
		path: '/workflows/{workflowId}/signatures/{signatureId}',
		operationId: 'updateSignature',
		summary: 'Move, resize or reassign a signature field of a draft',
		description: `The field keeps its id. ${BOX} A new signerId must name a signer (422 signer_not_found, signer_cannot_sign). ${DRAFT_ONLY} Recorded as signature.updated with the values before.`,
		tag: 'Signatures',
		body: UpdateSignatureBody,
		responses: { 200: { description: 'The signature field', schema: SignatureResponse } },
		handler: ({ principal, params, body, event }) => edits.updateSignature(principal, params.workflowId, params.signatureId, body, event),
	});

	api.define({
		method: 'DELETE',
		path: '/workflows/{workflowId}/signatures/{signatureId}',
		operationId: 'removeSignature',
		summary: 'Remove a signature field from a draft',
		description: `${DRAFT_ONLY} Recorded as signature.removed.`,
		tag: 'Signatures',
		responses: { 200: { description: 'The draft', schema: WorkflowDetailResponse } },
		handler: ({ principal, params, event }) => edits.removeSignature(principal, params.workflowId, params.signatureId, event),
	});

	api.define({
		method: 'PATCH',
		path: '/workflows/{workflowId}/annotations/{annotationId}',
		operationId: 'updateAnnotation',
		summary: 'Move, resize or change an annotation of a draft',
		description:
			`The annotation keeps its id. ${BOX} A field a signer fills in may go to another signer or approver (signerId; 422 annotation_is_fixed for fixed content), ` +
			`fixed text, a date or a checkbox may get another value (422 annotation_filled_by_signer for a signer's field). ${DRAFT_ONLY} Recorded as annotation.updated with the values before.`,
		tag: 'Annotations',
		body: UpdateAnnotationBody,
		responses: { 200: { description: 'The annotation', schema: AnnotationResponse } },
		handler: ({ principal, params, body, event }) => edits.updateAnnotation(principal, params.workflowId, params.annotationId, body, event),
	});

	api.define({
		method: 'DELETE',
		path: '/workflows/{workflowId}/annotations/{annotationId}',
		operationId: 'removeAnnotation',
		summary: 'Remove an annotation from a draft',
		description: `${DRAFT_ONLY} Recorded as annotation.removed.`,
		tag: 'Annotations',
		responses: { 200: { description: 'The draft', schema: WorkflowDetailResponse } },
		handler: ({ principal, params, event }) => edits.removeAnnotation(principal, params.workflowId, params.annotationId, event),
	});
}
