import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { SIGNFLOW_DESCRIPTION } from '../shared/panelDescription';
import { operationList, operationParameters } from './actions/common';
import { resources } from './actions/resources';
import { router } from './actions/router';
import { searchTemplates, searchWorkflows } from './methods/listSearch';
import { getAnnotations, getFiles, getSignatureFields, getSigners, getTemplateFields, getTemplateRoles } from './methods/loadOptions';

export class Signflow implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Signflow',
		name: 'signflow',
		icon: { light: 'file:signflow.svg', dark: 'file:signflow.dark.svg' },
		group: ['transform'],
		// 2: the signing workflow is a resource locator (pick from a list, or by ID); 1 kept a plain ID string.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: SIGNFLOW_DESCRIPTION,
		defaults: { name: 'Signflow' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'signflowApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: resources.map(({ resource }) => resource),
				default: 'workflow',
			},
			...resources.map(operationList),
			...resources.flatMap(operationParameters),
		],
	};

	methods = { loadOptions: { getFiles, getSigners, getSignatureFields, getAnnotations, getTemplateRoles, getTemplateFields }, listSearch: { searchWorkflows, searchTemplates } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
