import type { IExecuteFunctions } from 'n8n-workflow';
import { apiRequest } from '../../../shared/transport';
import { asItems, forOperation, workflowIdFields, workflowIdOf, type Operation } from '../common';

export const purgeWorkflow: Operation = {
	description: forOperation('workflow', 'purge', [
		...workflowIdFields,
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'options',
			default: 'documents',
			options: [
				{ name: 'Documents', value: 'documents', description: 'Delete the PDFs (original and signed); their SHA-256 and the audit trail stay' },
				{
					name: 'Documents and Personal Data',
					value: 'documents_and_personal_data',
					description: "Also blank the signers' names, emails, IP addresses and field values (ids stay)",
				},
			],
			description: 'What the purge removes. Only a finished signing workflow (completed, refused, expired, cancelled) can be purged.',
		},
	]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = workflowIdOf.call(this, itemIndex);
		const scope = this.getNodeParameter('scope', itemIndex, 'documents') as string;
		return asItems(await apiRequest.call(this, 'POST', `/workflows/${encodeURIComponent(id)}/purge`, { body: { scope }, itemIndex }));
	},
};
