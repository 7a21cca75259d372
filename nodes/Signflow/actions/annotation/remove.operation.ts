import type { IExecuteFunctions } from 'n8n-workflow';
import { annotationIdField, asItems, forOperation, requiredString, workflowIdFields, workflowIdOf, type Operation } from '../common';
import { draftEditRequest } from '../draftEdit';

/** Takes an annotation out of a draft; outputs the draft. */
export const removeAnnotation: Operation = {
	description: forOperation('annotation', 'remove', [...workflowIdFields, annotationIdField]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const workflowId = workflowIdOf.call(this, itemIndex);
		const annotationId = requiredString.call(this, 'annotationId', itemIndex, 'Annotation');
		return asItems(
			await draftEditRequest.call(this, 'DELETE', `/workflows/${encodeURIComponent(workflowId)}/annotations/${encodeURIComponent(annotationId)}`, { itemIndex }),
		);
	},
};
