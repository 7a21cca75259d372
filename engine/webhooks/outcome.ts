import { durationMs, type WebhookConfig, type WebhookDisableCause } from '../domain';
import type { Delivery } from '../domain';
import { nextAttemptAt } from '../support/retrySchedule';

export interface DisablePolicy {
	/** Disable after this many deliveries in a row used up all their attempts. */
	afterDeadDeliveries: number;
	/** Disable when failing without a single success for this long. */
	afterFailingMs: number;
}

export const DEFAULT_DISABLE_POLICY: DisablePolicy = { afterDeadDeliveries: 5, afterFailingMs: 24 * 3600_000 };

/** Longest a Retry-After may push a retry out. */
const MAX_RETRY_AFTER_MS = 24 * 3600_000;

export interface AttemptResult {
	statusCode: number | null;
	error: string | null;
	retryAfterMs: number | null;
}

/**
 * What one attempt means for its delivery and its configuration: 2xx is
 * delivered; 410 Gone kills the delivery and disables the configuration;
 * anything else (other statuses, timeouts, network errors) is retried on the
 * configuration's schedule, honouring Retry-After, until the schedule is used
 * up and the delivery is dead. A configuration that keeps failing is disabled.
 */
export function applyAttempt(
	delivery: Delivery,
	webhook: WebhookConfig,
	result: AttemptResult,
	now: Date,
	policy: DisablePolicy,
): { delivery: Delivery; webhook: WebhookConfig; disable: WebhookDisableCause | null } {
	const at = now.toISOString();
	const attempted = { ...delivery, attempts: delivery.attempts + 1, totalAttempts: delivery.totalAttempts + 1, claimedUntil: null, claimedBy: null, lastStatusCode: result.statusCode };
	if (result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300)
		return {
			delivery: { ...attempted, status: 'succeeded', deliveredAt: at, lastError: null },
			webhook: { ...webhook, lastSuccessAt: at, consecutiveDead: 0, failingSince: null },
			disable: null,
		};

	const lastError = result.error ?? `The receiver answered ${result.statusCode}.`;
	const failing = { ...webhook, failingSince: webhook.failingSince ?? at };
	if (result.statusCode === 410)
		return {
			delivery: { ...attempted, status: 'dead', lastError },
			webhook: failing,
			disable: { kind: 'gone' },
		};

	const next = nextAttemptAt(
		webhook.retryIntervals.map(durationMs),
		attempted.attempts,
		now,
		Math.min(result.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS),
	);
	if (next === null) {
		const dead = { ...failing, consecutiveDead: failing.consecutiveDead + 1 };
		return { delivery: { ...attempted, status: 'dead', lastError }, webhook: dead, disable: disableReason(dead, now, policy) };
	}
	return {
		delivery: { ...attempted, status: 'pending', lastError, nextAttemptAt: next },
		webhook: failing,
		disable: disableReason(failing, now, policy),
	};
}

function disableReason(webhook: WebhookConfig, now: Date, policy: DisablePolicy): WebhookDisableCause | null {
	if (webhook.consecutiveDead >= policy.afterDeadDeliveries) return { kind: 'dead_in_a_row', deliveries: webhook.consecutiveDead };
	if (webhook.failingSince && now.getTime() - Date.parse(webhook.failingSince) >= policy.afterFailingMs)
		return { kind: 'failing_for', hours: Math.round(policy.afterFailingMs / 3600_000) };
	return null;
}

/** Why a configuration was disabled, as the API's `disabledReason` and the webhook.disabled event state it. */
export function disableReasonText(cause: WebhookDisableCause): string {
	switch (cause.kind) {
		case 'gone':
			return 'The receiver answered 410 Gone: it no longer wants these events.';
		case 'dead_in_a_row':
			return `${cause.deliveries} deliveries in a row failed every attempt.`;
		case 'failing_for':
			return `No delivery succeeded for ${cause.hours} h while failing.`;
	}
}
