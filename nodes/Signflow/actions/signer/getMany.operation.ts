import type { IExecuteFunctions } from 'n8n-workflow';
import type { WorkflowDetail } from '../../../shared/responses';
import { apiRequest } from '../../../shared/transport';
import { asItems, forOperation, workflowIdFields, workflowIdOf, type Operation } from '../common';

export const getManySigners: Operation = {
	independentItems: true,
	description: forOperation('signer', 'getAll', workflowIdFields),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const workflowId = workflowIdOf.call(this, itemIndex);
		const workflow = (await apiRequest.call(this, 'GET', `/workflows/${encodeURIComponent(workflowId)}`, { itemIndex })) as WorkflowDetail;
		return asItems(workflow.signers ?? []);
	},
};
