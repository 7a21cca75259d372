import type { IExecuteFunctions } from 'n8n-workflow';
import { textOf } from '../../../shared/text';
import { asItems, forOperation, type Operation } from '../common';
import { listPages, returnAllFields } from '../listPages';

export const getManyTemplates: Operation = {
	independentItems: true,
	description: forOperation('template', 'getAll', [
		...returnAllFields,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'Name Contains',
					name: 'search',
					type: 'string',
					default: '',
					placeholder: 'offer letter',
					description: 'Only templates whose name contains this text, ignoring case and accents',
				},
			],
		},
	]),

	async execute(this: IExecuteFunctions, itemIndex: number) {
		const search = textOf(this.getNodeParameter('filters.search', itemIndex, '')).trim();
		return asItems(await listPages.call(this, '/templates', search ? { q: search } : {}, itemIndex));
	},
};
