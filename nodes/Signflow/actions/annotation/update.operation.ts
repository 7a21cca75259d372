import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { textOf } from '../../../shared/text';
import { annotationIdField, asItems, forOperation, moveFields, moveOf, requiredString, signerIdField, workflowIdFields, workflowIdOf, type Operation } from '../common';
import { assertSomethingToUpdate, draftEditRequest } from '../draftEdit';

/**
 * Moves, resizes or changes an annotation of a draft; it keeps its ID. Fixed content gets a new
 * Text, Date or Checked (one of them, for its type); a field a signer fills in may go to another
 * signer or get a new Label.
 */
export const updateAnnotation: Operation = {
	description: forOperation('annotation', 'update', [
		...workflowIdFields,
		annotationIdField,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'What to change; what is not added stays as it is. The annotation must stay inside its page.',
			options: [
				{ displayName: 'Checked', name: 'checked', type: 'boolean', default: true, description: 'Whether the box is ticked (a fixed checkbox)' },
				{ displayName: 'Date', name: 'date', type: 'dateTime', default: '', description: "The new date of a fixed date, stamped in the signing workflow's time zone" },
				...moveFields(),
				{ displayName: 'Font Size', name: 'fontSize', type: 'number', typeOptions: { minValue: 4, maxValue: 72 }, default: 11 },
				{ displayName: 'Label', name: 'label', type: 'string', default: '', description: 'What the signer is asked to fill in (a field a signer fills in)' },
				{ displayName: 'Required', name: 'required', type: 'boolean', default: true, description: 'Whether the signer must fill it in (a field a signer fills in)' },
				{ ...signerIdField, required: false, description: `Gives a field a signer fills in to another signer or approver. ${signerIdField.description}` },
				{ displayName: 'Text', name: 'text', type: 'string', default: '', description: 'The new text of a fixed text' },
			],
		},
	]),

	async execute(this: IExecuteFunctions, itemIndex: number) {
		const workflowId = workflowIdOf.call(this, itemIndex);
		const annotationId = requiredString.call(this, 'annotationId', itemIndex, 'Annotation');
		const fields = this.getNodeParameter('updateFields', itemIndex, {});
		const body: IDataObject = moveOf(fields);
		const signerId = textOf(fields.signerId).trim();
		if (signerId) body.signerId = signerId;
		const label = textOf(fields.label).trim();
		if (label) body.label = label;
		if (typeof fields.required === 'boolean') body.required = fields.required;
		if (fields.fontSize !== undefined && fields.fontSize !== '') body.fontSize = Number(fields.fontSize);
		const values = valuesOf.call(this, fields, itemIndex);
		if (values.length > 1)
			throw new NodeOperationError(this.getNode(), 'Text, Date and Checked are each the content of one type of annotation: keep only one of them.', { itemIndex });
		if (values.length === 1) body.value = values[0];
		assertSomethingToUpdate.call(this, body, itemIndex, 'a Page, X, Y, Text, Date, Checked or another field');
		return asItems(
			await draftEditRequest.call(this, 'PATCH', `/workflows/${encodeURIComponent(workflowId)}/annotations/${encodeURIComponent(annotationId)}`, { body, itemIndex }),
		);
	},
};

/** The new fixed content the Update Fields give: text, a date as 2026-01-31, or a checkbox's tick. */
function valuesOf(this: IExecuteFunctions, fields: IDataObject, itemIndex: number): Array<string | boolean> {
	const values: Array<string | boolean> = [];
	const text = textOf(fields.text);
	if (text.trim()) values.push(text);
	const date = textOf(fields.date);
	if (date) {
		const parsed = new Date(date);
		if (Number.isNaN(parsed.getTime())) throw new NodeOperationError(this.getNode(), `Date "${date}" is not a date.`, { itemIndex });
		values.push(/^\d{4}-\d{2}-\d{2}/.test(date) ? date.slice(0, 10) : parsed.toISOString().slice(0, 10));
	}
	if (typeof fields.checked === 'boolean') values.push(fields.checked);
	return values;
}
