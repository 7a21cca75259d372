import { newId, type Clock, type Delivery, type DeliveryAttempt, type WebhookConfig, type WebhookDisableCause } from '../domain';
import type { Repository } from '../store/port';
import { applyAttempt, disableReasonText, type DisablePolicy } from './outcome';
import type { SendResult } from './sender';

/** One attempt, as sent: what its outcome is computed from. */
export interface AttemptOutcome {
	delivery: Delivery;
	webhook: WebhookConfig;
	result: SendResult;
	attemptedAt: string;
}

export interface OutcomeWriterOptions {
	clock: Clock;
	/** The dispatcher's claim token: an outcome is written only while its delivery is still claimed by it. */
	claimant: string;
	disablePolicy: DisablePolicy;
	/** An outcome is waiting: a transaction should come and write it (see take). */
	requestWrite(): void;
	/** Called in the transaction that disables a configuration (`webhook` is the configuration before). */
	announceDisabled(repository: Repository, webhook: WebhookConfig, cause: WebhookDisableCause, at: string): Promise<void>;
	/** A configuration was found removed. */
	onRemoved(webhookId: string): void;
	/** Told of each attempt once its outcome is committed (metrics). */
	observer?: DeliveryObserver;
}

/** A configuration as read before the outcomes, and as they leave it. */
interface ConfigState {
	before: WebhookConfig;
	current: WebhookConfig;
	removed: boolean;
}

/** What an attempt did to its delivery: delivered, to be retried, or given up. */
export type DeliveryOutcome = 'succeeded' | 'retrying' | 'dead';

export interface DeliveryObserver {
	/**
	 * `latencyMs`, for a delivered one: from the commit that wrote the delivery (its createdAt)
	 * to the receiver's answer, as this process's clock tells it.
	 */
	attempted(webhookId: string, outcome: DeliveryOutcome, latencyMs: number | null): void;
}

/** Outcomes taken for one transaction; `applied` is what the transaction writes for each (none for a claim lost). */
export type OutcomeBatch = Array<{ outcome: AttemptOutcome; resolve: () => void; reject: (error: unknown) => void; applied?: DeliveryOutcome }>;

/**
 * Collects attempt outcomes until a transaction takes them all (group
 * commit): the dispatcher writes them in the transaction of its next claim,
 * so a burst costs one commit, with its fsync, per pass rather than per
 * attempt. Writes are multi-row. `write` resolves once its outcome is
 * committed; until then the delivery stays claimed, so it is not sent twice.
 */
export class OutcomeWriter {
	private waiting: OutcomeBatch = [];

	constructor(private readonly options: OutcomeWriterOptions) {}

	write(outcome: AttemptOutcome): Promise<void> {
		return new Promise((resolve, reject) => {
			this.waiting.push({ outcome, resolve, reject });
			this.options.requestWrite();
		});
	}

	get pending(): number {
		return this.waiting.length;
	}

	/** Everything waiting, for the caller's next transaction. */
	take(): OutcomeBatch {
		const batch = this.waiting;
		this.waiting = [];
		return batch;
	}

	/** Writes a batch in the caller's transaction. */
	async writeIn(repository: Repository, batch: OutcomeBatch): Promise<void> {
		if (batch.length > 0) await this.apply(repository, batch);
	}

	/** After the transaction: committed, or failed with `error`. */
	settle(batch: OutcomeBatch, error?: unknown): void {
		for (const entry of batch)
			if (error === undefined) {
				if (entry.applied) this.observe(entry.outcome, entry.applied);
				entry.resolve();
			} else entry.reject(error);
	}

	private observe({ delivery, webhook, result, attemptedAt }: AttemptOutcome, applied: DeliveryOutcome): void {
		const answeredAt = Date.parse(attemptedAt) + result.durationMs;
		this.options.observer?.attempted(webhook.id, applied, applied === 'succeeded' ? Math.max(0, answeredAt - Date.parse(delivery.createdAt)) : null);
	}

	/** Each outcome applied in turn to its delivery and its configuration (`configs` moves on); what disables which. */
	private applyAll(outcomes: AttemptOutcome[], configs: Map<string, ConfigState>, now: Date): { deliveries: Delivery[]; disabled: Map<string, WebhookDisableCause> } {
		const disabled = new Map<string, WebhookDisableCause>();
		const deliveries: Delivery[] = [];
		for (const { delivery, webhook, result } of outcomes) {
			const entry = configs.get(webhook.id)!;
			const applied = applyAttempt(delivery, entry.current, result, now, this.options.disablePolicy);
			entry.current = applied.webhook;
			if (applied.disable && entry.before.enabled && !disabled.has(webhook.id)) disabled.set(webhook.id, applied.disable);
			deliveries.push(applied.delivery);
		}
		return { deliveries, disabled };
	}

	private async apply(repository: Repository, batch: OutcomeBatch): Promise<void> {
		const outcomes = batch.map((entry) => entry.outcome);
		const now = this.options.clock.now();
		const at = now.toISOString();
		// Each configuration is read once (it may have changed while the attempts ran) and written once.
		const configs = new Map<string, ConfigState>();
		for (const { webhook } of outcomes)
			if (!configs.has(webhook.id)) {
				const stored = await repository.webhooks.get(webhook.organizationId, webhook.id);
				if (!stored) this.options.onRemoved(webhook.id);
				configs.set(webhook.id, { before: stored ?? webhook, current: stored ?? webhook, removed: !stored });
			}
		const attempts: DeliveryAttempt[] = outcomes.map(({ delivery, result, attemptedAt }) => ({
			id: newId(),
			deliveryId: delivery.id,
			organizationId: delivery.organizationId,
			attemptedAt,
			statusCode: result.statusCode,
			durationMs: result.durationMs,
			error: result.error,
			responseBody: result.body,
		}));
		const applied = this.applyAll(outcomes, configs, now);
		let { disabled } = applied;
		await repository.deliveries.addAttempts(attempts);
		const written = new Set(await repository.deliveries.updateMany(applied.deliveries, this.options.claimant));
		applied.deliveries.forEach((delivery, index) => {
			if (written.has(delivery.id)) batch[index].applied = delivery.status === 'pending' ? 'retrying' : (delivery.status as DeliveryOutcome);
		});
		if (written.size < outcomes.length) {
			// An attempt that went out after its claim was lost (this process stalled past its lease, another
			// took the delivery over) is logged, but its outcome is the new holder's to decide: it changes
			// neither the delivery nor the configuration's health.
			for (const entry of configs.values()) entry.current = entry.before;
			({ disabled } = this.applyAll(
				outcomes.filter(({ delivery }) => written.has(delivery.id)),
				configs,
				now,
			));
		}
		for (const [id, { before, current, removed }] of configs) {
			// A removed configuration keeps its row as it was (for its delivery log); it is sent nothing more.
			if (removed) continue;
			// Only the health fields: the whole row, as read before the attempts, would undo a change committed meanwhile.
			await repository.webhooks.updateHealth(current.organizationId, id, current);
			const cause = disabled.get(id);
			if (!cause) continue;
			await repository.webhooks.disable(current.organizationId, id, { disabledReason: disableReasonText(cause), disabledAt: at, disabledBy: 'engine', updatedAt: at });
			await this.options.announceDisabled(repository, before, cause, at);
		}
	}
}
