import type { Resource } from '../common';
import { getInterface } from './get.operation';
import { updateInterface } from './update.operation';

export const interfaceResource: Resource = {
	resource: { name: 'Interface (Branding)', value: 'interface' },
	operationOptions: [
		{ name: 'Get', value: 'get', action: 'Get branding', description: 'Color, logo and icon of signing pages and emails' },
		{ name: 'Update', value: 'update', action: 'Update branding', description: 'Set the color, logo or icon' },
	],
	operations: { get: getInterface, update: updateInterface },
};
