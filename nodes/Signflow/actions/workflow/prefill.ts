import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { TemplateDetail } from '../../../shared/responses';
import { textOf } from '../../../shared/text';
import { apiRequest } from '../../../shared/transport';

/*
 * A Prefill Fields value is text in the node, but the engine takes a checkbox as true or false. The
 * field types come from the template, read once per node run and template (not once per item), and
 * only when a value needs one: "true"/"false" text for a field that may be a checkbox.
 */
const fieldTypesOfRun = new WeakMap<object, Map<string, Promise<Map<string, string>>>>();

function fieldTypes(this: IExecuteFunctions, templateId: string, itemIndex: number): Promise<Map<string, string>> {
	let byTemplate = fieldTypesOfRun.get(this);
	if (!byTemplate) fieldTypesOfRun.set(this, (byTemplate = new Map<string, Promise<Map<string, string>>>()));
	let types = byTemplate.get(templateId);
	if (!types) {
		types = apiRequest
			.call(this, 'GET', `/templates/${encodeURIComponent(templateId)}`, { itemIndex })
			.then((template) => new Map((template as TemplateDetail).annotations.filter((a) => a.name).map((a) => [a.name!, a.type])));
		byTemplate.set(templateId, types);
		types.catch(() => byTemplate.delete(templateId));
	}
	return types;
}

/** The Prefill Fields entries as the engine's `prefill`, by field name. */
export async function prefillOf(this: IExecuteFunctions, templateId: string, itemIndex: number): Promise<IDataObject> {
	const entries = this.getNodeParameter('prefill.field', itemIndex, []) as IDataObject[];
	const prefill: IDataObject = {};
	for (const entry of entries) {
		const name = textOf(entry.name).trim();
		if (!name) throw new NodeOperationError(this.getNode(), 'A Prefill Fields entry has no Field: pick the template\'s field, or remove the entry.', { itemIndex });
		if (name in prefill) throw new NodeOperationError(this.getNode(), `The field "${name}" is filled twice in Prefill Fields: keep one entry for it.`, { itemIndex });
		const value = entry.value;
		if (typeof value === 'boolean') prefill[name] = value;
		else {
			const text = textOf(value);
			// Empty (an item without this column): the template's own value stays.
			if (text.trim() === '') continue;
			const flag = text.trim().toLowerCase();
			prefill[name] = (flag === 'true' || flag === 'false') && (await fieldTypes.call(this, templateId, itemIndex)).get(name) === 'checkbox' ? flag === 'true' : text;
		}
	}
	return prefill;
}
