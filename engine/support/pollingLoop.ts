/** What a loop tells readiness checks: whether it runs, and whether its passes keep failing. */
export interface LoopHealth {
	running: boolean;
	/** Passes that threw in a row (0 after one that did not); the loop's onError logs why. */
	consecutiveFailures: number;
}

/**
 * Runs one pass of background work, then waits, then runs again, until
 * stopped; stop() waits for a pass in progress. kick() runs the next pass at
 * once (right after the current one, when one is running). Its timers never
 * keep the process alive on their own.
 */
export class PollingLoop {
	private timer: NodeJS.Timeout | null = null;
	private running: Promise<unknown> | null = null;
	private again = false;
	private failures = 0;

	constructor(
		private readonly pass: () => Promise<unknown>,
		private readonly intervalMs: number,
		/** A pass that throws is reported here; the loop goes on. */
		private readonly onError: (error: unknown) => void = () => undefined,
	) {}

	get health(): LoopHealth {
		return { running: this.timer !== null, consecutiveFailures: this.failures };
	}

	start(firstDelayMs = 0): void {
		if (!this.timer) this.schedule(firstDelayMs);
	}

	async stop(): Promise<void> {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		await this.running;
	}

	kick(): void {
		if (!this.timer) return;
		if (this.running) {
			this.again = true;
			return;
		}
		clearTimeout(this.timer);
		this.schedule(0);
	}

	private schedule(delay: number): void {
		this.timer = setTimeout(() => {
			this.running = this.pass()
				.then(
					() => {
						this.failures = 0;
					},
					(error: unknown) => {
						this.failures += 1;
						this.onError(error);
					},
				)
				.finally(() => {
					this.running = null;
					if (!this.timer) return;
					this.schedule(this.again ? 0 : this.intervalMs);
					this.again = false;
				});
		}, delay).unref();
	}
}
