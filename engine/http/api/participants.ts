import type { SignflowService } from '../../app/service';
import type { ApiRouter } from '../route';
import {
	AnnotationBody,
	ReassignBody,
	ReissueBody,
	ReissuedSignerResponse,
	AddedAnnotationResponse,
	AddedSignatureResponse,
	SignatureBody,
	SignerBody,
	SignerResponse,
} from '../schemas';

/** Signers, their signature fields and annotations: what a draft is made of besides files. */
export function participantRoutes(api: ApiRouter, service: SignflowService): void {
	api.define({
		method: 'POST',
		path: '/workflows/{workflowId}/signers',
		operationId: 'addSigner',
		summary: 'Add a signer, approver, viewer or cc to a draft',
		tag: 'Signers',
		body: SignerBody,
		responses: { 201: { description: 'The new signer', schema: SignerResponse } },
		answerInCommit: true,
		handler: ({ principal, params, body, event }) => service.addSigner(principal, params.workflowId, body, event),
	});

	api.define({
		method: 'POST',
		path: '/workflows/{workflowId}/signers/{signerId}/reissue',
		operationId: 'reissueSigningLink',
		summary: "Replace a signer's signing link",
		description:
			'The old link stops working at once; a lock after wrong access codes is lifted. The new signingUrl is in the answer. ' +
			'A locked link with an access code never keeps its code (someone may have learned it): give accessCode, or the engine makes one and answers it once.',
		tag: 'Signers',
		body: ReissueBody,
		responses: { 200: { description: 'The signer with the new link', schema: ReissuedSignerResponse } },
		handler: ({ principal, params, body, event }) => service.reissueLink(principal, params.workflowId, params.signerId, body, event),
	});

	api.define({
		method: 'POST',
		path: '/workflows/{workflowId}/signers/{signerId}/reassign',
		operationId: 'reassignSigner',
		summary: "Give a signer's place to another person",
		description: 'Same role, order and fields, a new name, email and link; the old link stops working. Only while the signer has not acted.',
		tag: 'Signers',
		body: ReassignBody,
		responses: { 200: { description: 'The signer as reassigned', schema: SignerResponse } },
		handler: ({ principal, params, body, event }) => service.reassignSigner(principal, params.workflowId, params.signerId, body, event),
	});

	api.define({
		method: 'POST',
		path: '/workflows/{workflowId}/signatures',
		operationId: 'addSignature',
		summary: 'Add a signature field for a signer on a page of a file',
		description:
			'The box (x, y, width, height in PDF points from the bottom-left corner) must lie inside the page. Instead of page, x and y, ' +
			'an `anchor` places the field relative to a text of the file: at its n-th occurrence, or at every one (`anchorFields` lists them); ' +
			'422 anchor_not_found when the text does not occur.',
		tag: 'Signatures',
		body: SignatureBody,
		responses: { 201: { description: 'The new signature field', schema: AddedSignatureResponse } },
		answerInCommit: true,
		handler: ({ principal, params, body, event }) => service.addSignature(principal, params.workflowId, body, event),
	});

	api.define({
		method: 'POST',
		path: '/workflows/{workflowId}/annotations',
		operationId: 'addAnnotation',
		summary: 'Add text, a date, a checkbox or an image: fixed content, or a field a signer fills in',
		tag: 'Annotations',
		body: AnnotationBody,
		bodyLimit: 4 * 1024 * 1024,
		responses: { 201: { description: 'The new annotation', schema: AddedAnnotationResponse } },
		answerInCommit: true,
		handler: ({ principal, params, body, event }) => service.addAnnotation(principal, params.workflowId, body, event),
	});
}
