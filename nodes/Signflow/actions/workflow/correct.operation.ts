import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { textOf } from '../../../shared/text';
import { apiRequest } from '../../../shared/transport';
import { asItems, forOperation, signerIdField, workflowIdFields, workflowIdOf, type Operation } from '../common';
import { FOLLOW_NEXT, LANGUAGE_OPTIONS, TAG_HINT, localeOf } from '../languages';
import { REDIRECT_URL_DESCRIPTION, redirectUrlOf } from './redirectUrl';

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
			description: 'Signers who have not acted yet: a new name or email gives a new link (the old one stops working); a new language alone keeps the link',
			options: [
				{
					displayName: 'Signer',
					name: 'signer',
					values: [
						signerIdField,
						{ displayName: 'New Name', name: 'name', type: 'string', default: '', description: 'Leave empty to keep the name' },
						{ displayName: 'New Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: 'Leave empty to keep the email' },
						{
							displayName: 'New Language',
							name: 'locale',
							type: 'options',
							options: [{ name: 'Keep', value: '' }, ...LANGUAGE_OPTIONS, { name: 'Signing Workflow\'s Language', value: FOLLOW_NEXT }],
							default: '',
							description: `The language of this signer's page and emails from now on (the invitation already sent stays as it was: Resend sends it again). ${TAG_HINT}`,
						},
						{
							displayName: 'New Redirect URL',
							name: 'redirectUrl',
							type: 'string',
							default: '',
							placeholder: 'https://portal.example.com/signed',
							description: "Where this signer goes after signing or refusing outside a frame (instead of the signing workflow's); leave empty to keep it. Keeps the link.",
						},
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
				{
					displayName: 'Language',
					name: 'locale',
					type: 'options',
					options: [...LANGUAGE_OPTIONS, { name: 'Organization\'s Default Language', value: FOLLOW_NEXT }],
					default: 'en',
					description: `The new language for signers without a language of their own (then the organization's Default Language, else the signer's browser). ${TAG_HINT}`,
				},
				{ displayName: 'Message', name: 'message', type: 'string', typeOptions: { rows: 4 }, default: '', description: 'The new message to signers' },
				{ displayName: 'Redirect URL', name: 'redirectUrl', type: 'string', default: '', placeholder: 'https://portal.example.com/signed', description: `The new one. ${REDIRECT_URL_DESCRIPTION}` },
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
		const locale = localeOf(changes.locale);
		if (locale !== undefined) body.locale = locale;
		const redirectUrl = redirectUrlOf(changes.redirectUrl);
		if (redirectUrl) body.redirectUrl = redirectUrl;
		const signers = listed.map((entry, index) => {
			const signerId = textOf(entry.signerId).trim();
			if (!signerId)
				throw new NodeOperationError(this.getNode(), `Signer correction ${index + 1} names no signer: pick one from the list, or map its ID.`, { itemIndex });
			const correction: IDataObject = { id: signerId };
			const name = textOf(entry.name).trim();
			const email = textOf(entry.email).trim();
			const signerLocale = localeOf(entry.locale);
			const signerRedirectUrl = redirectUrlOf(entry.redirectUrl);
			if (name) correction.name = name;
			if (email) correction.email = email;
			if (signerLocale !== undefined) correction.locale = signerLocale;
			if (signerRedirectUrl) correction.redirectUrl = signerRedirectUrl;
			if (!name && !email && signerLocale === undefined && !signerRedirectUrl)
				throw new NodeOperationError(this.getNode(), `Signer correction ${index + 1} changes nothing: fill in New Name, New Email, New Language or New Redirect URL.`, { itemIndex });
			return correction;
		});
		if (signers.length > 0) body.signers = signers;
		if (Object.keys(body).length === 0)
			throw new NodeOperationError(this.getNode(), 'Nothing to correct: add a signer correction, a new message, expiry, language or redirect URL.', { itemIndex });
		return asItems(await apiRequest.call(this, 'POST', `/workflows/${encodeURIComponent(id)}/correct`, { body, itemIndex }));
	},
};
