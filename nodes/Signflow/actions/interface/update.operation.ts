import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { textOf } from '../../../shared/text';
import { apiRequest } from '../../../shared/transport';
import { asItems, binaryInput, forOperation, type Operation } from '../common';

export const updateInterface: Operation = {
	description: forOperation('interface', 'update', [
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{ displayName: 'Primary Color', name: 'primaryColor', type: 'color', default: '#2563eb', description: 'Buttons and accents of signing pages, emails and certificates' },
				{ displayName: 'Logo Binary Field', name: 'logoBinaryPropertyName', type: 'string', default: 'logo', description: 'A binary field holding the logo (PNG or JPEG)' },
				{ displayName: 'Icon Binary Field', name: 'iconBinaryPropertyName', type: 'string', default: 'icon', description: 'A binary field holding the icon (PNG or JPEG)' },
			],
		},
	]),

	async execute(this: IExecuteFunctions, itemIndex: number) {
		const fields = this.getNodeParameter('updateFields', itemIndex, {});
		const body: IDataObject = {};
		if (fields.primaryColor) body.primaryColor = fields.primaryColor;
		for (const [field, key] of [
			['logoBinaryPropertyName', 'logo'],
			['iconBinaryPropertyName', 'icon'],
		] as const)
			if (fields[field]) body[key] = { contentBase64: (await binaryInput.call(this, itemIndex, textOf(fields[field]))).buffer.toString('base64') };
		if (Object.keys(body).length === 0)
			throw new NodeOperationError(this.getNode(), 'Nothing to update: add Primary Color, a logo or an icon.', { itemIndex });
		return asItems(await apiRequest.call(this, 'PUT', '/interface', { body, itemIndex }));
	},
};
