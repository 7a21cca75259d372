import type { SignflowService } from '../app/service';
import { Sweep, type SweepLogger } from './sweep';

const BATCH = 100;

/** Moves sent workflows past their expiresAt to expired. */
export class ExpiryScheduler extends Sweep {
	constructor(service: SignflowService, intervalMs: number, log: SweepLogger) {
		super('expiry', () => expireDue(service, log), intervalMs, log);
	}
}

async function expireDue(service: SignflowService, log: SweepLogger): Promise<number> {
	let total = 0;
	for (;;) {
		const expired = await service.expireDueWorkflows(BATCH);
		total += expired;
		if (expired < BATCH) break;
	}
	if (total > 0) log.info({ expired: total }, 'expired signing workflows');
	return total;
}
