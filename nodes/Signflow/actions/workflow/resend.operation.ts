import type { IExecuteFunctions } from 'n8n-workflow';
import { apiRequest } from '../../../shared/transport';
import { asItems, forOperation, workflowIdFields, workflowIdOf, type Operation } from '../common';

export const resendWorkflow: Operation = {
	description: forOperation('workflow', 'resend', workflowIdFields),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = workflowIdOf.call(this, itemIndex);
		return asItems(await apiRequest.call(this, 'POST', `/workflows/${encodeURIComponent(id)}/resend`, { itemIndex }));
	},
};
