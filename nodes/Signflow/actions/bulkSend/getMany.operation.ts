import type { IExecuteFunctions } from 'n8n-workflow';
import { asItems, forOperation, type Operation } from '../common';
import { listPages, returnAllFields } from '../listPages';

export const getManyBulkSends: Operation = {
	independentItems: true,
	description: forOperation('bulkSend', 'getAll', returnAllFields),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		return asItems(await listPages.call(this, '/bulk-sends', {}, itemIndex));
	},
};
