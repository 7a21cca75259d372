import type { Resource } from '../common';
import { createTemplateFromWorkflow } from './createFromWorkflow.operation';
import { deleteTemplate } from './delete.operation';
import { getTemplate } from './get.operation';
import { getManyTemplates } from './getMany.operation';

export const templateResource: Resource = {
	resource: { name: 'Template', value: 'template' },
	operationOptions: [
		{
			name: 'Create From Signing Workflow',
			value: 'createFromWorkflow',
			action: 'Create a template from a signing workflow',
			description: 'Save a signing workflow (typically a draft) as a template: its files and fields, each signer a role',
		},
		{ name: 'Delete', value: 'delete', action: 'Delete a template', description: 'Signing workflows made from it stay as they are' },
		{ name: 'Get', value: 'get', action: 'Get a template', description: 'One template with its files, roles and fields' },
		{ name: 'Get Many', value: 'getAll', action: 'Get many templates', description: 'List templates, newest first' },
	],
	operations: {
		createFromWorkflow: createTemplateFromWorkflow,
		delete: deleteTemplate,
		get: getTemplate,
		getAll: getManyTemplates,
	},
};
