import type { OutboxClaim, WebhookConfig } from '../domain';
import type { DeliveryHandoff, HandedDelivery, HandoffBatch } from '../outbox/deliveryHandoff';

/** What the gate asks of the dispatcher behind it. */
export interface HandoffTarget {
	/** Can `webhook` take one more delivery, counting those reserved but not yet committed? */
	hasRoom(webhook: WebhookConfig, reservedForWebhook: number, reservedInAll: number): boolean;
	/** The claim a delivery written now is this process's by. */
	claim(): OutboxClaim;
	/** Committed deliveries, written claimed by this process: to be sent. */
	take(deliveries: HandedDelivery[]): void;
	/** The gate closed for some configuration: a claim pass should come and find out when it may open again. */
	closed(): void;
}

/**
 * Decides which deliveries the recorder hands straight to the dispatcher. A configuration's
 * deliveries are handed over only while no due delivery of it waits in the database, as the last
 * claim pass found, so they never overtake a backlog of pending ones. The first refusal (the
 * dispatcher had no room: the delivery is written pending) closes the gate for its
 * configuration until a claim pass that read after the refused delivery committed has taken it
 * (one that read before could not see it). Before the first claim, and after one that read a
 * full batch (anything may still be due), it is closed for all. Room is reserved while the
 * writing transaction runs and given back if that rolls back.
 */
export class HandoffGate implements DeliveryHandoff {
	private closedForAll = true;
	/** Counts closings for all and commits of refused deliveries: what a claim read before them cannot open. */
	private sequence = 0;
	/** Where `sequence` stood at the last closing for all. */
	private closedForAllAt = 0;
	/** Configurations whose refused (pending) deliveries committed, and where `sequence` stood then; until a claim read after that. */
	private readonly pendingCommittedAt = new Map<string, number>();
	/** Configurations with due deliveries in the database, as far as this process knows. */
	private closedFor = new Set<string>();
	private readonly reserved = new Map<string, number>();
	private reservedInAll = 0;

	constructor(private readonly target: HandoffTarget) {}

	isOpenFor(webhookId: string): boolean {
		return !this.closedForAll && !this.closedFor.has(webhookId);
	}

	/** No due delivery waits in the database, as far as this process knows. */
	get isOpenForAll(): boolean {
		return !this.closedForAll && this.closedFor.size === 0;
	}

	/** Taken before a claim reads the database, and given back with what it found. */
	get generation(): number {
		return this.sequence;
	}

	/**
	 * What a claim pass found. Complete (it read fewer rows than it could take): every
	 * configuration is open but those it left due deliveries of, and those it did not look at
	 * (`skipped`) stay as they were.
	 */
	claimed(generation: number, complete: boolean, leftBehind: Iterable<string>, skipped: Iterable<string>): void {
		if (!complete) return this.closeForAll();
		if (generation < this.closedForAllAt) return;
		const closed = new Set(leftBehind);
		for (const webhookId of skipped) if (!this.isOpenFor(webhookId)) closed.add(webhookId);
		for (const [webhookId, at] of this.pendingCommittedAt) {
			if (at > generation) closed.add(webhookId);
			else this.pendingCommittedAt.delete(webhookId);
		}
		this.closedForAll = false;
		this.closedFor = closed;
	}

	/** Anything may be due (deliveries made due again, a claim that failed, the dispatcher stopping). */
	closeForAll(): void {
		this.sequence += 1;
		this.closedForAllAt = this.sequence;
		if (this.closedForAll) return;
		this.closedForAll = true;
		this.target.closed();
	}

	begin(): HandoffBatch {
		const mine = new Map<string, number>();
		const refused = new Set<string>();
		let ended = false;
		const end = () => {
			if (ended) return;
			ended = true;
			for (const [webhookId, count] of mine) this.adjust(webhookId, -count);
		};
		return {
			offer: (webhook) => {
				if (this.isOpenFor(webhook.id) && this.target.hasRoom(webhook, this.reserved.get(webhook.id) ?? 0, this.reservedInAll)) {
					mine.set(webhook.id, (mine.get(webhook.id) ?? 0) + 1);
					this.adjust(webhook.id, 1);
					return this.target.claim();
				}
				refused.add(webhook.id);
				this.closeFor(webhook.id);
				return null;
			},
			committed: (accepted) => {
				end();
				if (refused.size > 0) this.pendingCommitted(refused);
				if (accepted.length > 0) this.target.take(accepted);
			},
			rolledBack: end,
		};
	}

	/** Refused deliveries are in the database now: a claim pass that read before this cannot have taken them. */
	private pendingCommitted(webhookIds: Set<string>): void {
		this.sequence += 1;
		for (const webhookId of webhookIds) {
			this.pendingCommittedAt.set(webhookId, this.sequence);
			if (!this.closedForAll) this.closedFor.add(webhookId);
		}
		this.target.closed();
	}

	private closeFor(webhookId: string): void {
		if (!this.isOpenFor(webhookId)) return;
		this.closedFor.add(webhookId);
		this.target.closed();
	}

	private adjust(webhookId: string, by: number): void {
		const count = (this.reserved.get(webhookId) ?? 0) + by;
		if (count > 0) this.reserved.set(webhookId, count);
		else this.reserved.delete(webhookId);
		this.reservedInAll += by;
	}
}
