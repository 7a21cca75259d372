import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

/** One operation of the node: its parameters and what it does for one input item. */
export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
}

/** Shows parameters only for one resource and operation. */
export function forOperation(resource: string, operation: string, properties: INodeProperties[]): INodeProperties[] {
	return updateDisplayOptions({ show: { resource: [resource], operation: [operation] } }, properties);
}

export const workflowIdField: INodeProperties = {
	displayName: 'Signing Workflow ID',
	name: 'workflowId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '={{ $json.id }}',
	description: 'The ID of the signing workflow (not an n8n workflow), as "Add Workflow" returns it',
};

export const fileIdField: INodeProperties = {
	displayName: 'File Name or ID',
	name: 'fileId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getFiles', loadOptionsDependsOn: ['workflowId'] },
	required: true,
	default: '',
	description:
		'The PDF of the signing workflow. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const signerIdField: INodeProperties = {
	displayName: 'Signer Name or ID',
	name: 'signerId',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getSigners', loadOptionsDependsOn: ['workflowId'] },
	required: true,
	default: '',
	description:
		'The signer of the signing workflow. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** Where a field sits: PDF points from the bottom-left corner, pages from 1. */
export function boxFields(defaults: { width: number; height: number }): INodeProperties[] {
	return [
		{ displayName: 'Page', name: 'page', type: 'number', typeOptions: { minValue: 1 }, default: 1, description: 'Page number, from 1' },
		{ displayName: 'X', name: 'x', type: 'number', typeOptions: { minValue: 0 }, default: 50, description: 'Distance from the left edge, in PDF points (1/72 inch)' },
		{ displayName: 'Y', name: 'y', type: 'number', typeOptions: { minValue: 0 }, default: 50, description: 'Distance from the bottom edge, in PDF points' },
		{ displayName: 'Width', name: 'width', type: 'number', typeOptions: { minValue: 1 }, default: defaults.width, description: 'In PDF points' },
		{ displayName: 'Height', name: 'height', type: 'number', typeOptions: { minValue: 1 }, default: defaults.height, description: 'In PDF points' },
	];
}

export function boxOf(this: IExecuteFunctions, itemIndex: number): IDataObject {
	return Object.fromEntries(['page', 'x', 'y', 'width', 'height'].map((name) => [name, this.getNodeParameter(name, itemIndex) as number]));
}

export function requiredString(this: IExecuteFunctions, name: string, itemIndex: number, label: string): string {
	const value = String(this.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (!value) throw new NodeOperationError(this.getNode(), `${label} is empty: fill it in or map it from a previous node.`, { itemIndex });
	return value;
}

export function asItems(data: IDataObject | IDataObject[]): INodeExecutionData[] {
	return (Array.isArray(data) ? data : [data]).map((json) => ({ json }));
}

/** Reads a binary property of the input item (works in every binary storage mode n8n has). */
export async function binaryInput(this: IExecuteFunctions, itemIndex: number, property: string) {
	const binary = this.helpers.assertBinaryData(itemIndex, property);
	const buffer = await this.helpers.getBinaryDataBuffer(itemIndex, property);
	return { buffer, fileName: binary.fileName, mimeType: binary.mimeType };
}
