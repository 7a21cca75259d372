import type { IExecuteFunctions } from 'n8n-workflow';
import { apiRequest } from '../../transport';
import { asItems, forOperation, requiredString, workflowIdField, type Operation } from '../common';

export const remindSigners: Operation = {
	description: forOperation('workflow', 'remind', [workflowIdField]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = requiredString.call(this, 'workflowId', itemIndex, 'Signing Workflow ID');
		return asItems(await apiRequest.call(this, 'POST', `/workflows/${encodeURIComponent(id)}/remind`, { itemIndex }));
	},
};
