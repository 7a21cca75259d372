import type { Resource } from '../common';
import { bulkSendTemplate } from './bulkSend.operation';
import { createTemplateFromWorkflow } from './createFromWorkflow.operation';
import { deleteTemplate } from './delete.operation';
import { getTemplate } from './get.operation';
import { getManyTemplates } from './getMany.operation';

export const templateResource: Resource = {
	resource: { name: 'Template', value: 'template' },
	operationOptions: [
		{
			name: 'Bulk Send',
			value: 'bulkSend',
			action: 'Bulk send a template',
			description: 'One signing workflow per input item, all sent as one job (a person for each role, fields filled); optionally waits for it',
		},
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
	// Bulk Send came later: a saved Template node without an operation is a Create From Signing Workflow.
	defaultOperation: 'createFromWorkflow',
	operations: {
		bulkSend: bulkSendTemplate,
		createFromWorkflow: createTemplateFromWorkflow,
		delete: deleteTemplate,
		get: getTemplate,
		getAll: getManyTemplates,
	},
};
