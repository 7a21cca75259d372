import type { SignflowService } from './service';

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
	private timer: NodeJS.Timeout | null = null;
	private running: Promise<unknown> | null = null;

	constructor(
		private readonly service: SignflowService,
		private readonly intervalMs: number,
		private readonly log: Logger,
	) {}

	start(): void {
		if (this.timer) return;
		const loop = () => {
			this.running = this.tick().finally(() => {
				this.running = null;
				if (this.timer) this.timer = setTimeout(loop, this.intervalMs).unref();
			});
		};
		this.timer = setTimeout(loop, this.intervalMs).unref();
	}

	async stop(): Promise<void> {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		await this.running;
	}

	/** One pass: expires every due workflow, in batches. */
	async tick(): Promise<number> {
		let total = 0;
		try {
			for (;;) {
				const expired = await this.service.expireDueWorkflows(100);
				total += expired;
				if (expired < 100) break;
			}
			if (total > 0) this.log.info({ expired: total }, 'expired signing workflows');
		} catch (error) {
			this.log.error({ err: error }, 'expiry pass failed; retrying at the next interval');
		}
		return total;
	}
}
