import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { textOf } from '../../../shared/text';
import { engineErrorCode } from '../../../shared/transport';
import { LANGUAGE_OPTIONS, TAG_HINT, localeOf } from '../languages';
import { DEPENDS_ON_TEMPLATE } from '../template/templateId';
import { REDIRECT_URL_DESCRIPTION } from './redirectUrl';

/*
 * What a workflow made from a template takes, as Create From Template and Template -> Bulk Send
 * both show it: a person for each role and values for the named fields, their lists loaded from the
 * chosen template.
 */

const EXPRESSION_HINT = 'Choose from the list, or specify it using an <a href="https://docs.n8n.io/code/expressions/">expression</a>';

/** The workflow's own settings over the template's (Additional Fields), the name's placeholder as each operation shows it. */
export function templateWorkflowOptions(namePlaceholder: string): INodeProperties[] {
	return [
		{
			displayName: 'Language',
			name: 'locale',
			type: 'options',
			options: LANGUAGE_OPTIONS,
			default: 'en',
			description: `The language of the signing page and emails for signers without a language of their own; without it, the template's. ${TAG_HINT}`,
		},
		{ displayName: 'Message', name: 'message', type: 'string', typeOptions: { rows: 4 }, default: '', description: "Shown to signers with the invitation; without it, the template's" },
		{
			displayName: 'Metadata',
			name: 'metadata',
			type: 'json',
			default: '{}',
			description: "Your own references (CRM or HR record IDs), merged over the template's; they come back in every event",
		},
		{ displayName: 'Redirect URL', name: 'redirectUrl', type: 'string', default: '', placeholder: 'https://portal.example.com/signed', description: REDIRECT_URL_DESCRIPTION },
		{ displayName: 'Workflow Name', name: 'name', type: 'string', default: '', placeholder: namePlaceholder, description: "Shown to signers; without it, the template's name" },
	];
}

export const templateInputFields: INodeProperties[] = [
		{
			displayName: 'Roles',
			name: 'roles',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Role',
			default: {},
			description: "The person who takes each of the template's roles; a role with a default person in the template may be left out",
			options: [
				{
					name: 'role',
					displayName: 'Role',
					values: [
						{
							displayName: 'Role Name or ID',
							name: 'role',
							type: 'options',
							typeOptions: { loadOptionsMethod: 'getTemplateRoles', loadOptionsDependsOn: DEPENDS_ON_TEMPLATE },
							default: '',
							description: `The template's role, such as Employee. ${EXPRESSION_HINT}.`,
						},
						{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: '={{ $json.name }}', description: "The person's name; empty: the role's default" },
						{ displayName: 'Email', name: 'email', type: 'string', placeholder: 'name@email.com', default: '', description: "The person's email; empty: the role's default" },
						{
							displayName: 'Access Code',
							name: 'accessCode',
							type: 'string',
							typeOptions: { password: true },
							default: '',
							description: 'A code the person must type before signing (4 to 64 characters), told to them another way',
						},
						{
							displayName: 'Language',
							name: 'locale',
							type: 'options',
							options: [{ name: "Signing Workflow's Language", value: '' }, ...LANGUAGE_OPTIONS],
							default: '',
							description: `The language of this person's signing page and emails. ${TAG_HINT}`,
						},
					],
				},
			],
		},
		{
			displayName: 'Prefill Fields',
			name: 'prefill',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Field',
			default: {},
			description: "Values for the template's named fields: text, a date (2026-01-31) or, for a checkbox, true or false",
			options: [
				{
					name: 'field',
					displayName: 'Field',
					values: [
						{
							displayName: 'Field Name or ID',
							name: 'name',
							type: 'options',
							typeOptions: { loadOptionsMethod: 'getTemplateFields', loadOptionsDependsOn: DEPENDS_ON_TEMPLATE },
							default: '',
							description: `The template's field, such as salary. ${EXPRESSION_HINT}.`,
						},
						{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: '={{ $json.salary }}', description: "Empty: the template's own value stays" },
					],
				},
			],
		},
];

/** The Roles entries as the engine's `roles`: by role name; a role given twice is a mistake worth naming. */
export function rolesOf(this: IExecuteFunctions, itemIndex: number): Record<string, IDataObject> {
	const entries = this.getNodeParameter('roles.role', itemIndex, []) as IDataObject[];
	const roles: Record<string, IDataObject> = {};
	for (const entry of entries) {
		const role = textOf(entry.role).trim();
		if (!role) throw new NodeOperationError(this.getNode(), 'A Roles entry has no Role: pick the template\'s role, or remove the entry.', { itemIndex });
		if (roles[role]) throw new NodeOperationError(this.getNode(), `The role "${role}" is mapped twice in Roles: keep one entry for it.`, { itemIndex });
		const person: IDataObject = {};
		for (const key of ['name', 'email', 'accessCode'] as const) {
			const value = textOf(entry[key]).trim();
			if (value) person[key] = value;
		}
		const locale = localeOf(entry.locale);
		if (locale) person.locale = locale;
		roles[role] = person;
	}
	return roles;
}

/** The engine's 422 for a bad mapping names what is wrong; the description adds where in the node to fix it. */
export function withFix(error: unknown): unknown {
	if (!(error instanceof NodeApiError) || engineErrorCode(error) !== 'template_input_invalid') return error;
	error.description =
		`${error.description ?? ''}. To fix: in Roles, add an entry for every role the template has (with a Name and an Email, unless the template gives the role a default person) ` +
		'and use only the template\'s role names; in Prefill Fields, use only the template\'s field names, with dates as 2026-01-31 and checkboxes as true or false. ' +
		'The lists show the chosen template\'s roles and fields.';
	return error;
}
