import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';
import { textOf } from '../../shared/text';

/** One operation of the node: its parameters and what it does for one input item. */
export interface ItemOperation {
	description: INodeProperties[];
	/**
	 * No item of this operation affects another (each creates a signing workflow of its own, or only
	 * reads), so several items may be in flight at once; output stays in input order. Operations that
	 * change an existing signing workflow run item by item: items may add to the same one in order.
	 */
	independentItems?: boolean;
	execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
}

/** An operation that takes all input items at once (one request for them all); its output items carry their pairedItem. */
export interface AllItemsOperation {
	description: INodeProperties[];
	executeAll(this: IExecuteFunctions): Promise<INodeExecutionData[]>;
}

export type Operation = ItemOperation | AllItemsOperation;

/**
 * One resource of the node, as its `<Resource>.resource.ts` declares it: the
 * entry of the Resource list, the entries of its Operation list, and what runs
 * for each operation (keyed by the value n8n stores).
 */
export interface Resource {
	resource: INodePropertyOptions;
	operationOptions: OperationOption[];
	operations: Record<string, Operation>;
	/** The operation a new node starts with, when not the list's first: flows saved without it (n8n omits defaults) keep theirs. */
	defaultOperation?: string;
}

/** An entry of a resource's Operation list; `action` is the name n8n's node panel and AI tools show. */
export type OperationOption = Required<Pick<INodePropertyOptions, 'name' | 'value' | 'action' | 'description'>> & { value: string };

/** A resource's Operation list, shown when that resource is picked; the first option is the default unless the resource names one. */
export function operationList({ resource, operationOptions, defaultOperation }: Resource): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.value] } },
		options: operationOptions,
		default: defaultOperation ?? operationOptions[0].value,
	};
}

/** Every operation's parameters, each shown only for its resource and operation. */
export function operationParameters({ operations }: Resource): INodeProperties[] {
	return Object.values(operations).flatMap((operation) => operation.description);
}

/** Shows parameters only for one resource and operation. */
export function forOperation(resource: string, operation: string, properties: INodeProperties[]): INodeProperties[] {
	return updateDisplayOptions({ show: { resource: [resource], operation: [operation] } }, properties);
}

export const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/*
 * The signing workflow an operation acts on. Version 1 of the node stored it
 * as a plain ID string, and flows saved with it keep that field as it was;
 * from version 2 it is a resource locator: picked from a searchable list, or
 * given by ID (typically mapped from "Add"'s output). workflowIdOf reads both.
 */
const workflowIdV1: INodeProperties = {
	displayName: 'Signing Workflow ID',
	name: 'workflowId',
	type: 'string',
	required: true,
	default: '',
	placeholder: '={{ $json.id }}',
	description: 'The ID of the signing workflow (not an n8n workflow), as "Add Workflow" returns it',
	displayOptions: { show: { '@version': [1] } },
};

const workflowIdV2: INodeProperties = {
	displayName: 'Signing Workflow',
	name: 'workflowId',
	type: 'resourceLocator',
	required: true,
	default: { mode: 'list', value: '' },
	description: 'The signing workflow (not an n8n workflow)',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a signing workflow...',
			typeOptions: { searchListMethod: 'searchWorkflows', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 3f2b8c1e-9a4d-4e6f-8b1a-2c3d4e5f6a7b',
			hint: 'The ID that "Add" returns: drag it in from that step ($json.id)',
			// Spaces around a pasted ID are fine: workflowIdOf trims them.
			validation: [{ type: 'regex', properties: { regex: `\\s*${UUID}\\s*`, errorMessage: 'Not a signing workflow ID (a UUID)' } }],
		},
	],
	displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } },
};

export const workflowIdFields: INodeProperties[] = [workflowIdV1, workflowIdV2];

/** The ID in a parameter value, whichever shape it was saved in: a plain string or a resource locator. */
export function plainId(value: unknown): string {
	const inner = value !== null && typeof value === 'object' && 'value' in value ? (value).value : value;
	return typeof inner === 'string' || typeof inner === 'number' ? String(inner).trim() : '';
}

/** The signing workflow's ID for one item; says what to do when it is empty. */
export function workflowIdOf(this: IExecuteFunctions, itemIndex: number): string {
	const id = plainId(this.getNodeParameter('workflowId', itemIndex, '', { extractValue: true }));
	if (!id)
		throw new NodeOperationError(this.getNode(), 'Signing Workflow is empty: pick one from the list, or give its ID.', {
			itemIndex,
			description: 'To act on the signing workflow an earlier "Add" step created, choose "By ID" and map {{ $json.id }} from that step.',
		});
	return id;
}

/** Lists that depend on the chosen signing workflow reload when it changes, in either shape. */
const DEPENDS_ON_WORKFLOW = ['workflowId', 'workflowId.value'];

/** A part of the chosen signing workflow, picked from a list its loadOptions method fills. */
function workflowPartField(displayName: string, name: string, loadOptionsMethod: string, what: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'options',
		typeOptions: { loadOptionsMethod, loadOptionsDependsOn: DEPENDS_ON_WORKFLOW },
		required: true,
		default: '',
		description: `${what} Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
	};
}

export const fileIdField = workflowPartField('File Name or ID', 'fileId', 'getFiles', 'The PDF of the signing workflow.');
export const signerIdField = workflowPartField('Signer Name or ID', 'signerId', 'getSigners', 'The signer of the signing workflow.');
export const signatureIdField = workflowPartField(
	'Signature Field Name or ID',
	'signatureId',
	'getSignatureFields',
	'The signature field of the signing workflow, as "Add" returned it.',
);
export const annotationIdField = workflowPartField('Annotation Name or ID', 'annotationId', 'getAnnotations', 'The annotation of the signing workflow, as "Add" returned it.');

/**
 * The Update Fields that move or resize a saved field, by coordinates as Add's do (an anchor is
 * for placing new fields only): each one left out keeps the field's.
 */
export function moveFields(): INodeProperties[] {
	return [
		{ ...fileIdField, required: false, description: `Moves the field to another PDF of the signing workflow. ${fileIdField.description}` },
		{ displayName: 'Height', name: 'height', type: 'number', typeOptions: { minValue: 1 }, default: 50, description: 'In PDF points' },
		{ displayName: 'Page', name: 'page', type: 'number', typeOptions: { minValue: 1 }, default: 1, description: 'Page number, from 1' },
		{ displayName: 'Width', name: 'width', type: 'number', typeOptions: { minValue: 1 }, default: 180, description: 'In PDF points' },
		{ displayName: 'X', name: 'x', type: 'number', typeOptions: { minValue: 0 }, default: 50, description: 'Distance from the left edge, in PDF points (1/72 inch)' },
		{ displayName: 'Y', name: 'y', type: 'number', typeOptions: { minValue: 0 }, default: 50, description: 'Distance from the bottom edge, in PDF points' },
	];
}

/** The move of moveFields, as the engine's PATCH takes it: only what was set. */
export function moveOf(fields: IDataObject): IDataObject {
	const move: IDataObject = {};
	const fileId = textOf(fields.fileId).trim();
	if (fileId) move.fileId = fileId;
	for (const name of ['page', 'x', 'y', 'width', 'height']) if (fields[name] !== undefined && fields[name] !== null && fields[name] !== '') move[name] = Number(fields[name]);
	return move;
}

/** Where a field sits: PDF points from the bottom-left corner, pages from 1; or relative to a text of the file (an anchor). */
export function boxFields(defaults: { width: number; height: number }): INodeProperties[] {
	const coordinates = { show: { position: ['coordinates'] } };
	const anchor = { show: { position: ['anchor'] } };
	return [
		{
			displayName: 'Position',
			name: 'position',
			type: 'options',
			options: [
				{ name: 'Coordinates', value: 'coordinates', description: 'A page and a point on it' },
				{ name: 'Anchor Text', value: 'anchor', description: 'Relative to a text of the file, such as "Signature:"' },
			],
			default: 'coordinates',
		},
		{ displayName: 'Page', name: 'page', type: 'number', required: true, typeOptions: { minValue: 1 }, default: 1, description: 'Page number, from 1', displayOptions: coordinates },
		{ displayName: 'X', name: 'x', type: 'number', required: true, typeOptions: { minValue: 0 }, default: 50, description: 'Distance from the left edge, in PDF points (1/72 inch)', displayOptions: coordinates },
		{ displayName: 'Y', name: 'y', type: 'number', required: true, typeOptions: { minValue: 0 }, default: 50, description: 'Distance from the bottom edge, in PDF points', displayOptions: coordinates },
		{ displayName: 'Anchor Text', name: 'anchorText', type: 'string', required: true, default: '', placeholder: 'Signature:', description: 'A text of the file, matched exactly; the field is placed at its bottom-left corner moved by the offsets', displayOptions: anchor },
		{ displayName: 'Offset X', name: 'anchorOffsetX', type: 'number', default: 0, description: 'PDF points to the right of the anchor text (negative: to the left)', displayOptions: anchor },
		{ displayName: 'Offset Y', name: 'anchorOffsetY', type: 'number', default: 0, description: 'PDF points above the anchor text (negative: below)', displayOptions: anchor },
		{ displayName: 'Occurrence', name: 'anchorOccurrence', type: 'number', typeOptions: { minValue: 0 }, default: 0, description: 'Which occurrence of the text, from 1; 0 places a field at every occurrence', displayOptions: anchor },
		{ displayName: 'Width', name: 'width', type: 'number', required: true, typeOptions: { minValue: 1 }, default: defaults.width, description: 'In PDF points' },
		{ displayName: 'Height', name: 'height', type: 'number', required: true, typeOptions: { minValue: 1 }, default: defaults.height, description: 'In PDF points' },
	];
}

export function boxOf(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const size = { width: this.getNodeParameter('width', itemIndex) as number, height: this.getNodeParameter('height', itemIndex) as number };
	if (this.getNodeParameter('position', itemIndex, 'coordinates') !== 'anchor')
		return { ...Object.fromEntries(['page', 'x', 'y'].map((name) => [name, this.getNodeParameter(name, itemIndex) as number])), ...size };
	const occurrence = this.getNodeParameter('anchorOccurrence', itemIndex, 0) as number;
	return {
		anchor: {
			text: requiredString.call(this, 'anchorText', itemIndex, 'Anchor Text'),
			offsetX: this.getNodeParameter('anchorOffsetX', itemIndex, 0) as number,
			offsetY: this.getNodeParameter('anchorOffsetY', itemIndex, 0) as number,
			...(occurrence > 0 ? { occurrence } : {}),
		},
		...size,
	};
}

export function requiredString(this: IExecuteFunctions, name: string, itemIndex: number, label: string): string {
	const value = textOf(this.getNodeParameter(name, itemIndex, '')).trim();
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
