import type { IExecuteFunctions } from 'n8n-workflow';
import { apiRequest } from '../../../shared/transport';
import { asItems, forOperation, workflowIdFields, workflowIdOf, type Operation } from '../common';

export const deleteWorkflow: Operation = {
	description: forOperation('workflow', 'delete', workflowIdFields),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = workflowIdOf.call(this, itemIndex);
		return asItems(await apiRequest.call(this, 'DELETE', `/workflows/${encodeURIComponent(id)}`, { itemIndex }));
	},
};
