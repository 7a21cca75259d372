import type { SignflowService } from '../../app/service';
import { ListWorkflowsQuery } from '../../domain';
import type { ApiRouter } from '../route';
import {
	AuditTrailResponse,
	CancelBody,
	EmailListResponse,
	WorkflowBody,
	WorkflowDetailResponse,
	WorkflowListResponse,
} from '../schemas';

export function workflowRoutes(api: ApiRouter, service: SignflowService): void {
	const tag = 'Workflows';

	api.define({
		method: 'POST',
		path: '/workflows',
		operationId: 'addWorkflow',
		summary: 'Add a signing workflow (a draft)',
		tag,
		body: WorkflowBody,
		responses: { 201: { description: 'The new draft', schema: WorkflowDetailResponse } },
		answerInCommit: true,
		handler: ({ principal, body, event }) => service.createWorkflow(principal, body, event),
	});

	api.define({
		method: 'GET',
		path: '/workflows',
		operationId: 'listWorkflows',
		summary: 'List signing workflows, newest first',
		tag,
		query: ListWorkflowsQuery,
		responses: { 200: { description: 'One page of workflows', schema: WorkflowListResponse } },
		handler: async ({ principal, query }) => {
			const page = await service.listWorkflows(principal, query);
			return { data: page.items, nextCursor: page.nextCursor };
		},
	});

	api.define({
		method: 'GET',
		path: '/workflows/{workflowId}',
		operationId: 'getWorkflow',
		summary: 'Get a signing workflow with its files, signers, signatures and annotations',
		tag,
		responses: { 200: { description: 'The workflow', schema: WorkflowDetailResponse } },
		handler: ({ principal, params }) => service.getWorkflow(principal, params.workflowId),
	});

	api.define({
		method: 'POST',
		path: '/workflows/{workflowId}/send',
		operationId: 'sendWorkflow',
		summary: 'Send a draft to its signers',
		description:
			'Refused with 409 when the workflow has no file (workflow_has_no_file), no signer or approver ' +
			'(workflow_has_no_signer), or a signer without a signature field (signer_without_signature_field).',
		tag,
		responses: { 200: { description: 'The sent workflow', schema: WorkflowDetailResponse } },
		handler: ({ principal, params, event }) => service.send(principal, params.workflowId, event),
	});

	api.define({
		method: 'POST',
		path: '/workflows/{workflowId}/cancel',
		operationId: 'cancelWorkflow',
		summary: 'Cancel a sent signing workflow',
		tag,
		body: CancelBody,
		responses: { 200: { description: 'The cancelled workflow', schema: WorkflowDetailResponse } },
		handler: ({ principal, params, body, event }) => service.cancel(principal, params.workflowId, body, event),
	});

	api.define({
		method: 'POST',
		path: '/workflows/{workflowId}/remind',
		operationId: 'remindSigners',
		summary: 'Remind the signers whose turn it is',
		description: 'Emails them again when SMTP is configured, and records a signer.reminded event for each.',
		tag,
		responses: { 200: { description: 'The workflow', schema: WorkflowDetailResponse } },
		handler: ({ principal, params, event }) => service.remind(principal, params.workflowId, event),
	});

	api.define({
		method: 'GET',
		path: '/workflows/{workflowId}/emails',
		operationId: 'listWorkflowEmails',
		summary: 'The emails this signing workflow sent or will send, with their delivery state',
		tag,
		responses: { 200: { description: 'Oldest first', schema: EmailListResponse } },
		handler: async ({ principal, params }) => ({ data: await service.listEmails(principal, params.workflowId) }),
	});

	api.define({
		method: 'GET',
		path: '/workflows/{workflowId}/audit',
		operationId: 'getAuditTrail',
		summary: 'The audit trail of a signing workflow and whether its hash chain is intact',
		tag,
		responses: { 200: { description: 'Every event, oldest first', schema: AuditTrailResponse } },
		handler: ({ principal, params }) => service.getAuditTrail(principal, params.workflowId),
	});
}
