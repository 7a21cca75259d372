import type { IExecuteFunctions } from 'n8n-workflow';
import { apiRequest } from '../../../shared/transport';
import { asItems, boxFields, boxOf, fileIdField, forOperation, requiredString, signerIdField, workflowIdFields, workflowIdOf, type Operation } from '../common';

export const addSignature: Operation = {
	description: forOperation('signature', 'add', [
		...workflowIdFields,
		fileIdField,
		signerIdField,
		...boxFields({ width: 180, height: 50 }),
		{
			displayName: 'Kind',
			name: 'kind',
			type: 'options',
			options: [
				{ name: 'Signature', value: 'signature' },
				{ name: 'Initials', value: 'initials' },
			],
			default: 'signature',
		},
		{ displayName: 'Required', name: 'required', type: 'boolean', default: true, description: 'Whether the signer must sign this field' },
	]),

	async execute(this: IExecuteFunctions, itemIndex: number) {
		const workflowId = workflowIdOf.call(this, itemIndex);
		const body = {
			fileId: requiredString.call(this, 'fileId', itemIndex, 'File'),
			signerId: requiredString.call(this, 'signerId', itemIndex, 'Signer'),
			...boxOf.call(this, itemIndex),
			kind: this.getNodeParameter('kind', itemIndex),
			required: this.getNodeParameter('required', itemIndex),
		};
		return asItems(await apiRequest.call(this, 'POST', `/workflows/${encodeURIComponent(workflowId)}/signatures`, { body, itemIndex }));
	},
};
