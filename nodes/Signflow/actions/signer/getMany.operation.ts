import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { apiRequest } from '../../transport';
import { asItems, forOperation, requiredString, workflowIdField, type Operation } from '../common';

export const getManySigners: Operation = {
	description: forOperation('signer', 'getAll', [workflowIdField]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const workflowId = requiredString.call(this, 'workflowId', itemIndex, 'Signing Workflow ID');
		const workflow = await apiRequest.call(this, 'GET', `/workflows/${encodeURIComponent(workflowId)}`, { itemIndex });
		return asItems((workflow.signers as IDataObject[]) ?? []);
	},
};
