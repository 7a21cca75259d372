/**
 * The retry schedule of background work (finalization jobs, emails, webhook
 * deliveries): the wait before each retry, in order, as data each user
 * configures; the n-th failed attempt waits the n-th delay. No jitter and no
 * formula: the figures are the schedule. Past the last delay there is no
 * further attempt.
 */
export type RetryDelays = readonly number[];

/**
 * When the next attempt is due after `attempts` failed attempts, or null when
 * the schedule is used up. `atLeastMs` pushes the wait out (a receiver's
 * Retry-After), never in.
 */
export function nextAttemptAt(delaysMs: RetryDelays, attempts: number, now: Date, atLeastMs?: number): string | null {
	const delay = delaysMs[attempts - 1];
	if (delay === undefined) return null;
	return new Date(now.getTime() + (atLeastMs === undefined ? delay : Math.max(delay, atLeastMs))).toISOString();
}

/** An outbox record that is retried on a schedule and marked failed when the schedule is used up. */
interface Retried {
	status: string;
	attempts: number;
	nextAttemptAt: string;
	lastError: string | null;
}

/**
 * Local file paths in an error message (a stored file missing, a folder not writable), replaced:
 * the message reaches API users, webhooks and admin emails, and the engine's folder layout is the
 * operator's business (the engine log keeps the whole error).
 */
export function withoutLocalPaths(message: string): string {
	return message.replace(/(?<![\w:/.-])\/(?:[^\s'"/]+\/)+[^\s'",)]*|\b[A-Za-z]:\\[^\s'",)]+/g, '<file>');
}

/** The record after one more failed attempt: its error kept (the first 1000 characters, no local paths), then due again or failed for good. */
export function afterFailedAttempt<T extends Retried>(
	// Only records whose status admits 'failed'.
	record: T & { status: 'failed' extends T['status'] ? string : never },
	error: unknown,
	delaysMs: RetryDelays,
	now: Date,
): T {
	const attempts = record.attempts + 1;
	const lastError = withoutLocalPaths(error instanceof Error ? error.message : String(error)).slice(0, 1000);
	const next = nextAttemptAt(delaysMs, attempts, now);
	return next === null ? { ...record, status: 'failed', attempts, lastError } : { ...record, attempts, lastError, nextAttemptAt: next };
}
