import type { Clock } from '../domain';
import type { ReadinessProblem } from '../http/health';
import type { Store } from '../store/port';
import type { LoopHealth } from '../support/pollingLoop';
import { withTimeLimit } from '../support/timeLimit';
import { OUTBOXES, oldestAgeSeconds, readOutboxes, type OutboxName } from './outboxes';

/** A background loop's passes that fail in a row before readiness reports it (at 1 s polls, a few seconds). */
export const FAILING_AFTER_PASSES = 3;
/** The database must answer the readiness queries within this. */
const DATABASE_TIMEOUT_MS = 2000;

const OUTBOX_WORDS: Record<OutboxName, string> = {
	webhook_deliveries: 'webhook delivery',
	emails: 'email',
	finalizations: 'finalization job',
};

export interface ReadinessSources {
	store: Store;
	clock: Clock;
	/** The background loops, by the name a message gives them; a loop absent here (mail off) is not checked. */
	workers: Array<{ name: string; health: () => LoopHealth }>;
	/** Outboxes no process of this engine serves (emails without SMTP) are left out. */
	outboxes: OutboxName[];
	/** An outbox whose oldest due item has waited longer than this is reported. */
	maxOutboxAgeMs: number;
	/** Set while the engine shuts down: its loops stop on purpose then. */
	closing: () => boolean;
}

/** Every reason the engine should not get traffic now; none: ready. */
export async function readinessProblems(sources: ReadinessSources): Promise<ReadinessProblem[]> {
	const problems: ReadinessProblem[] = [];
	const now = sources.clock.now();
	try {
		const outboxes = await withTimeLimit(readOutboxes(sources.store, now), DATABASE_TIMEOUT_MS, 'the database did not answer in time');
		for (const outbox of OUTBOXES.filter((name) => sources.outboxes.includes(name))) {
			const age = oldestAgeSeconds(outboxes[outbox], now);
			if (age * 1000 > sources.maxOutboxAgeMs)
				problems.push({
					code: 'outbox_stale',
					message: `The oldest due ${OUTBOX_WORDS[outbox]} has waited ${Math.round(age)} s (limit ${Math.round(sources.maxOutboxAgeMs / 1000)} s); ${outboxes[outbox].count} are due.`,
				});
		}
	} catch {
		// The driver's message (host, database name) is not for a public endpoint; the loops log theirs.
		problems.push({ code: 'database_unreachable', message: `The database cannot be reached, or did not answer within ${DATABASE_TIMEOUT_MS / 1000} s.` });
	}
	if (!sources.closing())
		for (const worker of sources.workers) {
			const health = worker.health();
			if (!health.running) problems.push({ code: 'worker_stopped', message: `The ${worker.name} is stopped.` });
			else if (health.consecutiveFailures >= FAILING_AFTER_PASSES)
				problems.push({
					code: 'worker_failing',
					message: `The ${worker.name} failed its last ${health.consecutiveFailures} passes (its log says why).`,
				});
		}
	return problems;
}
