import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { apiRequest, engineErrorCode } from '../../shared/transport';

/**
 * A change to a draft (PATCH or DELETE on it or its parts). The engine's 409 workflow_not_draft
 * becomes an error that says the workflow was already sent and what to use instead.
 */
export async function draftEditRequest(
	this: IExecuteFunctions,
	method: IHttpRequestMethods,
	path: string,
	options: { body?: IDataObject; itemIndex: number },
): Promise<IDataObject> {
	try {
		return await apiRequest.call(this, method, path, options);
	} catch (error) {
		throw notADraft(error);
	}
}

function notADraft(error: unknown): unknown {
	if (!(error instanceof NodeApiError) || engineErrorCode(error) !== 'workflow_not_draft') return error;
	const status = /status is (\w+)/.exec(error.description ?? '')?.[1];
	error.message = `This signing workflow was already sent${status && status !== 'sent' ? ` (it is ${status} now)` : ''}: only a draft changes.`;
	error.description =
		`${error.description ?? ''}. To fix: a sent workflow's signers who have not signed, its expiry, message and language change with ` +
		'Signing Workflow -> Correct; for anything else, cancel it and add a new one.';
	return error;
}

/** An Update whose Update Fields are all empty sends nothing: it says what to set instead. */
export function assertSomethingToUpdate(this: IExecuteFunctions, body: IDataObject, itemIndex: number, what: string): void {
	if (Object.keys(body).length === 0)
		throw new NodeOperationError(this.getNode(), `Nothing to update: add ${what} under Update Fields.`, { itemIndex });
}
