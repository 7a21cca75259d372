import type { IExecuteFunctions } from 'n8n-workflow';
import { apiRequest } from '../../../shared/transport';
import { asItems, type Operation } from '../common';
import { bulkSendIdFields, bulkSendIdOf } from './bulkSendId';

/** GET /bulk-sends/{id}: a job's progress, its rows succeeded, failed and pending. */
export const getBulkSend: Operation = {
	independentItems: true,
	description: bulkSendIdFields('get'),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = bulkSendIdOf.call(this, itemIndex);
		return asItems(await apiRequest.call(this, 'GET', `/bulk-sends/${encodeURIComponent(id)}`, { itemIndex }));
	},
};
