import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { textOf } from '../../../shared/text';
import { asItems, forOperation, workflowIdFields, workflowIdOf, type Operation } from '../common';
import { assertSomethingToUpdate, draftEditRequest } from '../draftEdit';
import { FOLLOW_NEXT, LANGUAGE_OPTIONS, TAG_HINT, localeOf } from '../languages';
import { metadataOf } from './metadata';
import { REDIRECT_URL_DESCRIPTION, redirectUrlOf } from './redirectUrl';
import { reminderOptions, reminderPolicyOf } from './reminderOptions';

export const updateWorkflow: Operation = {
	description: forOperation('workflow', 'update', [
		...workflowIdFields,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'What to change in the draft; what is not added stays as it is. Only a draft changes: a sent one is changed with Correct.',
			options: [
				{
					displayName: 'Allow Delegation',
					name: 'allowDelegation',
					type: 'boolean',
					default: false,
					description: 'Whether a signer may hand their place to another person from the signing page (name, email, reason; audited)',
				},
				{ displayName: 'Expires At', name: 'expiresAt', type: 'dateTime', default: '', description: 'The new expiry, in the future' },
				{
					displayName: 'Language',
					name: 'locale',
					type: 'options',
					options: [...LANGUAGE_OPTIONS, { name: 'Organization\'s Default Language', value: FOLLOW_NEXT }],
					default: 'en',
					description: `The language for signers without a language of their own (then the organization's Default Language, else the signer's browser). ${TAG_HINT}`,
				},
				{ displayName: 'Message', name: 'message', type: 'string', typeOptions: { rows: 4 }, default: '', description: 'The new message to signers' },
				{ displayName: 'Metadata', name: 'metadata', type: 'json', default: '{}', description: 'Your own references; replaces the metadata as a whole' },
				{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'The new name, shown to signers' },
				{ displayName: 'Redirect URL', name: 'redirectUrl', type: 'string', default: '', placeholder: 'https://portal.example.com/signed', description: `The new one. ${REDIRECT_URL_DESCRIPTION}` },
				reminderOptions,
				{
					displayName: 'Request From',
					name: 'requestFrom',
					type: 'string',
					default: '',
					description: 'Routing key: webhooks and triggers with the same Request From receive its events',
				},
				{ displayName: 'Time Zone', name: 'timeZone', type: 'string', default: 'UTC', placeholder: 'Europe/Berlin', description: 'Used for dates shown to people' },
			],
		},
	]),

	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = workflowIdOf.call(this, itemIndex);
		const fields = this.getNodeParameter('updateFields', itemIndex, {});
		const body: IDataObject = {};
		for (const name of ['name', 'message', 'timeZone', 'requestFrom'] as const) {
			const text = textOf(fields[name]).trim();
			if (text) body[name] = text;
		}
		if (fields.expiresAt) body.expiresAt = new Date(textOf(fields.expiresAt)).toISOString();
		if (typeof fields.allowDelegation === 'boolean') body.allowDelegation = fields.allowDelegation;
		const locale = localeOf(fields.locale);
		if (locale !== undefined) body.locale = locale;
		const redirectUrl = redirectUrlOf(fields.redirectUrl);
		if (redirectUrl) body.redirectUrl = redirectUrl;
		const reminderPolicy = reminderPolicyOf(fields.reminders);
		if (reminderPolicy) body.reminderPolicy = reminderPolicy;
		const metadata = metadataOf.call(this, fields.metadata, itemIndex);
		if (metadata) body.metadata = metadata;
		assertSomethingToUpdate.call(this, body, itemIndex, 'a Name, Message, Expires At, Language or another field');
		return asItems(await draftEditRequest.call(this, 'PATCH', `/workflows/${encodeURIComponent(id)}`, { body, itemIndex }));
	},
};
