import type { DueSummary, Store } from '../store/port';

/** The three outboxes operators watch, by the name metrics and readiness give them. */
export const OUTBOXES = ['webhook_deliveries', 'emails', 'finalizations'] as const;
export type OutboxName = (typeof OUTBOXES)[number];

/** What is due in each outbox, engine-wide: three aggregate queries, sent together in one read. */
export function readOutboxes(store: Store, now: Date): Promise<Record<OutboxName, DueSummary>> {
	const at = now.toISOString();
	return store.read(async (repository) => {
		const [webhookDeliveries, emails, finalizations] = await Promise.all([
			repository.deliveries.dueSummary(at),
			repository.emails.dueSummary(at),
			repository.finalizations.dueSummary(at),
		]);
		return { webhook_deliveries: webhookDeliveries, emails, finalizations };
	});
}

/** Seconds since the oldest due item became due (0 when none is). */
export function oldestAgeSeconds(summary: DueSummary, now: Date): number {
	return summary.oldestDueAt === null ? 0 : Math.max(0, (now.getTime() - Date.parse(summary.oldestDueAt)) / 1000);
}
