import type { IExecuteFunctions } from 'n8n-workflow';
import { apiRequest } from '../../transport';
import { asItems, forOperation, requiredString, signerIdField, workflowIdFields, workflowIdOf, type Operation } from '../common';

export const reissueLink: Operation = {
	description: forOperation('signer', 'reissue', [...workflowIdFields, signerIdField]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const workflowId = workflowIdOf.call(this, itemIndex);
		const signerId = requiredString.call(this, 'signerId', itemIndex, 'Signer');
		return asItems(
			await apiRequest.call(this, 'POST', `/workflows/${encodeURIComponent(workflowId)}/signers/${encodeURIComponent(signerId)}/reissue`, { itemIndex }),
		);
	},
};
