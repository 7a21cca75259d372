import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { textOf } from '../../../shared/text';
import { apiRequest } from '../../../shared/transport';
import { asItems, forOperation, type Operation } from '../common';
import { FOLLOW_NEXT, LANGUAGE_OPTIONS, TAG_HINT, localeOf } from '../languages';

export const updateOrganization: Operation = {
	description: forOperation('organization', 'update', [
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{ displayName: 'Admin Email', name: 'adminEmail', type: 'string', placeholder: 'name@email.com', default: '', description: 'Receives alerts (a webhook disabled, a signed PDF that could not be made); empty removes it' },
				{
					displayName: 'Default Language',
					name: 'defaultLocale',
					type: 'options',
					options: [...LANGUAGE_OPTIONS, { name: 'None (the Signer\'s Browser)', value: FOLLOW_NEXT }],
					default: 'en',
					description: `The language of signers whose signing workflow and signer set none (else their browser's), and of the certificate of completion and the admin emails. ${TAG_HINT}`,
				},
				{
					displayName: 'Embed Origins',
					name: 'embedOrigins',
					type: 'string',
					default: '',
					placeholder: 'https://portal.example.com, https://intranet.example.com',
					description:
						'Origins whose pages may show the signing page in a frame and receive its messages (signflow:loaded, signflow:signed...), separated by commas or line breaks; at most 20; empty: no page may frame it',
				},
				{
					displayName: 'Draft Retention Days',
					name: 'draftRetentionDays',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 0,
					description: 'Discard drafts nobody changed for this many days; 0 keeps drafts forever',
				},
				{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'Shown to signers' },
				{
					displayName: 'Retention Days',
					name: 'retentionDays',
					type: 'number',
					typeOptions: { minValue: 0 },
					default: 0,
					description: 'Purge finished signing workflows this many days after they ended; 0 keeps them forever',
				},
				{
					displayName: 'Retention Scope',
					name: 'retentionScope',
					type: 'options',
					default: 'documents',
					options: [
						{ name: 'Documents', value: 'documents' },
						{ name: 'Documents and Personal Data', value: 'documents_and_personal_data' },
					],
					description: 'What the retention purge removes (set with Retention Days)',
				},
				{
					displayName: 'Webhook Organization Header',
					name: 'webhookOrganizationHeader',
					type: 'string',
					default: 'x-organization-id',
					description: 'The header that carries the organization ID on webhook requests, e.g. organisation_id',
				},
			],
		},
	]),

	async execute(this: IExecuteFunctions, itemIndex: number) {
		const fields = this.getNodeParameter('updateFields', itemIndex, {});
		const body: IDataObject = {};
		if (fields.name !== undefined) body.name = textOf(fields.name).trim();
		if (fields.adminEmail !== undefined) body.adminEmail = textOf(fields.adminEmail).trim() || null;
		if (fields.webhookOrganizationHeader !== undefined) body.webhookOrganizationHeader = textOf(fields.webhookOrganizationHeader).trim();
		if (fields.embedOrigins !== undefined)
			body.embedOrigins = textOf(fields.embedOrigins)
				.split(/[\s,]+/)
				.filter((origin) => origin !== '');
		const defaultLocale = localeOf(fields.defaultLocale);
		if (defaultLocale !== undefined) body.defaultLocale = defaultLocale;
		const retention: IDataObject = {};
		if (fields.retentionDays !== undefined) {
			const days = Number(fields.retentionDays);
			Object.assign(retention, { days: days > 0 ? days : null, ...(fields.retentionScope ? { scope: fields.retentionScope } : {}) });
		}
		if (fields.draftRetentionDays !== undefined) {
			const draftDays = Number(fields.draftRetentionDays);
			retention.draftDays = draftDays > 0 ? draftDays : null;
		}
		if (Object.keys(retention).length > 0) body.retention = retention;
		if (Object.keys(body).length === 0) throw new NodeOperationError(this.getNode(), 'Nothing to update: add a field to change.', { itemIndex });
		return asItems(await apiRequest.call(this, 'PATCH', '/organization', { body, itemIndex }));
	},
};
