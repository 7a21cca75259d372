// workers/ holds the engine's background loops that are not delivery: expiry, reminders, retention.
// The outbox workers stay beside what they deliver: finalize/, mail/, webhooks/.
import { PollingLoop, type LoopHealth } from '../support/pollingLoop';

export interface SweepLogger {
	error(object: unknown, message: string): void;
	info(object: unknown, message: string): void;
}

/**
 * A loop that sweeps what has come due (one indexed query a pass, so polling is cheap): a deadline
 * is met within one interval whatever the clock says, including a test clock moved by hand. Each
 * sweep re-checks its rows under their locks, so several processes on one database do each thing once.
 */
export class Sweep {
	private readonly loop: PollingLoop;

	constructor(
		/** What a failed pass is called in the log: "expiry", "reminder", "retention". */
		private readonly name: string,
		/** One pass: how many things it did (the pass logs what it did). */
		private readonly pass: () => Promise<number>,
		private readonly intervalMs: number,
		private readonly log: SweepLogger,
	) {
		this.loop = new PollingLoop(pass, intervalMs, (error) => log.error({ err: error }, `${name} pass failed; retrying at the next interval`));
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
			return await this.pass();
		} catch (error) {
			this.log.error({ err: error }, `${this.name} pass failed; retrying at the next interval`);
			return 0;
		}
	}
}
