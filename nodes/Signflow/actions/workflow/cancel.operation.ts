import type { IExecuteFunctions } from 'n8n-workflow';
import { textOf } from '../../../shared/text';
import { apiRequest } from '../../../shared/transport';
import { asItems, forOperation, workflowIdFields, workflowIdOf, type Operation } from '../common';

export const cancelWorkflow: Operation = {
	description: forOperation('workflow', 'cancel', [
		...workflowIdFields,
		{ displayName: 'Reason', name: 'reason', type: 'string', default: '', description: 'Shown to signers who open their link' },
	]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = workflowIdOf.call(this, itemIndex);
		const reason = textOf(this.getNodeParameter('reason', itemIndex, '')).trim();
		return asItems(await apiRequest.call(this, 'POST', `/workflows/${encodeURIComponent(id)}/cancel`, { body: reason ? { reason } : {}, itemIndex }));
	},
};
