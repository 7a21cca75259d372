import { newId, type Clock, type Delivery, type DeliveryAttempt, type WebhookConfig } from '../domain';
import type { Repository, Store } from '../store/port';
import { applyAttempt, type DisablePolicy } from './outcome';
import type { SendResult } from './sender';

/** One attempt, as sent: what its outcome is computed from. */
export interface AttemptOutcome {
	delivery: Delivery;
	webhook: WebhookConfig;
	result: SendResult;
	attemptedAt: string;
}

export interface OutcomeWriterOptions {
	store: Store;
	clock: Clock;
	disablePolicy: DisablePolicy;
	/** Called in the transaction that disables a configuration (`webhook` is the configuration before). */
	announceDisabled(repository: Repository, webhook: WebhookConfig, reason: string, at: string): Promise<void>;
	/** A configuration was found removed. */
	onRemoved(webhookId: string): void;
}

/**
 * A batch waits this long for more outcomes, unless this many are already waiting. Waiting delays
 * only the bookkeeping (the receiver has its request already; the delivery stays claimed, so it is
 * not sent twice meanwhile) and lets one commit, with its fsync, cover a burst's worth of attempts.
 */
const BATCH_WAIT_MS = 20;
const BATCH_SIZE = 500;

/**
 * Stores attempt outcomes in batches (group commit): whatever finished while
 * the previous batch was being written goes into the next transaction, with
 * multi-row writes. `write` resolves once its outcome is committed.
 */
export class OutcomeWriter {
	private readonly waiting: Array<{ outcome: AttemptOutcome; resolve: () => void; reject: (error: unknown) => void }> = [];
	private writing: Promise<void> | null = null;
	/** Ends the wait for more outcomes. */
	private batchFull: (() => void) | null = null;

	constructor(private readonly options: OutcomeWriterOptions) {}

	write(outcome: AttemptOutcome): Promise<void> {
		return new Promise((resolve, reject) => {
			this.waiting.push({ outcome, resolve, reject });
			if (this.waiting.length >= BATCH_SIZE) this.batchFull?.();
			this.writing ??= this.drain().finally(() => {
				this.writing = null;
			});
		});
	}

	/** Resolves when every outcome handed in so far is stored (or failed). */
	async flushed(): Promise<void> {
		while (this.writing) await this.writing;
	}

	private async drain(): Promise<void> {
		while (this.waiting.length > 0) {
			if (this.waiting.length < BATCH_SIZE) await this.moreOrTimeout();
			const batch = this.waiting.splice(0, BATCH_SIZE);
			try {
				await this.options.store.transaction((repository) => this.apply(repository, batch.map((entry) => entry.outcome)));
				for (const entry of batch) entry.resolve();
			} catch (error) {
				for (const entry of batch) entry.reject(error);
			}
		}
	}

	/** Waits BATCH_WAIT_MS, or less once a full batch is waiting. */
	private moreOrTimeout(): Promise<void> {
		return new Promise((resolve) => {
			const done = () => {
				clearTimeout(timer);
				this.batchFull = null;
				resolve();
			};
			const timer = setTimeout(done, BATCH_WAIT_MS);
			this.batchFull = done;
		});
	}

	private async apply(repository: Repository, outcomes: AttemptOutcome[]): Promise<void> {
		const now = this.options.clock.now();
		const at = now.toISOString();
		// Each configuration is read once (it may have changed while the attempts ran) and written once.
		const configs = new Map<string, { before: WebhookConfig; current: WebhookConfig; removed: boolean }>();
		for (const { webhook } of outcomes)
			if (!configs.has(webhook.id)) {
				const stored = await repository.webhooks.get(webhook.organizationId, webhook.id);
				if (!stored) this.options.onRemoved(webhook.id);
				configs.set(webhook.id, { before: stored ?? webhook, current: stored ?? webhook, removed: !stored });
			}
		const disabled = new Map<string, string>();
		const attempts: DeliveryAttempt[] = [];
		const deliveries: Delivery[] = [];
		for (const { delivery, webhook, result, attemptedAt } of outcomes) {
			const entry = configs.get(webhook.id)!;
			const applied = applyAttempt(delivery, entry.current, result, now, this.options.disablePolicy);
			entry.current = applied.webhook;
			if (applied.disable && entry.before.enabled && !disabled.has(webhook.id)) disabled.set(webhook.id, applied.disable);
			attempts.push({
				id: newId(),
				deliveryId: delivery.id,
				organizationId: delivery.organizationId,
				attemptedAt,
				statusCode: result.statusCode,
				durationMs: result.durationMs,
				error: result.error,
				responseBody: result.body,
			});
			deliveries.push(applied.delivery);
		}
		await repository.deliveries.addAttempts(attempts);
		await repository.deliveries.updateMany(deliveries);
		for (const [id, { before, current, removed }] of configs) {
			// A removed configuration keeps its row as it was (for its delivery log); it is sent nothing more.
			if (removed) continue;
			// Only the health fields: the whole row, as read before the attempts, would undo a change committed meanwhile.
			await repository.webhooks.updateHealth(current.organizationId, id, current);
			const reason = disabled.get(id);
			if (!reason) continue;
			await repository.webhooks.disable(current.organizationId, id, { disabledReason: reason, disabledAt: at, disabledBy: 'engine', updatedAt: at });
			await this.options.announceDisabled(repository, before, reason, at);
		}
	}
}
