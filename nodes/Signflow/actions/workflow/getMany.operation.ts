import type { IExecuteFunctions } from 'n8n-workflow';
import { asItems, forOperation, type Operation } from '../common';
import { listPages, returnAllFields } from '../listPages';

const STATUSES = ['draft', 'sent', 'completed', 'refused', 'expired', 'cancelled'];

export const getManyWorkflows: Operation = {
	independentItems: true,
	description: forOperation('workflow', 'getAll', [
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
					options: STATUSES.map((status) => ({ name: status[0].toUpperCase() + status.slice(1), value: status })),
					default: 'sent',
				},
			],
		},
	]),

	async execute(this: IExecuteFunctions, itemIndex: number) {
		const filters = this.getNodeParameter('filters', itemIndex, {});
		return asItems(await listPages.call(this, '/workflows', filters.status ? { status: filters.status } : {}, itemIndex));
	},
};
