import type { SignflowService } from '../app/service';
import { Sweep, type SweepLogger } from './sweep';

/**
 * Purges finished signing workflows once their organization's retention has passed since they
 * ended (retention.days, retention.scope), discards drafts untouched for retention.draftDays, and
 * removes Idempotency-Keys older than 24 hours and the console's expired login links and ended sessions.
 */
export class RetentionScheduler extends Sweep {
	constructor(service: SignflowService, intervalMs: number, log: SweepLogger) {
		super('retention', () => sweep(service, log), intervalMs, log);
	}
}

async function sweep(service: SignflowService, log: SweepLogger): Promise<number> {
	const purged = await service.purgeDueWorkflows();
	if (purged > 0) log.info({ purged }, 'purged signing workflows past their retention');
	const discarded = await service.discardStaleDrafts();
	if (discarded > 0) log.info({ discarded }, 'discarded drafts untouched past their retention');
	const forgotten = await service.forgetExpiredIdempotencyKeys();
	if (forgotten > 0) log.info({ forgotten }, 'removed Idempotency-Keys past their 24 hours');
	const consoleSessions = await service.console.forgetExpired();
	return purged + discarded + forgotten + consoleSessions;
}
