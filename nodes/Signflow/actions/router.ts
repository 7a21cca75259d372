import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { signflowCredentials } from '../../shared/transport';
import type { AllItemsOperation, Operation } from './common';
import { resources } from './resources';

/** What runs for each resource and operation, by the values n8n stores. */
const operations = Object.fromEntries(resources.map(({ resource, operations }) => [String(resource.value), operations] as const));

/**
 * How many items of an operation with independent items are in flight at once against a remote
 * engine: enough that n8n prepares the next requests while the engine commits the last ones.
 */
export const ITEMS_IN_FLIGHT = 8;

/** Runs the chosen operation once per input item, keeping pairedItem and honouring Continue On Fail. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	// Neither takes an expression (noDataExpression): the same for every item.
	const resource = this.getNodeParameter('resource', 0);
	const operation = this.getNodeParameter('operation', 0);
	const found: Operation | undefined = operations[resource]?.[operation];
	if (found && 'executeAll' in found) return [await allItems.call(this, found)];
	const run = found;
	const outputs = new Array<INodeExecutionData[]>(items.length);
	const continueOnFail = this.continueOnFail();
	let failure: { itemIndex: number; error: Error } | undefined;

	const runItem = async (itemIndex: number) => {
		try {
			if (!run) throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported.`, { itemIndex });
			const results = await run.execute.call(this, itemIndex);
			outputs[itemIndex] = this.helpers.constructExecutionMetaData(results, { itemData: { item: itemIndex } });
		} catch (error) {
			if (continueOnFail) {
				outputs[itemIndex] = [{ json: { error: (error as Error).message, description: (error as { description?: string }).description }, pairedItem: { item: itemIndex } }];
				return;
			}
			const thrown =
				error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			if (!failure || itemIndex < failure.itemIndex) failure = { itemIndex, error: thrown };
		}
	};

	const lanes = run?.independentItems && items.length > 1 && (await remoteEngine.call(this)) ? ITEMS_IN_FLIGHT : 1;
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(lanes, items.length) }, async () => {
			// After a failure no further item starts (those in flight finish), as a one-by-one run stops there.
			while (next < items.length && !failure) await runItem(next++);
		}),
	);
	if (failure) throw failure.error;
	return [outputs.flat()];
}

/** An operation over all items at once: its failure is the node's (or, with Continue On Fail, one error item paired with every input). */
async function allItems(this: IExecuteFunctions, run: AllItemsOperation): Promise<INodeExecutionData[]> {
	try {
		return await run.executeAll.call(this);
	} catch (error) {
		if (!this.continueOnFail()) throw error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error);
		const pairedItem = this.getInputData().map((_, item) => ({ item }));
		return [{ json: { error: (error as Error).message, description: (error as { description?: string }).description }, pairedItem }];
	}
}

/**
 * Items run side by side only against a remote engine: there the credential's key is fixed. An
 * embedded credential may get its key on first use (preAuthentication), and requests racing for
 * it would each make one, so its items run one by one.
 */
async function remoteEngine(this: IExecuteFunctions): Promise<boolean> {
	try {
		return (await signflowCredentials.call(this)).data?.mode === 'remote';
	} catch {
		return false; // the first request reports why the credential cannot be read
	}
}
