import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { textOf } from '../../../shared/text';
import { apiRequest } from '../../../shared/transport';
import { asItems, forOperation, requiredString, workflowIdFields, workflowIdOf, type Operation } from '../common';
import { LANGUAGE_OPTIONS, TAG_HINT, localeOf } from '../languages';

/** What a person does in a signing workflow (Add Signer and Update Signer offer the same). */
export const SIGNER_ROLE_OPTIONS = [
	{ name: 'Signer', value: 'signer', description: 'Signs the document' },
	{ name: 'Approver', value: 'approver', description: 'Approves without a signature' },
	{ name: 'Viewer', value: 'viewer', description: 'May look at the document' },
	{ name: 'Receives a Copy (CC)', value: 'cc', description: 'Gets the signed document at the end' },
];

export const addSigner: Operation = {
	description: forOperation('signer', 'add', [
		...workflowIdFields,
		{ displayName: 'Name', name: 'name', type: 'string', required: true, default: '' },
		{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', required: true, default: '' },
		{
			displayName: 'Role',
			name: 'role',
			type: 'options',
			options: SIGNER_ROLE_OPTIONS,
			default: 'signer',
		},
		{
			displayName: 'Order',
			name: 'order',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: 1,
			description: 'Signers with the same order sign in parallel; higher orders wait for lower ones',
		},
		{
			displayName: 'Access Code',
			name: 'accessCode',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Optional code the signer must enter before seeing the document; give it to them by another channel',
		},
		{
			displayName: 'Verification',
			name: 'verification',
			type: 'options',
			options: [
				{ name: 'None', value: 'none', description: 'The link (and access code, if any) is enough' },
				{
					name: 'Email Code',
					value: 'email_otp',
					description: 'The signer enters a 6-digit code sent to their email before the document opens (the engine needs SMTP)',
				},
			],
			default: 'none',
			description: 'Whether the signer must prove they own the email address before the document opens',
		},
		{
			displayName: 'Language',
			name: 'locale',
			type: 'options',
			options: [{ name: 'Signing Workflow\'s Language', value: '' }, ...LANGUAGE_OPTIONS],
			default: '',
			description: `The language of this signer's page and emails. Without one: the signing workflow's language, else the organization's Default Language, else the signer's browser; the signer can switch on the page. ${TAG_HINT}`,
		},
		{
			displayName: 'Redirect URL',
			name: 'redirectUrl',
			type: 'string',
			default: '',
			placeholder: 'https://portal.example.com/signed',
			description:
				'After signing or refusing on a page opened outside a frame, this signer goes here (instead of the signing workflow\'s Redirect URL), with signflow_event, workflowId and signerId in the query',
		},
	]),

	async execute(this: IExecuteFunctions, itemIndex: number) {
		const workflowId = workflowIdOf.call(this, itemIndex);
		const body: IDataObject = {
			name: requiredString.call(this, 'name', itemIndex, 'Name'),
			email: requiredString.call(this, 'email', itemIndex, 'Email'),
			role: this.getNodeParameter('role', itemIndex),
			order: this.getNodeParameter('order', itemIndex),
		};
		const accessCode = textOf(this.getNodeParameter('accessCode', itemIndex, ''));
		if (accessCode) body.accessCode = accessCode;
		// Sent only when asked for: an engine from before email codes still takes the request.
		const verification = this.getNodeParameter('verification', itemIndex, 'none');
		if (verification !== 'none') body.verification = verification;
		const locale = localeOf(this.getNodeParameter('locale', itemIndex, ''));
		if (locale) body.locale = locale;
		const redirectUrl = textOf(this.getNodeParameter('redirectUrl', itemIndex, '')).trim();
		if (redirectUrl) body.redirectUrl = redirectUrl;
		return asItems(await apiRequest.call(this, 'POST', `/workflows/${encodeURIComponent(workflowId)}/signers`, { body, itemIndex }));
	},
};
