import type { IExecuteFunctions } from 'n8n-workflow';
import { asItems, forOperation, type Operation } from '../common';
import { listPages, returnAllFields } from '../listPages';
import { bulkSendIdField, bulkSendIdOf } from './bulkSendId';

/** GET /bulk-sends/{id}/rows: each row's outcome in row order, its signing workflow or its error. */
export const getBulkSendRows: Operation = {
	independentItems: true,
	description: forOperation('bulkSend', 'getRows', [
		bulkSendIdField,
		...returnAllFields,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					options: [
						{ name: 'Failed', value: 'failed', description: 'The rows to fix and send again, each with its error' },
						{ name: 'Pending', value: 'pending', description: 'Not made yet' },
						{ name: 'Succeeded', value: 'succeeded', description: 'Sent, with the signing workflow\'s ID' },
					],
					default: 'failed',
				},
			],
		},
	]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = bulkSendIdOf.call(this, itemIndex);
		const status = this.getNodeParameter('filters.status', itemIndex, '') as string;
		return asItems(await listPages.call(this, `/bulk-sends/${encodeURIComponent(id)}/rows`, status ? { status } : {}, itemIndex));
	},
};
