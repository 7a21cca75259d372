// workers/ holds the engine's background loops that are not delivery (expiry, reminders.ts; retention
// belongs here too). The outbox workers stay beside what they deliver: finalize/, mail/, webhooks/.
import type { SignflowService } from '../app/service';
import { PollingLoop, type LoopHealth } from '../support/pollingLoop';

interface Logger {
	error(object: unknown, message: string): void;
	info(object: unknown, message: string): void;
}

/**
 * Moves sent workflows past their expiresAt to expired. It polls (cheap: one
 * indexed query) so a deadline is met within one interval whatever the clock
 * says, including a test clock moved forward by hand.
 */
export class ExpiryScheduler {
	private readonly loop: PollingLoop;

	constructor(
		private readonly service: SignflowService,
		private readonly intervalMs: number,
		private readonly log: Logger,
	) {
		this.loop = new PollingLoop(() => this.expireDue(), intervalMs, (error) => log.error({ err: error }, 'expiry pass failed; retrying at the next interval'));
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

	/** One pass outside the loop: expires every due workflow, in batches; a failure is logged. */
	async tick(): Promise<number> {
		try {
			return await this.expireDue();
		} catch (error) {
			this.log.error({ err: error }, 'expiry pass failed; retrying at the next interval');
			return 0;
		}
	}

	/** The loop's pass: a failure is the loop's (its health counts it). */
	private async expireDue(): Promise<number> {
		let total = 0;
		for (;;) {
			const expired = await this.service.expireDueWorkflows(100);
			total += expired;
			if (expired < 100) break;
		}
		if (total > 0) this.log.info({ expired: total }, 'expired signing workflows');
		return total;
	}
}
