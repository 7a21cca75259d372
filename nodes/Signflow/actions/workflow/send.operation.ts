import type { IExecuteFunctions } from 'n8n-workflow';
import { signingLinkWarnings } from '../../../shared/linkReach';
import type { WorkflowDetail } from '../../../shared/responses';
import { apiRequest } from '../../../shared/transport';
import { asItems, forOperation, workflowIdFields, workflowIdOf, type Operation } from '../common';

export const sendWorkflow: Operation = {
	description: forOperation('workflow', 'send', [
		...workflowIdFields,
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			options: [
				{ name: 'The Signing Workflow', value: 'workflow', description: 'One item, with every signer and their signing link' },
				{ name: 'One Item per Signer', value: 'signers', description: 'To deliver each signing link by any channel (Slack, SMS, email)' },
			],
			default: 'workflow',
		},
	]),

	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = workflowIdOf.call(this, itemIndex);
		const workflow = (await apiRequest.call(this, 'POST', `/workflows/${encodeURIComponent(id)}/send`, { itemIndex })) as WorkflowDetail;
		const signers = workflow.signers ?? [];
		// Links that only this machine or network can open are flagged: signers elsewhere would get a dead link.
		const warnings = signingLinkWarnings(signers.map((signer) => signer.signingUrl));
		if (this.getNodeParameter('output', itemIndex) === 'signers')
			return asItems(signers.map((signer) => ({ ...signer, workflowName: workflow.name, warnings })));
		return asItems({
			...workflow,
			signingLinks: signers.map(({ id: signerId, name, email, role, signingUrl }) => ({ signerId, name, email, role, signingUrl })),
			warnings,
		});
	},
};
