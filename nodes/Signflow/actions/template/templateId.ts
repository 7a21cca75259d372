import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { UUID, plainId } from '../common';

/*
 * The template an operation uses, as a resource locator: picked from a searchable list, given by ID
 * (typically mapped from "Get Many"), or by URL: the template's address in the engine's API,
 * <engine address>/api/v1/templates/<id>, as "Get" and the engine's own answers name it.
 */
export const templateIdField: INodeProperties = {
	displayName: 'Template',
	name: 'templateId',
	type: 'resourceLocator',
	required: true,
	default: { mode: 'list', value: '' },
	description: 'The Signflow template',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a template...',
			typeOptions: { searchListMethod: 'searchTemplates', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 3f2b8c1e-9a4d-4e6f-8b1a-2c3d4e5f6a7b',
			validation: [{ type: 'regex', properties: { regex: `\\s*${UUID}\\s*`, errorMessage: 'Not a template ID (a UUID)' } }],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'e.g. https://sign.example.com/api/v1/templates/3f2b8c1e-9a4d-4e6f-8b1a-2c3d4e5f6a7b',
			validation: [{ type: 'regex', properties: { regex: `\\s*https?://\\S+/templates/${UUID}[/?#]?\\S*\\s*`, errorMessage: 'Not a template URL (…/api/v1/templates/<ID>)' } }],
			extractValue: { type: 'regex', regex: `/templates/(${UUID})` },
		},
	],
};

/** Lists that depend on the chosen template reload when it changes. */
export const DEPENDS_ON_TEMPLATE = ['templateId', 'templateId.value'];

/** The template's ID for one item; says what to do when it is empty. */
export function templateIdOf(this: IExecuteFunctions, itemIndex: number): string {
	const id = plainId(this.getNodeParameter('templateId', itemIndex, '', { extractValue: true }));
	if (!id)
		throw new NodeOperationError(this.getNode(), 'Template is empty: pick one from the list, or give its ID or URL.', {
			itemIndex,
			description: 'To use a template an earlier step found, choose "By ID" and map {{ $json.id }} from that step.',
		});
	return id;
}

/** The template's ID in the editor (a URL's ID extracted), when it is one and not an expression still to run. */
export function templateIdInEditor(value: unknown): string | null {
	const inner = value !== null && typeof value === 'object' && 'value' in value ? value.value : value;
	const text = typeof inner === 'string' ? inner.trim() : '';
	const match = new RegExp(`(?:^|/templates/)(${UUID})(?:$|[/?#])`).exec(text);
	return match ? match[1] : null;
}
