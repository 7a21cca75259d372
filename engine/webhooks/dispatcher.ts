import type { EventEmitter } from 'node:events';
import { SYSTEM_ACTOR, durationMs, newId, type Clock, type WebhookConfig } from '../domain';
import { PollingLoop } from '../pollingLoop';
import type { EventRecorder } from '../recorder';
import type { SecretBox } from '../security/secretBox';
import type { Delivery, Repository, Store } from '../store/port';
import { packageVersion } from '../version';
import { applyAttempt, type DisablePolicy } from './outcome';
import type { WebhookSender } from './sender';
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
	signals: EventEmitter;
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
export class WebhookDispatcher {
	private readonly loop: PollingLoop;
	private readonly inFlight = new Map<string, number>();
	private readonly running = new Set<Promise<void>>();
	private total = 0;
	private readonly wake = () => this.loop.kick();

	constructor(private readonly options: DispatcherOptions) {
		this.loop = new PollingLoop(() => this.pass(), options.pollIntervalMs, (error) =>
			options.log.error({ err: error }, 'webhook pass failed'),
		);
	}

	start(): void {
		this.options.signals.on('deliveries', this.wake);
		this.loop.start();
	}

	async stop(): Promise<void> {
		this.options.signals.off('deliveries', this.wake);
		await this.loop.stop();
		await Promise.allSettled([...this.running]);
		await this.options.sender.close();
	}

	private async pass(): Promise<void> {
		const capacity = this.options.maxInFlight - this.total;
		if (capacity <= 0) return;
		const now = this.options.clock.now();
		// The lease outlasts the longest allowed attempt (60 s) with room to spare.
		const leaseUntil = new Date(now.getTime() + 120_000).toISOString();
		const claimed = await this.options.store.transaction((repository) =>
			repository.deliveries.claimDue(
				now.toISOString(),
				leaseUntil,
				capacity,
				(webhookId) => this.options.maxInFlightPerWebhook - (this.inFlight.get(webhookId) ?? 0),
			),
		);
		for (const { delivery, webhook } of claimed) {
			this.total += 1;
			this.inFlight.set(webhook.id, (this.inFlight.get(webhook.id) ?? 0) + 1);
			const job = this.deliver(delivery, webhook)
				.catch((error: unknown) => this.options.log.error({ err: error, deliveryId: delivery.id }, 'webhook delivery failed'))
				.finally(() => {
					this.total -= 1;
					this.inFlight.set(webhook.id, (this.inFlight.get(webhook.id) ?? 1) - 1);
					this.running.delete(job);
					this.loop.kick();
				});
			this.running.add(job);
		}
	}

	private async deliver(delivery: Delivery, webhook: WebhookConfig): Promise<void> {
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

		const attemptedAt = this.options.clock.now();
		const result = await this.options.sender.send(webhook.url, headers, body, durationMs(webhook.timeout));
		await this.options.store.transaction(async (repository) => {
			// Read again: the configuration may have changed or been disabled while this attempt ran.
			const current = (await repository.webhooks.get(webhook.organizationId, webhook.id)) ?? webhook;
			const now = this.options.clock.now();
			const outcome = applyAttempt(delivery, current, result, now, this.options.disablePolicy);
			await repository.deliveries.addAttempt({
				id: newId(),
				deliveryId: delivery.id,
				organizationId: delivery.organizationId,
				attemptedAt: attemptedAt.toISOString(),
				statusCode: result.statusCode,
				durationMs: result.durationMs,
				error: result.error,
				responseBody: result.body,
			});
			await repository.deliveries.update(outcome.delivery);
			const disable = outcome.disable && current.enabled ? outcome.disable : null;
			await repository.webhooks.update(
				disable
					? { ...outcome.webhook, enabled: false, disabledReason: disable, disabledAt: now.toISOString(), disabledBy: 'engine', updatedAt: now.toISOString() }
					: outcome.webhook,
			);
			if (disable) await this.announceDisabled(repository, current, disable, now.toISOString());
		});
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
		const organization = await repository.organizations.get(webhook.organizationId);
		if (this.options.mailEnabled && organization?.adminEmail)
			await repository.emails.enqueue({
				id: newId(),
				organizationId: webhook.organizationId,
				workflowId: null,
				signerId: null,
				recipient: organization.adminEmail,
				data: { webhookId: webhook.id, webhookName: webhook.name, url: webhook.url, reason },
				kind: 'webhook_disabled',
				status: 'pending',
				attempts: 0,
				nextAttemptAt: at,
				lastError: null,
				createdAt: at,
				sentAt: null,
			});
	}
}
