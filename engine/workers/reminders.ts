import type { SignflowService } from '../app/service';
import { PollingLoop, type LoopHealth } from '../support/pollingLoop';

interface Logger {
	error(object: unknown, message: string): void;
	info(object: unknown, message: string): void;
}

const BATCH = 100;

/**
 * Sends the automatic reminders that are due (app/reminders.ts). It polls one indexed query, so a
 * reminder goes out within one interval of its time, including on a test clock moved by hand; with
 * several engine processes, each due reminder is sent by one of them.
 */
export class ReminderScheduler {
	private readonly loop: PollingLoop;

	constructor(
		private readonly service: SignflowService,
		private readonly intervalMs: number,
		private readonly log: Logger,
	) {
		this.loop = new PollingLoop(() => this.sendDue(), intervalMs, (error) => log.error({ err: error }, 'reminder pass failed; retrying at the next interval'));
	}

	get health(): LoopHealth {
		return this.loop.health;
	}

	start(): void {
		this.loop.start(this.intervalMs);
	}

	stop(): Promise<void> {
		return this.loop.stop();
	}

	/** One pass outside the loop; a failure is logged. */
	async tick(): Promise<number> {
		try {
			return await this.sendDue();
		} catch (error) {
			this.log.error({ err: error }, 'reminder pass failed; retrying at the next interval');
			return 0;
		}
	}

	private async sendDue(): Promise<number> {
		let total = 0;
		for (;;) {
			const { seen, sent } = await this.service.sendDueReminders(BATCH);
			total += sent;
			// A full batch where nothing went out (all moved by another process or dropped) waits for the next pass.
			if (seen < BATCH || sent === 0) break;
		}
		if (total > 0) this.log.info({ reminded: total }, 'sent automatic reminders');
		return total;
	}
}
