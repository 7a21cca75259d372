import type { IExecuteFunctions } from 'n8n-workflow';
import { asItems, forOperation, requiredString, signerIdField, workflowIdFields, workflowIdOf, type Operation } from '../common';
import { draftEditRequest } from '../draftEdit';

/** Takes a signer out of a draft with their signature fields and annotations; outputs the draft. */
export const removeSigner: Operation = {
	description: forOperation('signer', 'remove', [...workflowIdFields, signerIdField]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const workflowId = workflowIdOf.call(this, itemIndex);
		const signerId = requiredString.call(this, 'signerId', itemIndex, 'Signer');
		return asItems(await draftEditRequest.call(this, 'DELETE', `/workflows/${encodeURIComponent(workflowId)}/signers/${encodeURIComponent(signerId)}`, { itemIndex }));
	},
};
