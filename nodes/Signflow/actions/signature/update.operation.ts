import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { textOf } from '../../../shared/text';
import { asItems, forOperation, moveFields, moveOf, requiredString, signatureIdField, signerIdField, workflowIdFields, workflowIdOf, type Operation } from '../common';
import { assertSomethingToUpdate, draftEditRequest } from '../draftEdit';

/** Moves, resizes or reassigns a signature field of a draft; it keeps its ID. */
export const updateSignature: Operation = {
	description: forOperation('signature', 'update', [
		...workflowIdFields,
		signatureIdField,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'What to change; what is not added stays as it is. The field must stay inside its page.',
			options: [
				...moveFields(),
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
				{ ...signerIdField, required: false, description: `Gives the field to another signer. ${signerIdField.description}` },
			],
		},
	]),

	async execute(this: IExecuteFunctions, itemIndex: number) {
		const workflowId = workflowIdOf.call(this, itemIndex);
		const signatureId = requiredString.call(this, 'signatureId', itemIndex, 'Signature Field');
		const fields = this.getNodeParameter('updateFields', itemIndex, {});
		const body: IDataObject = moveOf(fields);
		const signerId = textOf(fields.signerId).trim();
		if (signerId) body.signerId = signerId;
		if (fields.kind) body.kind = fields.kind;
		if (typeof fields.required === 'boolean') body.required = fields.required;
		assertSomethingToUpdate.call(this, body, itemIndex, 'a Page, X, Y, Width, Height, Signer or another field');
		return asItems(
			await draftEditRequest.call(this, 'PATCH', `/workflows/${encodeURIComponent(workflowId)}/signatures/${encodeURIComponent(signatureId)}`, { body, itemIndex }),
		);
	},
};
