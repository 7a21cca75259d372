import type { SignflowService } from '../app/service';
import { Sweep, type SweepLogger } from './sweep';

/**
 * Purges finished signing workflows once their organization's retention has passed since they
 * ended (retention.days, retention.scope), and discards drafts untouched for retention.draftDays.
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
	return purged + discarded;
}
