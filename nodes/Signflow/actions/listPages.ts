import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { apiRequest } from '../../shared/transport';

/** The engine's largest page. */
const MAX_PAGE = 100;

/** "Return All" and "Limit", as n8n's own Get Many operations offer them. */
export const returnAllFields: INodeProperties[] = [
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
];

/** Follows the engine's cursor from page to page of `path` until all (Return All) or Limit entries are read. */
export async function listPages(this: IExecuteFunctions, path: string, filters: IDataObject, itemIndex: number): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex);
	const limit = returnAll ? Infinity : this.getNodeParameter('limit', itemIndex);
	const results: IDataObject[] = [];
	let cursor: string | null = null;
	do {
		const qs: IDataObject = { ...filters, limit: Math.min(MAX_PAGE, limit - results.length) };
		if (cursor) qs.cursor = cursor;
		const page = (await apiRequest.call(this, 'GET', path, { qs, itemIndex })) as { data: IDataObject[]; nextCursor: string | null };
		results.push(...page.data);
		cursor = page.nextCursor;
	} while (cursor && results.length < limit);
	return results;
}
