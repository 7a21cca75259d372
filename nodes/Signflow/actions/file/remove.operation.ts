import type { IExecuteFunctions } from 'n8n-workflow';
import { asItems, fileIdField, forOperation, requiredString, workflowIdFields, workflowIdOf, type Operation } from '../common';
import { draftEditRequest } from '../draftEdit';

/** Takes a PDF out of a draft with the fields on it; outputs the draft. */
export const removeFile: Operation = {
	description: forOperation('file', 'remove', [...workflowIdFields, fileIdField]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const workflowId = workflowIdOf.call(this, itemIndex);
		const fileId = requiredString.call(this, 'fileId', itemIndex, 'File');
		return asItems(await draftEditRequest.call(this, 'DELETE', `/workflows/${encodeURIComponent(workflowId)}/files/${encodeURIComponent(fileId)}`, { itemIndex }));
	},
};
