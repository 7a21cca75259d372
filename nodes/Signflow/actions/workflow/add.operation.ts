import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { textOf } from '../../../shared/text';
import { apiRequest } from '../../../shared/transport';
import { asItems, forOperation, requiredString, type Operation } from '../common';
import { LANGUAGE_OPTIONS, TAG_HINT, localeOf } from '../languages';
import { metadataOf } from './metadata';
import { reminderOptions, reminderPolicyOf } from './reminderOptions';

export const addWorkflow: Operation = {
	independentItems: true,
	description: forOperation('workflow', 'add', [
		{ displayName: 'Name', name: 'name', type: 'string', required: true, default: '', placeholder: 'Offer letter for Ann Lee', description: 'Shown to signers' },
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Allow Delegation',
					name: 'allowDelegation',
					type: 'boolean',
					default: false,
					description: 'Whether a signer may hand their place to another person from the signing page (name, email, reason; audited)',
				},
				{ displayName: 'Expires At', name: 'expiresAt', type: 'dateTime', default: '', description: 'When an unfinished signing workflow expires' },
				{
					displayName: 'Language',
					name: 'locale',
					type: 'options',
					options: LANGUAGE_OPTIONS,
					default: 'en',
					description: `The language of the signing page and emails for signers without a language of their own. Without it, the organization's Default Language applies, else the signer's browser; signers can switch on the page. ${TAG_HINT}`,
				},
				{ displayName: 'Message', name: 'message', type: 'string', typeOptions: { rows: 4 }, default: '', description: 'Shown to signers with the invitation' },
				{
					displayName: 'Metadata',
					name: 'metadata',
					type: 'json',
					default: '{}',
					description: 'Your own references (CRM or HR record IDs); they come back in every event',
				},
				reminderOptions,
				{
					displayName: 'Redirect URL',
					name: 'redirectUrl',
					type: 'string',
					default: '',
					placeholder: 'https://portal.example.com/signed',
					description:
						'After signing or refusing on a page opened outside a frame, signers go here, with signflow_event (signed, refused or declined), workflowId and signerId in the query. https:// (http:// only for localhost).',
				},
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
		const fields = this.getNodeParameter('additionalFields', itemIndex, {});
		const body: IDataObject = { name: requiredString.call(this, 'name', itemIndex, 'Name') };
		if (fields.message) body.message = fields.message;
		if (fields.expiresAt) body.expiresAt = new Date(fields.expiresAt as string).toISOString();
		if (fields.timeZone) body.timeZone = fields.timeZone;
		if (fields.requestFrom) body.requestFrom = fields.requestFrom;
		const redirectUrl = textOf(fields.redirectUrl).trim();
		if (redirectUrl) body.redirectUrl = redirectUrl;
		const reminderPolicy = reminderPolicyOf(fields.reminders);
		if (reminderPolicy) body.reminderPolicy = reminderPolicy;
		if (fields.allowDelegation === true) body.allowDelegation = true;
		const locale = localeOf(fields.locale);
		if (locale) body.locale = locale;
		const metadata = metadataOf.call(this, fields.metadata, itemIndex);
		if (metadata) body.metadata = metadata;
		return asItems(await apiRequest.call(this, 'POST', '/workflows', { body, itemIndex }));
	},
};

