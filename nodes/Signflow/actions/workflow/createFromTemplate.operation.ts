import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { signingLinkWarnings } from '../../../shared/linkReach';
import type { WorkflowDetail } from '../../../shared/responses';
import { textOf } from '../../../shared/text';
import { apiRequest } from '../../../shared/transport';
import { asItems, forOperation, type Operation } from '../common';
import { localeOf } from '../languages';
import { templateIdField, templateIdOf } from '../template/templateId';
import { metadataOf } from './metadata';
import { prefillOf } from './prefill';
import { redirectUrlOf } from './redirectUrl';
import { rolesOf, templateInputFields, templateWorkflowOptions, withFix } from './templateInput';

/** POST /templates/{id}/workflows: a signing workflow made from a template, each role given a person, named fields filled, optionally sent. */
export const createWorkflowFromTemplate: Operation = {
	independentItems: true,
	description: forOperation('workflow', 'createFromTemplate', [
		templateIdField,
		...templateInputFields,
		{
			displayName: 'Send Now',
			name: 'send',
			type: 'boolean',
			default: false,
			description: 'Whether to send the signing workflow to its signers at once (the output then has each signing link); off: it stays a draft',
		},
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: templateWorkflowOptions('Offer letter for Ann Lee'),
		},
	]),

	async execute(this: IExecuteFunctions, itemIndex: number) {
		const templateId = templateIdOf.call(this, itemIndex);
		const fields = this.getNodeParameter('additionalFields', itemIndex, {});
		const body: IDataObject = {
			roles: rolesOf.call(this, itemIndex),
			prefill: await prefillOf.call(this, templateId, itemIndex),
			send: this.getNodeParameter('send', itemIndex, false) === true,
		};
		const name = textOf(fields.name).trim();
		if (name) body.name = name;
		const message = textOf(fields.message).trim();
		if (message) body.message = message;
		const locale = localeOf(fields.locale);
		if (locale) body.locale = locale;
		const metadata = metadataOf.call(this, fields.metadata, itemIndex);
		if (metadata && Object.keys(metadata).length > 0) body.metadata = metadata;
		const redirectUrl = redirectUrlOf(fields.redirectUrl);
		if (redirectUrl) body.redirectUrl = redirectUrl;

		let workflow: WorkflowDetail;
		try {
			workflow = (await apiRequest.call(this, 'POST', `/templates/${encodeURIComponent(templateId)}/workflows`, { body, itemIndex })) as WorkflowDetail;
		} catch (error) {
			throw withFix(error);
		}
		if (workflow.status !== 'sent') return asItems(workflow);
		const signers = workflow.signers ?? [];
		return asItems({
			...workflow,
			signingLinks: signers.map(({ id: signerId, name: signerName, email, role, signingUrl }) => ({ signerId, name: signerName, email, role, signingUrl })),
			warnings: signingLinkWarnings(signers.map((signer) => signer.signingUrl)),
		});
	},
};
