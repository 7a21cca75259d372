import type { IExecuteFunctions } from 'n8n-workflow';
import { apiRequest } from '../../../shared/transport';
import { asItems, forOperation, type Operation } from '../common';

export const getOrganization: Operation = {
	independentItems: true,
	description: forOperation('organization', 'get', []),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		return asItems(await apiRequest.call(this, 'GET', '/organization', { itemIndex }));
	},
};
