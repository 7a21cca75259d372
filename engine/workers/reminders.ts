import type { SignflowService } from '../app/service';
import { Sweep, type SweepLogger } from './sweep';

const BATCH = 100;

/** Sends the automatic reminders that are due (app/reminders.ts); with several processes, each is sent by one of them. */
export class ReminderScheduler extends Sweep {
	constructor(service: SignflowService, intervalMs: number, log: SweepLogger) {
		super('reminder', () => sendDue(service, log), intervalMs, log);
	}
}

async function sendDue(service: SignflowService, log: SweepLogger): Promise<number> {
	let total = 0;
	for (;;) {
		const { seen, sent } = await service.sendDueReminders(BATCH);
		total += sent;
		// A full batch where nothing went out (all moved by another process or dropped) waits for the next pass.
		if (seen < BATCH || sent === 0) break;
	}
	if (total > 0) log.info({ reminded: total }, 'sent automatic reminders');
	return total;
}
