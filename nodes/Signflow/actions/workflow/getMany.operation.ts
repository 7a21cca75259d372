import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { WorkflowPage } from '../../../shared/responses';
import { apiRequest } from '../../../shared/transport';
import { asItems, forOperation, type Operation } from '../common';

const STATUSES = ['draft', 'sent', 'completed', 'refused', 'expired', 'cancelled'];

export const getManyWorkflows: Operation = {
	independentItems: true,
	description: forOperation('workflow', 'getAll', [
		{ displayName: 'Return All', name: 'returnAll', type: 'boolean', default: false, description: 'Whether to return all results or only up to a given limit' },
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
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
		const returnAll = this.getNodeParameter('returnAll', itemIndex);
		const limit = returnAll ? Infinity : this.getNodeParameter('limit', itemIndex);
		const filters = this.getNodeParameter('filters', itemIndex, {});
		const results: IDataObject[] = [];
		let cursor: string | null = null;
		do {
			const qs: IDataObject = { limit: Math.min(100, limit - results.length) };
			if (filters.status) qs.status = filters.status;
			if (cursor) qs.cursor = cursor;
			const page = (await apiRequest.call(this, 'GET', '/workflows', { qs, itemIndex })) as WorkflowPage;
			results.push(...page.data);
			cursor = page.nextCursor;
		} while (cursor && results.length < limit);
		return asItems(results);
	},
};
