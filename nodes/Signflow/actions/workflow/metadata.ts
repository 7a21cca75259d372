import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** A Metadata parameter's value (JSON text, or an object from an expression) as the engine takes it; undefined when empty. */
export function metadataOf(this: IExecuteFunctions, value: unknown, itemIndex: number): IDataObject | undefined {
	if (value === undefined || value === '') return undefined;
	const metadata = typeof value === 'string' ? safeJson(value) : value;
	if (metadata === undefined || metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))
		throw new NodeOperationError(this.getNode(), 'Metadata must be a JSON object, such as {"crmId": "42"}.', { itemIndex });
	return metadata as IDataObject;
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}
