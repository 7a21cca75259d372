import type { SignflowService } from '../../app/service';
import { PurgeWorkflowInput } from '../../domain';
import { named } from '../openapi';
import type { ApiRouter } from '../route';
import { WorkflowDetailResponse } from '../schemas';

const PurgeBody = named('PurgeWorkflowRequest', PurgeWorkflowInput);

export function purgeRoutes(api: ApiRouter, service: SignflowService): void {
	api.define({
		method: 'POST',
		path: '/workflows/{workflowId}/purge',
		operationId: 'purgeWorkflow',
		summary: "Purge a finished signing workflow's documents (and, if asked, its signers' personal data)",
		description:
			'The PDFs (original and signed) are deleted; their SHA-256 stay in the workflow, the audit trail stays and its chain still verifies, ' +
			'and downloads answer 410 document_purged. With scope documents_and_personal_data the signers\' names, emails, IP addresses and field values ' +
			'are blanked too (ids stay). Refused with 409 while the workflow is not finished (workflow_not_finished), while its signed documents are being made ' +
			'(finalization_pending), or when it was purged already with this scope (workflow_already_purged).',
		tag: 'Workflows',
		body: PurgeBody,
		responses: { 200: { description: 'The purged workflow (purgedAt, purgeScope)', schema: WorkflowDetailResponse } },
		handler: ({ principal, params, body, event }) => service.purgeWorkflow(principal, params.workflowId, body, event),
	});
}
