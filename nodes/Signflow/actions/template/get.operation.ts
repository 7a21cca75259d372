import type { IExecuteFunctions } from 'n8n-workflow';
import { apiRequest } from '../../../shared/transport';
import { asItems, forOperation, type Operation } from '../common';
import { templateIdField, templateIdOf } from './templateId';

export const getTemplate: Operation = {
	independentItems: true,
	description: forOperation('template', 'get', [templateIdField]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = templateIdOf.call(this, itemIndex);
		return asItems(await apiRequest.call(this, 'GET', `/templates/${encodeURIComponent(id)}`, { itemIndex }));
	},
};
