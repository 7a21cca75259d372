import { SignflowError, invalid } from './errors';

/** How long an Idempotency-Key is kept after its first use, at least (the retention sweep removes it then). */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3600_000;

/** 1 to 255 visible ASCII characters: a UUID, or a key made of what the caller retries. */
const KEY = /^[\x21-\x7e]{1,255}$/;

/** The header's value checked, or idempotency_key_invalid. */
export function idempotencyKey(value: string): string {
	if (!KEY.test(value))
		throw invalid(
			'idempotency_key_invalid',
			'The Idempotency-Key header must be 1 to 255 visible ASCII characters (no spaces), such as a UUID.',
			[{ path: 'Idempotency-Key', message: value.length > 255 ? `${value.length} characters.` : 'Not 1 to 255 visible ASCII characters.' }],
		);
	return value;
}

/**
 * Which answers a key keeps, to replay them to a retry: a success, and a refusal of the request
 * itself (malformed 400, too large 413, wrong type 415, invalid 422), which the same request would
 * get again. Not kept: refusals that depend on the state of other things (404, 409, 410: the
 * workflow may be there or editable on a retry), rate limits (429) and the engine's own failures
 * (5xx), so that a retry can succeed.
 */
export function keepsAnswer(status: number): boolean {
	return (status >= 200 && status < 300) || status === 400 || status === 413 || status === 415 || status === 422;
}

export function idempotencyKeyReused(): SignflowError {
	return new SignflowError(
		'conflict',
		'idempotency_key_reused',
		'This Idempotency-Key was used with another request (method, path or body): use a new key for a new request.',
	);
}

export function idempotencyKeyInProgress(): SignflowError {
	return new SignflowError(
		'conflict',
		'idempotency_key_in_progress',
		'A request with this Idempotency-Key is still being processed: retry in a moment to get its answer.',
	);
}

/** The request's work committed, but the engine stopped before it kept the answer: there is nothing to replay. */
export function idempotencyKeyAnswerLost(): SignflowError {
	return new SignflowError(
		'conflict',
		'idempotency_key_answer_lost',
		'The request with this Idempotency-Key was carried out, but the engine stopped before it kept the answer: ' +
			'look up what it created (for example GET /workflows) instead of retrying.',
	);
}
