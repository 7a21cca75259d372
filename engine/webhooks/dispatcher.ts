import { SYSTEM_ACTOR, durationMs, type Clock, type WebhookConfig } from '../domain';
import type { Delivery } from '../domain';
import { queueAdminAlert } from '../outbox/emails';
import type { EventRecorder } from '../outbox/recorder';
import type { SecretBox } from '../security/secretBox';
import type { Repository, Store } from '../store/port';
import { PollingLoop } from '../support/pollingLoop';
import type { Signals } from '../support/signals';
import { packageVersion } from '../support/version';
import { ConfigSecrets } from './configSecrets';
import type { DisablePolicy } from './outcome';
import { OutcomeWriter } from './outcomeWriter';
import type { SendResult, WebhookSender } from './sender';
import { standardWebhookSignature } from './signature';

interface Logger {
	error(object: unknown, message: string): void;
	warn(object: unknown, message: string): void;
}

export interface DispatcherOptions {
	store: Store;
	clock: Clock;
	sender: WebhookSender;
	secrets: SecretBox;
	recorder: EventRecorder;
	/** Emits 'deliveries' after new deliveries are committed. */
	signals: Signals;
	mailEnabled: boolean;
	maxInFlight: number;
	maxInFlightPerWebhook: number;
	pollIntervalMs: number;
	disablePolicy: DisablePolicy;
	log: Logger;
}

const USER_AGENT = `Signflow-Webhooks/${packageVersion()}`;

/** How long claimed deliveries stay this process's: longer than any batch it claims can take. */
const LEASE_MS = 10 * 60_000;
/** At most this many claimed, not yet finished deliveries in memory. */
const MAX_BACKLOG = 1000;
/**
 * Wake-ups (a commit that wrote deliveries, a queue running low) start a pass at most this often:
 * during a burst one claim, with its commit, takes the events of several API requests.
 */
const CLAIM_GAP_MS = 20;
/** A configuration's queue is refilled when it runs down to this many per connection. */
const LOW_WATER_PER_CONNECTION = 4;

/**
 * Sends the webhook outbox. Each pass claims due deliveries (with a lease, so
 * a crashed process's claims come back), at most so many in flight overall
 * and per configuration, and sends them concurrently; each attempt is logged
 * and its outcome applied in batches (see OutcomeWriter).
 */
export class WebhookDispatcher {
	private readonly loop: PollingLoop;
	private readonly outcomes: OutcomeWriter;
	private readonly opened: ConfigSecrets;
	/** Claimed deliveries waiting for a free connection, per configuration. */
	private readonly queues = new Map<string, Array<{ delivery: Delivery; webhook: WebhookConfig }>>();
	private readonly sending = new Map<string, number>();
	/** How many deliveries of a configuration this process may hold at once (see pass), as of its last claim. */
	private readonly caps = new Map<string, number>();
	private readonly running = new Set<Promise<void>>();
	private backlog = 0;
	private inFlight = 0;
	private lastPassAt = 0;
	private wakeTimer: NodeJS.Timeout | null = null;
	private readonly wake = () => {
		if (this.wakeTimer) return;
		const wait = this.lastPassAt + CLAIM_GAP_MS - Date.now();
		if (wait <= 0) {
			this.loop.kick();
			return;
		}
		this.wakeTimer = setTimeout(() => {
			this.wakeTimer = null;
			this.loop.kick();
		}, wait).unref();
	};

	constructor(private readonly options: DispatcherOptions) {
		this.loop = new PollingLoop(() => this.pass(), options.pollIntervalMs, (error) =>
			options.log.error({ err: error }, 'webhook pass failed'),
		);
		this.opened = new ConfigSecrets(options.secrets);
		this.outcomes = new OutcomeWriter({
			store: options.store,
			clock: options.clock,
			disablePolicy: options.disablePolicy,
			announceDisabled: (repository, webhook, reason, at) => this.announceDisabled(repository, webhook, reason, at),
			onRemoved: (webhookId) => this.opened.forget(webhookId),
		});
	}

	async start(): Promise<void> {
		// With SQLite this process is the only one: whatever was in flight when it last stopped was cut off.
		if (this.options.store.dialect === 'sqlite')
			await this.options.store.transaction((repository) => repository.deliveries.releaseClaims());
		this.options.signals.on('deliveries', this.wake);
		this.loop.start();
	}

	async stop(): Promise<void> {
		this.options.signals.off('deliveries', this.wake);
		if (this.wakeTimer) clearTimeout(this.wakeTimer);
		this.wakeTimer = null;
		await this.loop.stop();
		this.queues.clear();
		await Promise.allSettled([...this.running]);
		await this.outcomes.flushed();
		await this.options.sender.close();
	}

	/**
	 * Claims due deliveries in large batches (one transaction for many, so a
	 * burst of events does not starve delivery) and queues them per
	 * configuration; requests go out at most so many at once overall and per
	 * configuration. A configuration gets no more than it can send within the
	 * lease even if every attempt ran to its timeout; one that has that many
	 * already is left out of the claim's query.
	 */
	private async pass(): Promise<void> {
		this.lastPassAt = Date.now();
		const room = MAX_BACKLOG - this.backlog;
		if (room <= 0) return;
		const held = (webhookId: string) => (this.queues.get(webhookId)?.length ?? 0) + (this.sending.get(webhookId) ?? 0);
		const full = [...this.caps].filter(([webhookId, cap]) => held(webhookId) >= cap).map(([webhookId]) => webhookId);
		const now = this.options.clock.now();
		const claimed = await this.options.store.transaction((repository) =>
			repository.deliveries.claimDue(
				now.toISOString(),
				new Date(now.getTime() + LEASE_MS).toISOString(),
				room,
				(webhook) => {
					const rounds = Math.max(1, Math.floor(LEASE_MS / (durationMs(webhook.timeout) + 1000)));
					const cap = this.options.maxInFlightPerWebhook * rounds;
					this.caps.set(webhook.id, cap);
					return cap - held(webhook.id);
				},
				full,
			),
		);
		for (const item of claimed) {
			this.backlog += 1;
			const queue = this.queues.get(item.webhook.id) ?? [];
			queue.push(item);
			this.queues.set(item.webhook.id, queue);
		}
		this.pump();
	}

	/** Starts as many queued deliveries as the limits allow. */
	private pump(): void {
		const lowWater = this.options.maxInFlightPerWebhook * LOW_WATER_PER_CONNECTION;
		for (const [webhookId, queue] of this.queues) {
			while (queue.length > 0 && this.inFlight < this.options.maxInFlight && (this.sending.get(webhookId) ?? 0) < this.options.maxInFlightPerWebhook) {
				const { delivery, webhook } = queue.shift()!;
				// Refill before the queue runs dry, so the connections keep busy while the claim commits.
				if (queue.length === lowWater) this.wake();
				this.inFlight += 1;
				this.sending.set(webhookId, (this.sending.get(webhookId) ?? 0) + 1);
				// The connection is free again as soon as the answer is in; the outcome is stored after.
				const freeSlot = () => {
					this.inFlight -= 1;
					this.sending.set(webhookId, (this.sending.get(webhookId) ?? 1) - 1);
					this.pump();
				};
				const job = this.deliver(delivery, webhook, freeSlot)
					.catch((error: unknown) => this.options.log.error({ err: error, deliveryId: delivery.id }, 'webhook delivery failed'))
					.finally(() => {
						this.backlog -= 1;
						this.running.delete(job);
						if (this.backlog === MAX_BACKLOG / 2 - 1) this.wake();
						if (!this.queues.has(webhookId) && !this.sending.get(webhookId)) {
							this.sending.delete(webhookId);
							this.caps.delete(webhookId);
						}
					});
				this.running.add(job);
			}
			if (queue.length === 0) this.queues.delete(webhookId);
		}
	}

	private async deliver(delivery: Delivery, webhook: WebhookConfig, freeSlot: () => void): Promise<void> {
		let result: SendResult;
		const attemptedAt = this.options.clock.now().toISOString();
		try {
			const request = this.request(delivery, webhook);
			result = await this.options.sender.send(webhook.url, request.headers, request.body, durationMs(webhook.timeout));
		} finally {
			freeSlot();
		}
		// Until its outcome is stored the delivery stays claimed by this process, so it is not sent twice.
		await this.outcomes.write({ delivery, webhook, result, attemptedAt });
	}

	/** The body and headers of one attempt: Standard Webhooks headers, signed with the configuration's secret. */
	private request(delivery: Delivery, webhook: WebhookConfig): { body: string; headers: Record<string, string> } {
		const { secret, headers: custom } = this.opened.of(webhook);
		const body = JSON.stringify({
			event: delivery.payload.event,
			uri: delivery.payload.uri,
			retryCount: delivery.totalAttempts,
			configurationId: webhook.id,
			apiVersion: delivery.payload.apiVersion,
			generatedDateTime: delivery.payload.generatedDateTime,
			data: delivery.payload.data,
		});
		const timestamp = Math.floor(this.options.clock.now().getTime() / 1000);
		const headers: Record<string, string> = {
			...custom,
			'content-type': 'application/json',
			'user-agent': USER_AGENT,
			'x-organization-id': webhook.organizationId,
			'webhook-id': delivery.id,
			'webhook-timestamp': String(timestamp),
		};
		if (webhook.authType === 'hmac' && secret !== null)
			headers['webhook-signature'] = standardWebhookSignature(secret, delivery.id, timestamp, body);
		if (webhook.authType === 'basic' && secret !== null)
			headers.authorization = `Basic ${Buffer.from(`${webhook.authUsername}:${secret}`).toString('base64')}`;

		return { body, headers };
	}

	/** webhook.disabled to the organization's other configurations, and an alert to its admin. */
	private async announceDisabled(
		repository: Repository,
		webhook: WebhookConfig,
		reason: string,
		at: string,
	): Promise<void> {
		this.options.log.warn({ webhookId: webhook.id, reason }, 'webhook configuration disabled');
		await this.options.recorder.record(repository, {
			organizationId: webhook.organizationId,
			events: [{ type: 'webhook.disabled', workflowId: null, data: { webhookId: webhook.id, name: webhook.name, url: webhook.url, reason } }],
			context: { actor: SYSTEM_ACTOR, ip: null, userAgent: null },
			at,
		});
		if (this.options.mailEnabled)
			await queueAdminAlert(
				repository,
				{
					organizationId: webhook.organizationId,
					workflowId: null,
					data: { webhookId: webhook.id, webhookName: webhook.name, url: webhook.url, reason },
					kind: 'webhook_disabled',
				},
				at,
			);
	}
}
