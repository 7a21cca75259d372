import type { IExecuteFunctions } from 'n8n-workflow';
import { apiRequest } from '../../../shared/transport';
import { asItems, forOperation, type Operation } from '../common';
import { templateIdField, templateIdOf } from './templateId';

/** Signing workflows made from the template are not touched. */
export const deleteTemplate: Operation = {
	description: forOperation('template', 'delete', [templateIdField]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = templateIdOf.call(this, itemIndex);
		return asItems(await apiRequest.call(this, 'DELETE', `/templates/${encodeURIComponent(id)}`, { itemIndex }));
	},
};
