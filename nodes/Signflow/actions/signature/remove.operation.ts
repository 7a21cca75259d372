import type { IExecuteFunctions } from 'n8n-workflow';
import { asItems, forOperation, requiredString, signatureIdField, workflowIdFields, workflowIdOf, type Operation } from '../common';
import { draftEditRequest } from '../draftEdit';

/** Takes a signature field out of a draft; outputs the draft. */
export const removeSignature: Operation = {
	description: forOperation('signature', 'remove', [...workflowIdFields, signatureIdField]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const workflowId = workflowIdOf.call(this, itemIndex);
		const signatureId = requiredString.call(this, 'signatureId', itemIndex, 'Signature Field');
		return asItems(
			await draftEditRequest.call(this, 'DELETE', `/workflows/${encodeURIComponent(workflowId)}/signatures/${encodeURIComponent(signatureId)}`, { itemIndex }),
		);
	},
};
