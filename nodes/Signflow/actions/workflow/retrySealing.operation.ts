import type { IExecuteFunctions } from 'n8n-workflow';
import { apiRequest } from '../../../shared/transport';
import { asItems, forOperation, workflowIdFields, workflowIdOf, type Operation } from '../common';

/**
 * POST /workflows/{id}/finalization/retry: once the cause of a failed sealing is mended (a lost
 * PDF put back, the seal certificate replaced), the engine makes the signed PDFs again; the
 * workflow answers with its finalization pending, and workflow.completed follows.
 */
export const retrySealing: Operation = {
	description: forOperation('workflow', 'retrySealing', workflowIdFields),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = workflowIdOf.call(this, itemIndex);
		return asItems(await apiRequest.call(this, 'POST', `/workflows/${encodeURIComponent(id)}/finalization/retry`, { itemIndex }));
	},
};
