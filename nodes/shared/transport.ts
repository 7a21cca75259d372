import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { idempotencyKeyFor } from './idempotencyKey';
import { networkFailure, unreachableMessage } from './unreachable';

type Context = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

interface EngineErrorBody {
	error?: { code?: string; message?: string; details?: Array<{ path?: string; message?: string }> };
}

/** The engine's error body of a failed request, whatever shape the HTTP helper wrapped it in. */
function engineError(error: unknown): { status?: number; body?: EngineErrorBody } {
	const wrapped = error as {
		response?: { status?: number; statusCode?: number; data?: unknown; body?: unknown };
		// n8n's request helpers wrap the failure in a NodeApiError that keeps the body in context.data.
		context?: { data?: unknown };
		httpCode?: string | null;
		error?: unknown;
	};
	const response = wrapped.response;
	let body = response?.data ?? response?.body ?? wrapped.context?.data ?? wrapped.error;
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (body instanceof ArrayBuffer) body = Buffer.from(body).toString('utf8');
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body);
		} catch {
			body = undefined;
		}
	}
	const status = response?.status ?? response?.statusCode ?? (wrapped.httpCode ? Number(wrapped.httpCode) : undefined);
	return { status, body: body as EngineErrorBody | undefined };
}

/**
 * One call to the engine's REST API through the Signflow credential (which
 * sets the address and key). An engine error becomes a NodeApiError with the
 * engine's message and code, so the user sees what to fix. Every answer of
 * the engine is a JSON object (shapes in ./responses), but a 204's: nothing.
 */
export async function apiRequest(
	this: Context,
	method: IHttpRequestMethods,
	path: string,
	options: { body?: IDataObject; qs?: IDataObject; itemIndex?: number } = {},
): Promise<IDataObject> {
	return (await send.call(this, method, path, options)) as IDataObject;
}

/** A file from the engine (the bytes of a PDF). */
export async function apiDownload(this: Context, path: string, options: { qs?: IDataObject; itemIndex?: number } = {}): Promise<Buffer> {
	return (await send.call(this, 'GET', path, { ...options, binary: true })) as Buffer;
}

/*
 * The credential as n8n hands it to a node (decrypted, defaults and expressions applied), read once
 * per node run and given to every request of that run, so that 1,000 items are not 1,000 reads and
 * decryptions of the same credential. n8n's own request helper reads it with no item index, so every
 * item already got the same one. n8n's preAuthentication still runs on each request and writes what
 * it returns into this same object, so later requests of the run see a key it made or renewed.
 */
const credentialsOfRun = new WeakMap<object, Promise<ICredentialsDecrypted>>();

export async function signflowCredentials(this: Context): Promise<ICredentialsDecrypted> {
	let credentials = credentialsOfRun.get(this);
	if (!credentials) {
		const stored = this.getNode().credentials?.signflowApi;
		credentials = (this.getCredentials as (type: string) => Promise<ICredentialDataDecryptedObject>)
			.call(this, 'signflowApi')
			.then((data) => ({ id: stored?.id ?? '', name: stored?.name ?? '', type: 'signflowApi', data }));
		credentialsOfRun.set(this, credentials);
		// A failed read is not kept: the next request tries again and reports its own failure.
		credentials.catch(() => credentialsOfRun.delete(this));
	}
	return credentials;
}

/*
 * How long an item waits for the answer of an earlier try of itself (Retry On Fail after a lost answer)
 * that the engine is still finishing: it answers idempotency_key_in_progress from that try's commit
 * until its answer is kept, a moment later, unless the engine stopped in between.
 */
const IN_PROGRESS_WAIT_MS = 15_000;
const IN_PROGRESS_FIRST_DELAY_MS = 50;
const IN_PROGRESS_MAX_DELAY_MS = 1_000;

async function send(
	this: Context,
	method: IHttpRequestMethods,
	path: string,
	options: { body?: IDataObject; qs?: IDataObject; binary?: boolean; itemIndex?: number },
): Promise<unknown> {
	const idempotencyKey = idempotencyKeyFor(this, method, path, options.itemIndex);
	const request: IHttpRequestOptions = {
		method,
		url: `/api/v1${path}`,
		...(idempotencyKey ? { headers: { 'Idempotency-Key': idempotencyKey } } : {}),
		body: options.body,
		qs: options.qs,
		json: !options.binary,
		...(options.binary ? { encoding: 'arraybuffer' as const } : {}),
	};
	const waitUntil = Date.now() + IN_PROGRESS_WAIT_MS;
	for (let delay = IN_PROGRESS_FIRST_DELAY_MS; ; delay = Math.min(delay * 2, IN_PROGRESS_MAX_DELAY_MS)) {
		const outcome = await sendOnce.call(this, request, options).then(
			(value) => ({ value }),
			(failure: NodeApiError) => ({ failure }),
		);
		if (!('failure' in outcome)) return outcome.value;
		// The same key sent again gets the earlier try's answer once the engine has kept it.
		const inProgress = idempotencyKey && engineErrorCode(outcome.failure) === 'idempotency_key_in_progress';
		if (!inProgress || Date.now() + delay >= waitUntil) throw outcome.failure;
		// A cancelled execution stops waiting and reports the conflict it got.
		const cancelled = 'getExecutionCancelSignal' in this ? this.getExecutionCancelSignal() : undefined;
		if (!(await pause(delay, cancelled))) throw outcome.failure;
	}
}

/**
 * Waits `ms`: true, or false as soon as `signal` aborts. Our own, not n8n-workflow's sleepWithAbort,
 * which n8n 2.41's n8n-workflow no longer exports.
 */
function pause(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
	return new Promise((resolve) => {
		if (signal?.aborted) return resolve(false);
		const stop = () => {
			clearTimeout(timer);
			resolve(false);
		};
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', stop);
			resolve(true);
		}, ms);
		signal?.addEventListener('abort', stop, { once: true });
	});
}

/** One try of a request: its answer, or a NodeApiError that says what went wrong. */
async function sendOnce(this: Context, request: IHttpRequestOptions, options: { binary?: boolean; itemIndex?: number }): Promise<unknown> {
	try {
		const credentialsDecrypted = await signflowCredentials.call(this);
		const response: unknown = await this.helpers.httpRequestWithAuthentication.call(this, 'signflowApi', request, { credentialsDecrypted });
		return options.binary ? Buffer.from(response as ArrayBuffer) : response;
	} catch (error) {
		const { status, body } = engineError(error);
		const engine = body?.error;
		const failure = !engine && !status ? networkFailure(error) : undefined;
		if (failure) throw await unreachable.call(this, failure, options.itemIndex);
		const details = engine?.details
			?.map((detail) => (detail.path ? `${detail.path}: ${detail.message}` : detail.message))
			.filter(Boolean)
			.join('; ');
		throw new NodeApiError(this.getNode(), (engine ?? { message: (error as Error).message }), {
			message: engine?.message ?? (error as Error).message,
			description: engine?.code ? `Signflow error "${engine.code}"${details ? `: ${details}` : ''}` : undefined,
			httpCode: status ? String(status) : undefined,
			itemIndex: options.itemIndex,
		});
	}
}

/** The request never got an answer: say where n8n tried to reach the engine and what to fix. */
async function unreachable(this: Context, failure: { reason: string; detail: string }, itemIndex?: number): Promise<NodeApiError> {
	const credentials = await (this.getCredentials as (type: string, itemIndex?: number) => Promise<ICredentialDataDecryptedObject>)
		.call(this, 'signflowApi', itemIndex)
		.catch(() => undefined);
	const message = unreachableMessage(credentials, failure.reason);
	const error = new NodeApiError(this.getNode(), { message }, { message, description: failure.detail, itemIndex });
	// NodeApiError swaps a message naming a network error code for a generic sentence; keep ours.
	error.message = message;
	return error;
}

/** The engine's error code of a NodeApiError raised by apiRequest, if any. */
export function engineErrorCode(error: unknown): string | undefined {
	const description = (error as { description?: string }).description;
	return description ? /^Signflow error "([a-z_]+)"/.exec(description)?.[1] : undefined;
}

/** A caught error as n8n wants it thrown: NodeApiError (apiRequest's own pass through unchanged). */
export function asNodeApiError(context: Context, error: unknown): NodeApiError {
	return error instanceof NodeApiError ? error : new NodeApiError(context.getNode(), error as JsonObject);
}
