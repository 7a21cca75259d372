import type { Delivery, OutboxClaim, WebhookConfig } from '../domain';

/** A delivery given to the sender together with the configuration it goes to. */
export interface HandedDelivery {
	delivery: Delivery;
	webhook: WebhookConfig;
}

/**
 * Where the event recorder may give the deliveries it writes, so that they are sent as soon as
 * their transaction commits, with no claim in between. The runtime wires it to this process's
 * webhook dispatcher (the recorder knows only this port).
 */
export interface DeliveryHandoff {
	/** Opens the handoff of one transaction's deliveries. */
	begin(): HandoffBatch;
}

/** One transaction's deliveries: each offered while written, then the transaction's end. */
export interface HandoffBatch {
	/**
	 * May a delivery to `webhook` be handed over after the commit? Answers the claim to write it
	 * with (status 'delivering'), or null: write it pending, for a claim pass.
	 */
	offer(webhook: WebhookConfig): OutboxClaim | null;
	/** After the commit: the deliveries accepted by offer (written claimed), in order. */
	committed(accepted: HandedDelivery[]): void;
	/** The transaction did not commit: nothing it offered exists. */
	rolledBack(): void;
}
