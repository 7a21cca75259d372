import { z } from 'zod';
import type { SignflowService } from '../../app/service';
import { CorrectWorkflowInput, Id, Timestamp } from '../../domain';
import { named } from '../openapi';
import type { ApiRouter } from '../route';
import { WorkflowDetailResponse } from '../schemas';

const CorrectBody = named('CorrectWorkflowRequest', CorrectWorkflowInput);
const RemovedWorkflowResponse = named(
	'RemovedWorkflow',
	z.object({
		id: Id,
		name: z.string(),
		status: z.enum(['discarded', 'deleted']),
		removedAt: Timestamp,
		removedBlobs: z.int().describe('How many stored files (PDFs, drawn signatures) no other workflow used, and were removed'),
	}),
);

/** After a workflow is made: discard a draft, delete a finished one, correct or resend a sent one. */
export function lifecycleRoutes(api: ApiRouter, service: SignflowService): void {
	const tag = 'Workflows';

	api.define({
		method: 'POST',
		path: '/workflows/{workflowId}/discard',
		operationId: 'discardWorkflow',
		summary: 'Discard a draft',
		description:
			'The draft and everything in it are removed (GET answers 404 afterwards); a workflow.discarded event is recorded in the ' +
			'organization\'s trail. 409 workflow_not_draft for a workflow that was sent.',
		tag,
		responses: { 200: { description: 'What was discarded', schema: RemovedWorkflowResponse } },
		handler: ({ principal, params, event }) => service.discardWorkflow(principal, params.workflowId, event),
	});

	api.define({
		method: 'DELETE',
		path: '/workflows/{workflowId}',
		operationId: 'deleteWorkflow',
		summary: 'Delete a finished signing workflow',
		description:
			'Only a completed, refused, expired or cancelled workflow: its record, files, signers, fields, audit trail (and the webhook deliveries of its events) and queued emails ' +
			'are removed, and its PDFs from the blob store unless another workflow holds the same bytes. What remains is the ' +
			'workflow.deleted event (organization trail, GET /events, webhooks) with its id, name, status, file hashes and the last ' +
			'audit hash. 409 workflow_not_finished for a sent one (cancel it first), workflow_is_draft for a draft (discard it), ' +
			'workflow_finalizing while its signed PDFs are being made.',
		tag,
		responses: { 200: { description: 'What was deleted', schema: RemovedWorkflowResponse } },
		handler: ({ principal, params, event }) => service.deleteWorkflow(principal, params.workflowId, event),
	});

	api.define({
		method: 'POST',
		path: '/workflows/{workflowId}/correct',
		operationId: 'correctWorkflow',
		summary: 'Correct a sent signing workflow',
		description:
			'Change the message, the expiry, the language (locale), or the name, email or language of signers who have not acted. ' +
			'A signer with a new name or email gets a new link (signer.reissued, emailed when it is their turn) and the old one stops ' +
			'working at once; a new language alone keeps the link (resend to send the invitation again in it). Recorded as ' +
			'workflow.corrected with the previous values. 409 signer_already_acted for a ' +
			'signer who signed, approved or refused; 422 for values that cannot be used (an expiry in the past, an unknown signer).',
		tag,
		body: CorrectBody,
		responses: { 200: { description: 'The corrected workflow', schema: WorkflowDetailResponse } },
		handler: ({ principal, params, body, event }) => service.correct(principal, params.workflowId, body, event),
	});

	api.define({
		method: 'POST',
		path: '/workflows/{workflowId}/finalization/retry',
		operationId: 'retryFinalization',
		summary: 'Make the signed documents again after the engine gave up',
		description:
			'For a completed workflow whose finalization failed for good (finalization.status failed, workflow.finalization_failed ' +
			'sent), once its cause is mended (a missing file put back, the seal certificate replaced): the job is due at once with ' +
			'a fresh set of retries, recorded as workflow.finalization_retried (previousAttempts, previousError). workflow.completed ' +
			'follows when the signed PDFs are made. 409 finalization_not_failed while they are being made or once they are, and ' +
			'for a workflow not completed; 409 workflow_purged after a purge.',
		tag,
		responses: { 200: { description: 'The workflow, its finalization pending again', schema: WorkflowDetailResponse } },
		handler: ({ principal, params, event }) => service.retryFinalization(principal, params.workflowId, event),
	});

	api.define({
		method: 'POST',
		path: '/workflows/{workflowId}/resend',
		operationId: 'resendWorkflow',
		summary: 'Send the invitations again to the signers whose turn it is',
		description:
			'Same links (they stay valid); emailed when SMTP is configured, and a signer.resent event each (with the link) after ' +
			'workflow.resent. A locked link is left out: reissue it. 409 workflow_not_sent unless the workflow is sent.',
		tag,
		responses: { 200: { description: 'The workflow', schema: WorkflowDetailResponse } },
		handler: ({ principal, params, event }) => service.resend(principal, params.workflowId, event),
	});
}
