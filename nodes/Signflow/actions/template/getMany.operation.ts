import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { TemplatePage } from '../../../shared/responses';
import { textOf } from '../../../shared/text';
import { apiRequest } from '../../../shared/transport';
import { asItems, forOperation, type Operation } from '../common';

export const getManyTemplates: Operation = {
	independentItems: true,
	description: forOperation('template', 'getAll', [
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
					displayName: 'Name Contains',
					name: 'search',
					type: 'string',
					default: '',
					placeholder: 'offer letter',
					description: 'Only templates whose name contains this text, ignoring case and accents',
				},
			],
		},
	]),

	async execute(this: IExecuteFunctions, itemIndex: number) {
		const returnAll = this.getNodeParameter('returnAll', itemIndex);
		const limit = returnAll ? Infinity : this.getNodeParameter('limit', itemIndex);
		const search = textOf(this.getNodeParameter('filters.search', itemIndex, '')).trim();
		const results: IDataObject[] = [];
		let cursor: string | null = null;
		do {
			const qs: IDataObject = { limit: Math.min(100, limit - results.length) };
			if (search) qs.q = search;
			if (cursor) qs.cursor = cursor;
			const page = (await apiRequest.call(this, 'GET', '/templates', { qs, itemIndex })) as TemplatePage;
			results.push(...page.data);
			cursor = page.nextCursor;
		} while (cursor && results.length < limit);
		return asItems(results);
	},
};
