import type { Resource } from '../common';
import { getBulkSend } from './get.operation';
import { getManyBulkSends } from './getMany.operation';
import { getBulkSendRows } from './getRows.operation';

/** Bulk sends that Template → Bulk Send started: their progress and each row's outcome. */
export const bulkSendResource: Resource = {
	resource: { name: 'Bulk Send', value: 'bulkSend' },
	operationOptions: [
		{ name: 'Get', value: 'get', action: 'Get a bulk send', description: "A bulk send's progress: rows succeeded, failed and pending" },
		{ name: 'Get Many', value: 'getAll', action: 'Get many bulk sends', description: 'List bulk sends, newest first' },
		{ name: 'Get Rows', value: 'getRows', action: 'Get the rows of a bulk send', description: "Each row's outcome: its signing workflow, or its error" },
	],
	operations: { get: getBulkSend, getAll: getManyBulkSends, getRows: getBulkSendRows },
};
