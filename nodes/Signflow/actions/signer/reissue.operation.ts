import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { textOf } from '../../../shared/text';
import { apiRequest } from '../../../shared/transport';
import { asItems, forOperation, requiredString, signerIdField, workflowIdFields, workflowIdOf, type Operation } from '../common';

export const reissueLink: Operation = {
	description: forOperation('signer', 'reissue', [
		...workflowIdFields,
		signerIdField,
		{
			displayName: 'New Access Code',
			name: 'accessCode',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'A new code for the new link. A link locked after wrong codes never keeps its old one: left empty, the engine makes one and returns it once as accessCode.',
		},
	]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const workflowId = workflowIdOf.call(this, itemIndex);
		const signerId = requiredString.call(this, 'signerId', itemIndex, 'Signer');
		const accessCode = textOf(this.getNodeParameter('accessCode', itemIndex, ''));
		const body: IDataObject = accessCode ? { accessCode } : {};
		return asItems(
			await apiRequest.call(this, 'POST', `/workflows/${encodeURIComponent(workflowId)}/signers/${encodeURIComponent(signerId)}/reissue`, { body, itemIndex }),
		);
	},
};
