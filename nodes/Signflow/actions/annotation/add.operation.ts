import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { textOf } from '../../../shared/text';
import { apiRequest } from '../../../shared/transport';
import {
	asItems,
	binaryInput,
	boxFields,
	boxOf,
	fileIdField,
	forOperation,
	requiredString,
	signerIdField,
	workflowIdFields,
	workflowIdOf,
	type Operation,
} from '../common';

export const addAnnotation: Operation = {
	description: forOperation('annotation', 'add', [
		...workflowIdFields,
		fileIdField,
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			options: [
				{ name: 'Checkbox', value: 'checkbox' },
				{ name: 'Date', value: 'date' },
				{ name: 'Image', value: 'image' },
				{ name: 'Text', value: 'text' },
			],
			default: 'text',
		},
		{
			displayName: 'Filled By',
			name: 'filledBy',
			type: 'options',
			options: [
				{ name: 'Sender (Fixed Content)', value: 'sender', description: 'Stamped as given, e.g. an employee number' },
				{ name: 'A Signer', value: 'signer', description: 'A field the signer fills in on the signing page' },
			],
			default: 'sender',
			displayOptions: { hide: { type: ['image'] } },
		},
		{
			...signerIdField,
			description:
				'Who fills the field in. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			displayOptions: { show: { filledBy: ['signer'] }, hide: { type: ['image'] } },
		},
		{
			displayName: 'Text',
			name: 'text',
			type: 'string',
			required: true,
			default: '',
			displayOptions: { show: { type: ['text'], filledBy: ['sender'] } },
		},
		{
			displayName: 'Date',
			name: 'date',
			type: 'dateTime',
			required: true,
			default: '',
			description: 'Stamped as a date in the signing workflow\'s time zone',
			displayOptions: { show: { type: ['date'], filledBy: ['sender'] } },
		},
		{
			displayName: 'Checked',
			name: 'checked',
			type: 'boolean',
			default: true,
			description: 'Whether the box is ticked',
			displayOptions: { show: { type: ['checkbox'], filledBy: ['sender'] } },
		},
		{
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			required: true,
			default: 'data',
			description: 'The binary field holding a PNG or JPEG image',
			displayOptions: { show: { type: ['image'] } },
		},
		{
			displayName: 'Label',
			name: 'label',
			type: 'string',
			default: '',
			placeholder: 'Start date',
			description: 'What the signer is asked to fill in',
			displayOptions: { show: { filledBy: ['signer'] } },
		},
		{
			displayName: 'Required',
			name: 'required',
			type: 'boolean',
			default: true,
			description: 'Whether the signer must fill it in',
			displayOptions: { show: { filledBy: ['signer'] } },
		},
		...boxFields({ width: 200, height: 20 }),
		{ displayName: 'Font Size', name: 'fontSize', type: 'number', typeOptions: { minValue: 4, maxValue: 72 }, default: 11 },
	]),

	async execute(this: IExecuteFunctions, itemIndex: number) {
		const workflowId = workflowIdOf.call(this, itemIndex);
		const type = this.getNodeParameter('type', itemIndex) as string;
		const body: IDataObject = {
			fileId: requiredString.call(this, 'fileId', itemIndex, 'File'),
			type,
			...boxOf.call(this, itemIndex),
			fontSize: this.getNodeParameter('fontSize', itemIndex),
		};
		const filledBy = type === 'image' ? 'sender' : (this.getNodeParameter('filledBy', itemIndex) as string);
		if (filledBy === 'signer') {
			body.signerId = requiredString.call(this, 'signerId', itemIndex, 'Signer');
			body.required = this.getNodeParameter('required', itemIndex);
			const label = textOf(this.getNodeParameter('label', itemIndex, '')).trim();
			if (label) body.label = label;
		} else if (type === 'text') body.value = requiredString.call(this, 'text', itemIndex, 'Text');
		else if (type === 'date') {
			const date = textOf(this.getNodeParameter('date', itemIndex, ''));
			const parsed = new Date(date);
			if (!date || Number.isNaN(parsed.getTime()))
				throw new NodeOperationError(this.getNode(), 'Date is empty or not a date.', { itemIndex });
			body.value = date.slice(0, 10).match(/^\d{4}-\d{2}-\d{2}$/) ? date.slice(0, 10) : parsed.toISOString().slice(0, 10);
		} else if (type === 'checkbox') body.value = this.getNodeParameter('checked', itemIndex);
		else {
			const image = await binaryInput.call(this, itemIndex, requiredString.call(this, 'binaryPropertyName', itemIndex, 'Input Binary Field'));
			body.value = image.buffer.toString('base64');
		}
		return asItems(await apiRequest.call(this, 'POST', `/workflows/${encodeURIComponent(workflowId)}/annotations`, { body, itemIndex }));
	},
};
