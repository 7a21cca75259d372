import type { SignflowService } from '../app/service';
import { PollingLoop, type LoopHealth } from '../support/pollingLoop';

interface Logger {
	error(object: unknown, message: string): void;
	info(object: unknown, message: string): void;
}

/**
 * Purges finished signing workflows once their organization's retention has passed since they
 * ended (organization settings: retention.days, retention.scope). Like expiry it polls, so a test
 * clock moved forward by hand is honoured within one interval. The same pass discards drafts
 * nobody changed for retention.draftDays. Several processes on one
 * PostgreSQL database may sweep at once: each purge re-checks the workflow under its row lock,
 * so each workflow is purged once (and each draft discarded once).
 */
export class RetentionScheduler {
	private readonly loop: PollingLoop;

	constructor(
		private readonly service: SignflowService,
		private readonly intervalMs: number,
		private readonly log: Logger,
	) {
		this.loop = new PollingLoop(() => this.purgeDue(), intervalMs, (error) => log.error({ err: error }, 'retention pass failed; retrying at the next interval'));
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

	private async purgeDue(): Promise<number> {
		const purged = await this.service.purgeDueWorkflows();
		if (purged > 0) this.log.info({ purged }, 'purged signing workflows past their retention');
		const discarded = await this.service.discardStaleDrafts();
		if (discarded > 0) this.log.info({ discarded }, 'discarded drafts untouched past their retention');
		return purged + discarded;
	}
}
