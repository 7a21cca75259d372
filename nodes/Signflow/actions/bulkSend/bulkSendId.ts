import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { forOperation, requiredString } from '../common';

export const bulkSendIdField: INodeProperties = {
	displayName: 'Bulk Send ID',
	name: 'bulkSendId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 3f2b8c1e-9a4d-4e6f-8b1a-2c3d4e5f6a7b',
	hint: 'The ID that Template → Bulk Send returns, or a bulk_send.completed event\'s: drag it in from that step',
};

export function bulkSendIdFields(operation: string): INodeProperties[] {
	return forOperation('bulkSend', operation, [bulkSendIdField]);
}

export function bulkSendIdOf(this: IExecuteFunctions, itemIndex: number): string {
	return requiredString.call(this, 'bulkSendId', itemIndex, 'Bulk Send ID');
}
