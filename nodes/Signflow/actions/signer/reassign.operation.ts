import type { IExecuteFunctions } from 'n8n-workflow';
import { apiRequest } from '../../../shared/transport';
import { asItems, forOperation, requiredString, signerIdField, workflowIdFields, workflowIdOf, type Operation } from '../common';

export const reassignSigner: Operation = {
	description: forOperation('signer', 'reassign', [
		...workflowIdFields,
		signerIdField,
		{ displayName: 'New Name', name: 'name', type: 'string', required: true, default: '' },
		{ displayName: 'New Email', name: 'email', type: 'string', placeholder: 'name@email.com', required: true, default: '' },
	]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const workflowId = workflowIdOf.call(this, itemIndex);
		const signerId = requiredString.call(this, 'signerId', itemIndex, 'Signer');
		const body = { name: requiredString.call(this, 'name', itemIndex, 'New Name'), email: requiredString.call(this, 'email', itemIndex, 'New Email') };
		return asItems(
			await apiRequest.call(this, 'POST', `/workflows/${encodeURIComponent(workflowId)}/signers/${encodeURIComponent(signerId)}/reassign`, {
				body,
				itemIndex,
			}),
		);
	},
};
