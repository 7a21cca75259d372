import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { resources } from './resources';

/** What runs for each resource and operation, by the values n8n stores. */
const operations = Object.fromEntries(resources.map(({ resource, operations }) => [String(resource.value), operations] as const));

/** Runs the chosen operation once per input item, keeping pairedItem and honouring Continue On Fail. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const resource = this.getNodeParameter('resource', itemIndex);
		const operation = this.getNodeParameter('operation', itemIndex);
		const run = operations[resource]?.[operation];
		try {
			if (!run) throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported.`, { itemIndex });
			const results = await run.execute.call(this, itemIndex);
			output.push(...this.helpers.constructExecutionMetaData(results, { itemData: { item: itemIndex } }));
		} catch (error) {
			if (this.continueOnFail()) {
				output.push({ json: { error: (error as Error).message, description: (error as { description?: string }).description }, pairedItem: { item: itemIndex } });
				continue;
			}
			const failure =
				error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			throw failure;
		}
	}
	return [output];
}
