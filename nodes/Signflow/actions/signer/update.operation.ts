import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { textOf } from '../../../shared/text';
import { asItems, forOperation, requiredString, signerIdField, workflowIdFields, workflowIdOf, type Operation } from '../common';
import { assertSomethingToUpdate, draftEditRequest } from '../draftEdit';
import { FOLLOW_NEXT, LANGUAGE_OPTIONS, TAG_HINT, localeOf } from '../languages';
import { SIGNER_ROLE_OPTIONS } from './add.operation';

export const updateSigner: Operation = {
	description: forOperation('signer', 'update', [
		...workflowIdFields,
		signerIdField,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'What to change for this signer of a draft; what is not added stays as it is. A sent workflow\'s signers change with Correct or Reassign.',
			options: [
				{
					displayName: 'Access Code',
					name: 'accessCode',
					type: 'string',
					typeOptions: { password: true },
					default: '',
					description: 'A new code the signer must enter before seeing the document (4 characters or more)',
				},
				{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: 'The new email' },
				{
					displayName: 'Language',
					name: 'locale',
					type: 'options',
					options: [...LANGUAGE_OPTIONS, { name: 'Signing Workflow\'s Language', value: FOLLOW_NEXT }],
					default: 'en',
					description: `The language of this signer's page and emails. ${TAG_HINT}`,
				},
				{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'The new name' },
				{
					displayName: 'Order',
					name: 'order',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: 100 },
					default: 1,
					description: 'Signers with the same order sign in parallel; higher orders wait for lower ones',
				},
				{
					displayName: 'Redirect URL',
					name: 'redirectUrl',
					type: 'string',
					default: '',
					placeholder: 'https://portal.example.com/signed',
					description: "Where this signer goes after signing or refusing outside a frame (instead of the signing workflow's)",
				},
				{
					displayName: 'Role',
					name: 'role',
					type: 'options',
					options: SIGNER_ROLE_OPTIONS,
					default: 'signer',
					description: 'A signer with signature fields stays a signer; one with fields to fill in stays a signer or approver',
				},
				{
					displayName: 'Verification',
					name: 'verification',
					type: 'options',
					options: [
						{ name: 'None', value: 'none', description: 'The link (and access code, if any) is enough' },
						{ name: 'Email Code', value: 'email_otp', description: 'A 6-digit code sent to their email before the document opens (the engine needs SMTP)' },
					],
					default: 'none',
				},
			],
		},
	]),

	async execute(this: IExecuteFunctions, itemIndex: number) {
		const workflowId = workflowIdOf.call(this, itemIndex);
		const signerId = requiredString.call(this, 'signerId', itemIndex, 'Signer');
		const fields = this.getNodeParameter('updateFields', itemIndex, {});
		const body: IDataObject = {};
		for (const name of ['name', 'email', 'redirectUrl'] as const) {
			const text = textOf(fields[name]).trim();
			if (text) body[name] = text;
		}
		const accessCode = textOf(fields.accessCode);
		if (accessCode) body.accessCode = accessCode;
		for (const name of ['role', 'verification'] as const) if (fields[name]) body[name] = fields[name];
		if (fields.order !== undefined && fields.order !== '') body.order = Number(fields.order);
		const locale = localeOf(fields.locale);
		if (locale !== undefined) body.locale = locale;
		assertSomethingToUpdate.call(this, body, itemIndex, 'a Name, Email, Role, Order or another field');
		return asItems(
			await draftEditRequest.call(this, 'PATCH', `/workflows/${encodeURIComponent(workflowId)}/signers/${encodeURIComponent(signerId)}`, { body, itemIndex }),
		);
	},
};
