import { createHash, randomUUID } from 'node:crypto';
import type { IHttpRequestMethods } from 'n8n-workflow';

/*
 * The Idempotency-Key a POST of an item sends, so that n8n's Retry On Fail and a retried request never
 * create a second signing workflow, file or signer: the same for every try of the same item of the same
 * node run (instance, workflow, execution, node, run index, item index, and the request's method and
 * path), different for anything else. The engine answers a repeated key with the first answer.
 */

/** Keys of runs without an execution id (some manual runs): random, one per item and request of the node run. */
const randomKeysOfRun = new WeakMap<object, Map<string, string>>();

/** What an action node's context tells of its run (the editor's and the trigger's contexts lack some). */
export interface RunOfItem {
	getExecutionId?(): string;
	getInstanceId?(): string;
	getWorkflow?(): { id?: string };
	getRunIndex?(): number;
	getNode?(): { name: string };
}

export function idempotencyKeyFor(
	context: RunOfItem,
	method: IHttpRequestMethods,
	path: string,
	itemIndex: number | undefined,
): string | undefined {
	// Only an action node's item requests: the editor's lists and the trigger's hooks create nothing by item.
	if (method !== 'POST' || itemIndex === undefined || typeof context.getExecutionId !== 'function') return undefined;
	const executionId = context.getExecutionId();
	const request = `${itemIndex} ${method} ${path}`;
	if (!executionId) {
		let keys = randomKeysOfRun.get(context);
		if (!keys) randomKeysOfRun.set(context, (keys = new Map<string, string>()));
		let key = keys.get(request);
		if (!key) keys.set(request, (key = `n8n-${randomUUID()}`));
		return key;
	}
	const parts = [
		context.getInstanceId?.() ?? '',
		context.getWorkflow?.().id ?? '',
		executionId,
		context.getNode?.().name ?? '',
		context.getRunIndex?.() ?? 0,
		request,
	];
	return `n8n-${createHash('sha256').update(JSON.stringify(parts)).digest('hex')}`;
}
