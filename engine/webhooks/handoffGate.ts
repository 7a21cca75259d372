import type { WebhookConfig } from '../domain';
import type { DeliveryHandoff, HandedDelivery, HandoffBatch } from '../outbox/deliveryHandoff';

/** What the gate asks of the dispatcher behind it. */
export interface HandoffTarget {
	/** Can `webhook` take one more delivery, counting those reserved but not yet committed? */
	hasRoom(webhook: WebhookConfig, reservedForWebhook: number, reservedInAll: number): boolean;
	/** Until when a delivery written now is this process's. */
	leaseUntil(): string;
	/** Committed deliveries, written claimed by this process: to be sent. */
	take(deliveries: HandedDelivery[]): void;
	/** The gate closed: a claim pass should come and find out when it may open again. */
	closed(): void;
}

/**
 * Decides which deliveries the recorder hands straight to the dispatcher. It opens only after a
 * claim pass found no due delivery left in the database, so handed deliveries never overtake a
 * backlog of pending ones; the first refusal (the dispatcher had no room: the delivery is
 * written pending) closes it again until a claim pass has taken what was refused. Room is
 * reserved while the writing transaction runs and given back if it rolls back.
 */
export class HandoffGate implements DeliveryHandoff {
	private open = false;
	private readonly reserved = new Map<string, number>();
	private reservedInAll = 0;

	constructor(private readonly target: HandoffTarget) {}

	get isOpen(): boolean {
		return this.open;
	}

	/** A claim pass took every due delivery it looked at. */
	drained(): void {
		this.open = true;
	}

	/** Due deliveries wait in the database (or the dispatcher stops). */
	close(): void {
		if (!this.open) return;
		this.open = false;
		this.target.closed();
	}

	begin(): HandoffBatch {
		const mine = new Map<string, number>();
		let ended = false;
		const end = () => {
			if (ended) return;
			ended = true;
			for (const [webhookId, count] of mine) this.adjust(webhookId, -count);
		};
		return {
			offer: (webhook) => {
				if (this.open && this.target.hasRoom(webhook, this.reserved.get(webhook.id) ?? 0, this.reservedInAll)) {
					mine.set(webhook.id, (mine.get(webhook.id) ?? 0) + 1);
					this.adjust(webhook.id, 1);
					return this.target.leaseUntil();
				}
				this.close();
				return null;
			},
			committed: (accepted) => {
				end();
				if (accepted.length > 0) this.target.take(accepted);
			},
			rolledBack: end,
		};
	}

	private adjust(webhookId: string, by: number): void {
		const count = (this.reserved.get(webhookId) ?? 0) + by;
		if (count > 0) this.reserved.set(webhookId, count);
		else this.reserved.delete(webhookId);
		this.reservedInAll += by;
	}
}
