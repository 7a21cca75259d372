import { SYSTEM_ACTOR, durationMs, newId, type Clock, type WebhookConfig } from '../domain';
import type { Delivery } from '../domain';
import { queueAdminAlert } from '../outbox/emails';
import type { EventRecorder } from '../outbox/recorder';
import type { SecretBox } from '../security/secretBox';
import type { Repository, Store } from '../store/port';
import { PollingLoop } from '../support/pollingLoop';
import type { Signals } from '../support/signals';
import { packageVersion } from '../support/version';
import { applyAttempt, type DisablePolicy } from './outcome';
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

/**
 * Sends the webhook outbox. Each pass claims due deliveries (with a lease, so
 * a crashed process's claims come back), at most so many in flight overall
 * and per configuration, and sends them concurrently; each attempt is logged
 * and its outcome applied in one transaction.
 */
interface AttemptOutcome {
	delivery: Delivery;
	webhook: WebhookConfig;
	result: SendResult;
	attemptedAt: string;
}

/** How long claimed deliveries stay this process's: longer than any batch it claims can take. */
const LEASE_MS = 10 * 60_000;
/** At most this many claimed, not yet finished deliveries in memory. */
const MAX_BACKLOG = 1000;
/** Group commit of attempt outcomes: wait this long for more, unless this many are already waiting. */
const GROUP_COMMIT_WAIT_MS = 5;
const GROUP_COMMIT_SIZE = 64;

export class WebhookDispatcher {
	private readonly loop: PollingLoop;
	private readonly outcomes: Array<{ outcome: AttemptOutcome; resolve: () => void; reject: (error: unknown) => void }> = [];
	private writing: Promise<void> | null = null;
	/** Claimed deliveries waiting for a free connection, per configuration. */
	private readonly queues = new Map<string, Array<{ delivery: Delivery; webhook: WebhookConfig }>>();
	private readonly sending = new Map<string, number>();
	private readonly running = new Set<Promise<void>>();
	private backlog = 0;
	private inFlight = 0;
	private readonly wake = () => this.loop.kick();

	constructor(private readonly options: DispatcherOptions) {
		this.loop = new PollingLoop(() => this.pass(), options.pollIntervalMs, (error) =>
			options.log.error({ err: error }, 'webhook pass failed'),
		);
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
		await this.loop.stop();
		this.queues.clear();
		await Promise.allSettled([...this.running]);
		await this.options.sender.close();
	}

	/**
	 * Claims due deliveries in large batches (one transaction for many, so a
	 * burst of events does not starve delivery) and queues them per
	 * configuration; requests go out at most so many at once overall and per
	 * configuration. A configuration gets no more than it can send within the
	 * lease even if every attempt ran to its timeout.
	 */
	private async pass(): Promise<void> {
		const room = MAX_BACKLOG - this.backlog;
		if (room <= 0) return;
		const now = this.options.clock.now();
		const claimed = await this.options.store.transaction((repository) =>
			repository.deliveries.claimDue(now.toISOString(), new Date(now.getTime() + LEASE_MS).toISOString(), room, (webhook) => {
				const rounds = Math.max(1, Math.floor(LEASE_MS / (durationMs(webhook.timeout) + 1000)));
				return this.options.maxInFlightPerWebhook * rounds - (this.queues.get(webhook.id)?.length ?? 0) - (this.sending.get(webhook.id) ?? 0);
			}),
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
		for (const [webhookId, queue] of this.queues) {
			while (queue.length > 0 && this.inFlight < this.options.maxInFlight && (this.sending.get(webhookId) ?? 0) < this.options.maxInFlightPerWebhook) {
				const { delivery, webhook } = queue.shift()!;
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
						if (this.backlog < MAX_BACKLOG / 2) this.loop.kick();
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
		await this.storeResult({ delivery, webhook, result, attemptedAt });
	}

	/** The body and headers of one attempt: Standard Webhooks headers, signed with the configuration's secret. */
	private request(delivery: Delivery, webhook: WebhookConfig): { body: string; headers: Record<string, string> } {
		const { secrets } = this.options;
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
			...(JSON.parse(secrets.open(webhook.headersSealed)) as Record<string, string>),
			'content-type': 'application/json',
			'user-agent': USER_AGENT,
			'x-organization-id': webhook.organizationId,
			'webhook-id': delivery.id,
			'webhook-timestamp': String(timestamp),
		};
		if (webhook.authType === 'hmac' && webhook.secretSealed)
			headers['webhook-signature'] = standardWebhookSignature(secrets.open(webhook.secretSealed), delivery.id, timestamp, body);
		if (webhook.authType === 'basic' && webhook.secretSealed)
			headers.authorization = `Basic ${Buffer.from(`${webhook.authUsername}:${secrets.open(webhook.secretSealed)}`).toString('base64')}`;

		return { body, headers };
	}

	/**
	 * Outcomes are stored in batches: whatever finished while the previous batch
	 * was being written goes into the next transaction (group commit), so a
	 * burst costs a few transactions, not one per delivery.
	 */
	private storeResult(outcome: AttemptOutcome): Promise<void> {
		return new Promise((resolve, reject) => {
			this.outcomes.push({ outcome, resolve, reject });
			this.writing ??= this.writeOutcomes().finally(() => {
				this.writing = null;
			});
		});
	}

	private async writeOutcomes(): Promise<void> {
		while (this.outcomes.length > 0) {
			// A few milliseconds let the answers arriving meanwhile share the transaction (and its fsync).
			if (this.outcomes.length < GROUP_COMMIT_SIZE) await new Promise((resolve) => setTimeout(resolve, GROUP_COMMIT_WAIT_MS));
			const batch = this.outcomes.splice(0);
			try {
				await this.options.store.transaction((repository) => this.applyOutcomes(repository, batch.map((entry) => entry.outcome)));
				for (const entry of batch) entry.resolve();
			} catch (error) {
				for (const entry of batch) entry.reject(error);
			}
		}
	}

	private async applyOutcomes(repository: Repository, outcomes: AttemptOutcome[]): Promise<void> {
		const now = this.options.clock.now();
		const at = now.toISOString();
		// Each configuration is read once (it may have changed while the attempts ran) and written once.
		const configs = new Map<string, { before: WebhookConfig; current: WebhookConfig }>();
		for (const { webhook } of outcomes)
			if (!configs.has(webhook.id)) {
				const stored = (await repository.webhooks.get(webhook.organizationId, webhook.id)) ?? webhook;
				configs.set(webhook.id, { before: stored, current: stored });
			}
		const disabled = new Map<string, string>();
		for (const { delivery, webhook, result, attemptedAt } of outcomes) {
			const entry = configs.get(webhook.id)!;
			const applied = applyAttempt(delivery, entry.current, result, now, this.options.disablePolicy);
			entry.current = applied.webhook;
			if (applied.disable && entry.before.enabled && !disabled.has(webhook.id)) disabled.set(webhook.id, applied.disable);
			await repository.deliveries.addAttempt({
				id: newId(),
				deliveryId: delivery.id,
				organizationId: delivery.organizationId,
				attemptedAt,
				statusCode: result.statusCode,
				durationMs: result.durationMs,
				error: result.error,
				responseBody: result.body,
			});
			await repository.deliveries.update(applied.delivery);
		}
		for (const [id, { before, current }] of configs) {
			const reason = disabled.get(id);
			await repository.webhooks.update(
				reason ? { ...current, enabled: false, disabledReason: reason, disabledAt: at, disabledBy: 'engine', updatedAt: at } : current,
			);
			if (reason) await this.announceDisabled(repository, before, reason, at);
		}
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
