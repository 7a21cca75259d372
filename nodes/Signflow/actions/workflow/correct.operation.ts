import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { textOf } from '../../../shared/text';
import { apiRequest } from '../../../shared/transport';
import { asItems, forOperation, signerIdField, workflowIdFields, workflowIdOf, type Operation } from '../common';

export const correctWorkflow: Operation = {
	description: forOperation('workflow', 'correct', [
		...workflowIdFields,
		{
			displayName: 'Signer Corrections',
			name: 'signers',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Signer Correction',
			default: {},
			description: 'Signers who have not acted yet: each corrected one gets a new link, and the old one stops working',
			options: [
				{
					displayName: 'Signer',
					name: 'signer',
					values: [
						signerIdField,
						{ displayName: 'New Name', name: 'name', type: 'string', default: '', description: 'Leave empty to keep the name' },
						{ displayName: 'New Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: 'Leave empty to keep the email' },
					],
				},
			],
		},
		{
			displayName: 'Workflow Changes',
			name: 'changes',
			type: 'collection',
			placeholder: 'Add Change',
			default: {},
			options: [
				{ displayName: 'Expires At', name: 'expiresAt', type: 'dateTime', default: '', description: 'The new expiry, in the future' },
				{ displayName: 'Message', name: 'message', type: 'string', typeOptions: { rows: 4 }, default: '', description: 'The new message to signers' },
			],
		},
	]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = workflowIdOf.call(this, itemIndex);
		const changes = this.getNodeParameter('changes', itemIndex, {}) as IDataObject;
		const listed = (this.getNodeParameter('signers', itemIndex, {}) as { signer?: IDataObject[] }).signer ?? [];
		const body: IDataObject = {};
		const message = textOf(changes.message).trim();
		if (message) body.message = message;
		if (changes.expiresAt) body.expiresAt = new Date(changes.expiresAt as string).toISOString();
		const signers = listed.map((entry, index) => {
			const signerId = textOf(entry.signerId).trim();
			if (!signerId)
				throw new NodeOperationError(this.getNode(), `Signer correction ${index + 1} names no signer: pick one from the list, or map its ID.`, { itemIndex });
			const correction: IDataObject = { id: signerId };
			const name = textOf(entry.name).trim();
			const email = textOf(entry.email).trim();
			if (name) correction.name = name;
			if (email) correction.email = email;
			if (!name && !email)
				throw new NodeOperationError(this.getNode(), `Signer correction ${index + 1} changes nothing: fill in New Name, New Email, or both.`, { itemIndex });
			return correction;
		});
		if (signers.length > 0) body.signers = signers;
		if (Object.keys(body).length === 0)
			throw new NodeOperationError(this.getNode(), 'Nothing to correct: add a signer correction, a new message or a new expiry.', { itemIndex });
		return asItems(await apiRequest.call(this, 'POST', `/workflows/${encodeURIComponent(id)}/correct`, { body, itemIndex }));
	},
};
