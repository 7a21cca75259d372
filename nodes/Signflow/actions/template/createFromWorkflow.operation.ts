import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { textOf } from '../../../shared/text';
import { apiRequest } from '../../../shared/transport';
import { asItems, forOperation, workflowIdFields, workflowIdOf, type Operation } from '../common';

/** POST /workflows/{id}/template: a signing workflow (typically a draft) saved as a template; each signer becomes a role. */
export const createTemplateFromWorkflow: Operation = {
	independentItems: true,
	description: forOperation('template', 'createFromWorkflow', [
		...workflowIdFields,
		{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'Offer letter', description: "The template's name; empty: the signing workflow's" },
		{ displayName: 'Description', name: 'description', type: 'string', typeOptions: { rows: 3 }, default: '', description: 'What the template is for' },
		{
			displayName: 'Role Names',
			name: 'roleNames',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Role Name',
			default: {},
			description: "What each signer's role is called in the template (such as Employee); a signer not named here becomes a role named after them",
			options: [
				{
					name: 'roleName',
					displayName: 'Role Name',
					values: [
						{
							displayName: 'Signer Name or ID',
							name: 'signerId',
							type: 'options',
							typeOptions: { loadOptionsMethod: 'getSigners', loadOptionsDependsOn: ['workflowId', 'workflowId.value'] },
							default: '',
							description: 'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
						},
						{ displayName: 'Role', name: 'role', type: 'string', default: '', placeholder: 'Employee' },
					],
				},
			],
		},
	]),

	async execute(this: IExecuteFunctions, itemIndex: number) {
		const workflowId = workflowIdOf.call(this, itemIndex);
		const body: IDataObject = {};
		const name = textOf(this.getNodeParameter('name', itemIndex, '')).trim();
		if (name) body.name = name;
		const description = textOf(this.getNodeParameter('description', itemIndex, '')).trim();
		if (description) body.description = description;
		const entries = (this.getNodeParameter('roleNames.roleName', itemIndex, []) as Array<{ signerId?: unknown; role?: unknown }>)
			.map((entry) => [textOf(entry.signerId).trim(), textOf(entry.role).trim()] as const)
			.filter(([signerId, role]) => signerId && role);
		if (entries.length > 0) body.roleNames = Object.fromEntries(entries);
		return asItems(await apiRequest.call(this, 'POST', `/workflows/${encodeURIComponent(workflowId)}/template`, { body, itemIndex }));
	},
};
