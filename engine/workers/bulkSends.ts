import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToRequests } from 'node:timers/promises';
import type { SignflowService } from '../app/service';
import { ClaimHeartbeat } from '../support/claimHeartbeat';
import { PollingLoop, type LoopHealth } from '../support/pollingLoop';
import type { Signals } from '../support/signals';
import type { SweepLogger } from './sweep';

export interface BulkSendWorkerOptions {
	service: SignflowService;
	signals: Signals;
	/** Rows made at once, each in its own transaction. */
	concurrency: number;
	/** A claim lasts this long unless renewed (every third of it): how soon a stopped process's rows are taken over. */
	leaseMs: number;
	pollIntervalMs: number;
	log: SweepLogger;
}

/**
 * Makes the rows of bulk sends (app/bulkSends.ts): claims a few pending rows, makes each one's
 * workflow in its own transaction (which marks the row done), `concurrency` at a time, yielding to
 * the event loop between rows so the API stays responsive; then completes the jobs it finished.
 * With several processes, each row is made by one of them.
 */
export class BulkSendWorker {
	private readonly claimant = randomUUID();
	private readonly loop: PollingLoop;
	private stopping = false;
	private readonly kick = () => this.loop.kick();

	constructor(private readonly options: BulkSendWorkerOptions) {
		this.loop = new PollingLoop(() => this.pass(), options.pollIntervalMs, (error) =>
			options.log.error({ err: error }, 'bulk send pass failed; retrying at the next interval'),
		);
	}

	get health(): LoopHealth {
		return this.loop.health;
	}

	async start(): Promise<void> {
		await this.options.service.bulkSends.resume();
		this.options.signals.on('bulk_send', this.kick);
		this.loop.start(0);
	}

	/** Finishes the rows in progress, gives the others back, and stops. */
	async stop(): Promise<void> {
		this.stopping = true;
		this.options.signals.off('bulk_send', this.kick);
		await this.loop.stop();
		await this.options.service.bulkSends.release(this.claimant).catch((error: unknown) => this.options.log.error({ err: error }, 'could not give back bulk send rows'));
	}

	private async pass(): Promise<void> {
		const { service, concurrency, leaseMs, log } = this.options;
		const bulk = service.bulkSends;
		while (!this.stopping) {
			const rows = await bulk.claim(this.claimant, concurrency * 4, leaseMs);
			if (rows.length === 0) break;
			const heartbeat = new ClaimHeartbeat(() => bulk.renew(this.claimant, leaseMs), Math.max(100, Math.floor(leaseMs / 3)), (error) =>
				log.error({ err: error }, 'could not renew the lease of bulk send rows'),
			);
			const jobs = new Map<string, string>();
			let next = 0;
			const lane = async () => {
				while (!this.stopping && !heartbeat.lost && next < rows.length) {
					const row = rows[next++];
					jobs.set(row.bulkSendId, row.organizationId);
					// A row that could not even be tried (the database away) stays claimed and is tried again after its lease.
					await bulk.process(row, this.claimant, leaseMs).catch((error: unknown) => log.error({ err: error, bulkSendId: row.bulkSendId, row: row.index }, 'could not make a bulk send row'));
					await yieldToRequests();
				}
			};
			try {
				await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, lane));
			} finally {
				await heartbeat.stop();
			}
			for (const [bulkSendId, organizationId] of jobs) await bulk.completeIfDone(organizationId, bulkSendId);
		}
		if (!this.stopping) {
			const completed = await bulk.completeLeftOpen();
			if (completed > 0) log.info({ completed }, 'completed bulk sends left open');
		}
	}
}
