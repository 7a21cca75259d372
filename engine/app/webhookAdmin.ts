import {
	SignflowError,
	generateWebhookSecret,
	invalid,
	newId,
	notFound,
	type CreateWebhookInput,
	type EventContext,
	type Principal,
	type UpdateWebhookInput,
	type WebhookAuthInput,
	type WebhookConfig,
	type WebhookView,
	type Clock,
} from '../domain';
import type { Delivery, DeliveryAttempt, DeliveryStatsBucket, DeliveryStatus } from '../domain';
import type { EventRecorder } from '../outbox/recorder';
import { AddressRefused, resolveAllowed, type NetworkPolicy } from '../security/networkPolicy';
import type { SecretBox } from '../security/secretBox';
import type { Store } from '../store/port';

export interface WebhookAdminOptions {
	store: Store;
	clock: Clock;
	/** Encrypts webhook secrets. */
	secrets: SecretBox;
	recorder: EventRecorder;
	/** Where webhooks may be sent. */
	network: NetworkPolicy;
}

export type StatsRange = 'day' | 'week';
const RANGE_HOURS: Record<StatsRange, number> = { day: 24, week: 168 };

/** A configuration's deliveries over the last day or week: every hour of it (UTC), oldest first, and the totals. */
export interface DeliveryStatsView {
	range: StatsRange;
	from: string;
	to: string;
	hours: Array<Omit<DeliveryStatsBucket, 'hour'> & { hour: string }>;
	total: Omit<DeliveryStatsBucket, 'hour'>;
}

export type AttemptView = Omit<DeliveryAttempt, 'deliveryId' | 'organizationId'>;
export type DeliveryView = Omit<Delivery, 'organizationId' | 'claimedUntil' | 'claimedBy'> & { attempts: number; log?: AttemptView[] };

/** Webhook configurations of an organization: create, change, remove, test, the delivery log, replays. */
export class WebhookAdmin {
	constructor(private readonly options: WebhookAdminOptions) {}

	async create(principal: Principal, input: CreateWebhookInput): Promise<WebhookView & { secret?: string }> {
		await this.assertReachable(input.url);
		const at = this.options.clock.now().toISOString();
		const { sealed, secret } = this.sealAuth(input.auth);
		const config: WebhookConfig = {
			id: newId(),
			organizationId: principal.organizationId,
			name: input.name,
			url: input.url,
			events: input.events,
			requestFrom: input.requestFrom ?? null,
			authType: input.auth.type,
			authUsername: input.auth.type === 'basic' ? input.auth.username : null,
			secretSealed: sealed,
			headersSealed: this.options.secrets.seal(JSON.stringify(input.headers)),
			retryIntervals: input.retryIntervals,
			timeout: input.timeout,
			includeWorkflowSummary: input.includeWorkflowSummary,
			enabled: input.enabled,
			disabledReason: null,
			disabledAt: null,
			disabledBy: input.enabled ? null : 'user',
			consecutiveDead: 0,
			failingSince: null,
			lastSuccessAt: null,
			createdAt: at,
			updatedAt: at,
		};
		await this.options.store.transaction((repository) => repository.webhooks.insert(config));
		// The secret is shown in this answer only.
		return { ...this.view(config), ...(secret ? { secret } : {}) };
	}

	async list(principal: Principal): Promise<WebhookView[]> {
		const configs = await this.options.store.read((repository) => repository.webhooks.list(principal.organizationId));
		return configs.map((config) => this.view(config));
	}

	async get(principal: Principal, id: string): Promise<WebhookView> {
		return this.view(await this.load(principal, id));
	}

	async update(principal: Principal, id: string, input: UpdateWebhookInput): Promise<WebhookView & { secret?: string }> {
		if (input.url) {
			// Another organization's webhook (or none) is a 404 before anything is said about the URL.
			if (!(await this.options.store.read((repository) => repository.webhooks.get(principal.organizationId, id)))) throw notFound('webhook');
			await this.assertReachable(input.url);
		}
		const auth = input.auth ? this.sealAuth(input.auth) : null;
		return this.options.store.transaction(async (repository) => {
			const current = await repository.webhooks.get(principal.organizationId, id);
			if (!current) throw notFound('webhook');
			const at = this.options.clock.now().toISOString();
			const reEnabled = input.enabled === true && !current.enabled;
			const next: WebhookConfig = {
				...current,
				name: input.name ?? current.name,
				url: input.url ?? current.url,
				events: input.events ?? current.events,
				requestFrom: input.requestFrom === undefined ? current.requestFrom : input.requestFrom,
				authType: input.auth?.type ?? current.authType,
				authUsername: input.auth ? (input.auth.type === 'basic' ? input.auth.username : null) : current.authUsername,
				secretSealed: auth ? auth.sealed : current.secretSealed,
				headersSealed: input.headers ? this.options.secrets.seal(JSON.stringify(input.headers)) : current.headersSealed,
				retryIntervals: input.retryIntervals ?? current.retryIntervals,
				timeout: input.timeout ?? current.timeout,
				includeWorkflowSummary: input.includeWorkflowSummary ?? current.includeWorkflowSummary,
				enabled: input.enabled ?? current.enabled,
				// Enabling again starts with a clean record.
				...(reEnabled ? { disabledReason: null, disabledAt: null, disabledBy: null, consecutiveDead: 0, failingSince: null } : {}),
				...(input.enabled === false && current.enabled ? { disabledReason: 'Disabled through the API.', disabledAt: at, disabledBy: 'user' as const } : {}),
				updatedAt: at,
			};
			await repository.webhooks.update(next);
			// The events it held while disabled for failing are due now, before any new one.
			if (reEnabled) repository.afterCommit(() => this.kick());
			return { ...this.view(next), ...(auth?.secret ? { secret: auth.secret } : {}) };
		});
	}

	async remove(principal: Principal, id: string): Promise<void> {
		await this.options.store.transaction(async (repository) => {
			if (!(await repository.webhooks.get(principal.organizationId, id))) throw notFound('webhook');
			await repository.webhooks.remove(principal.organizationId, id, this.options.clock.now().toISOString());
		});
	}

	/** Sends a webhook.test event to this configuration only; the answer names its delivery. */
	async test(principal: Principal, id: string, context: EventContext): Promise<{ deliveryId: string }> {
		return this.options.store.transaction(async (repository) => {
			const config = await repository.webhooks.get(principal.organizationId, id);
			if (!config) throw notFound('webhook');
			if (!config.enabled)
				throw new SignflowError('conflict', 'webhook_disabled', 'The configuration is disabled; enable it first (PATCH with {"enabled": true}).');
			const at = this.options.clock.now().toISOString();
			const [event] = await this.options.recorder.record(repository, {
				organizationId: principal.organizationId,
				events: [{ type: 'webhook.test', workflowId: null, data: { webhookId: id, name: config.name } }],
				context,
				at,
				onlyWebhookId: id,
			});
			const [delivery] = await repository.deliveries.listByWebhook(principal.organizationId, id, { limit: 1 });
			return { deliveryId: delivery && delivery.eventId === event.id ? delivery.id : '' };
		});
	}

	async deliveries(
		principal: Principal,
		id: string,
		query: { status?: DeliveryStatus; limit: number; before?: string },
	): Promise<{ data: DeliveryView[]; nextCursor: string | null }> {
		const rows = await this.options.store.read(async (repository) => {
			if (!(await repository.webhooks.get(principal.organizationId, id))) throw notFound('webhook');
			return repository.deliveries.listByWebhook(principal.organizationId, id, { ...query, limit: query.limit + 1 });
		});
		const page = rows.slice(0, query.limit);
		return { data: page.map(deliveryView), nextCursor: rows.length > query.limit ? page[page.length - 1].id : null };
	}

	async delivery(principal: Principal, deliveryId: string): Promise<DeliveryView> {
		return this.options.store.read(async (repository) => {
			const delivery = await repository.deliveries.get(principal.organizationId, deliveryId);
			if (!delivery) throw notFound('delivery');
			const attempts = await repository.deliveries.listAttempts(principal.organizationId, deliveryId);
			return { ...deliveryView(delivery), log: attempts.map(attemptView) };
		});
	}

	/** Counts by outcome and latency percentiles per hour over the last day or week (the current hour included), of the key's mode. */
	async stats(principal: Principal, id: string, range: StatsRange): Promise<DeliveryStatsView> {
		const now = this.options.clock.now();
		const hours = RANGE_HOURS[range];
		const firstHour = Math.floor(now.getTime() / 3600_000) - (hours - 1);
		const from = new Date(firstHour * 3600_000).toISOString();
		const rows = await this.options.store.read(async (repository) => {
			if (!(await repository.webhooks.get(principal.organizationId, id))) throw notFound('webhook');
			return repository.deliveries.stats({ organizationId: principal.organizationId, mode: principal.mode }, id, from);
		});
		const byHour = new Map(rows.hours.map((bucket) => [bucket.hour, bucket]));
		return {
			range,
			from,
			to: now.toISOString(),
			hours: Array.from({ length: hours }, (_, index) => {
				const hour = new Date((firstHour + index) * 3600_000).toISOString();
				const found = byHour.get(hour.slice(0, 13));
				return { hour, delivered: found?.delivered ?? 0, failed: found?.failed ?? 0, pending: found?.pending ?? 0, latency: found?.latency ?? null };
			}),
			total: rows.total,
		};
	}

	/** Sends one delivery again, with the same webhook-id, on a fresh retry schedule. */
	async replay(principal: Principal, deliveryId: string): Promise<DeliveryView> {
		return this.options.store.transaction(async (repository) => {
			const delivery = await repository.deliveries.get(principal.organizationId, deliveryId);
			if (!delivery) throw notFound('delivery');
			if (delivery.status === 'delivering')
				throw new SignflowError('conflict', 'delivery_in_flight', 'This delivery is being sent right now; replay it afterwards.');
			const next = this.requeued(delivery);
			await repository.deliveries.update(next);
			repository.afterCommit(() => this.kick());
			return deliveryView(next);
		});
	}

	/** Sends again every failed or dead delivery of a configuration created since a time. */
	async replaySince(principal: Principal, id: string, since: string): Promise<{ replayed: number }> {
		return this.options.store.transaction(async (repository) => {
			if (!(await repository.webhooks.get(principal.organizationId, id))) throw notFound('webhook');
			const failed = await repository.deliveries.listFailedSince(principal.organizationId, id, new Date(since).toISOString());
			for (const delivery of failed) await repository.deliveries.update(this.requeued(delivery));
			if (failed.length > 0) repository.afterCommit(() => this.kick());
			return { replayed: failed.length };
		});
	}

	/** Set by the engine: wakes the dispatcher after deliveries were made due again (a replay, a configuration enabled again). */
	kick: () => void = () => undefined;

	private requeued(delivery: Delivery): Delivery {
		return { ...delivery, status: 'pending', attempts: 0, nextAttemptAt: this.options.clock.now().toISOString(), claimedUntil: null, claimedBy: null };
	}

	private async load(principal: Principal, id: string): Promise<WebhookConfig> {
		const config = await this.options.store.read((repository) => repository.webhooks.get(principal.organizationId, id));
		if (!config) throw notFound('webhook');
		return config;
	}

	private sealAuth(auth: WebhookAuthInput): { sealed: string | null; secret: string | null } {
		if (auth.type === 'none') return { sealed: null, secret: null };
		if (auth.type === 'basic') return { sealed: this.options.secrets.seal(auth.password), secret: null };
		const secret = auth.secret ?? generateWebhookSecret();
		return { sealed: this.options.secrets.seal(secret), secret };
	}

	/** Refuses a URL whose host resolves to an address the network policy forbids. */
	private async assertReachable(url: string): Promise<void> {
		try {
			await resolveAllowed(new URL(url).hostname, this.options.network);
		} catch (error) {
			if (error instanceof AddressRefused)
				throw invalid('webhook_url_not_allowed', `The webhook URL is not allowed: ${error.message}.`, [{ path: 'url', message: error.message }]);
			throw invalid('webhook_url_unresolvable', `The webhook URL's host cannot be resolved: ${(error as Error).message}.`, [
				{ path: 'url', message: 'Unknown host.' },
			]);
		}
	}

	private view(config: WebhookConfig): WebhookView {
		const headers = JSON.parse(this.options.secrets.open(config.headersSealed)) as Record<string, string>;
		return {
			id: config.id,
			name: config.name,
			url: config.url,
			events: config.events,
			requestFrom: config.requestFrom,
			auth: config.authType === 'basic' ? { type: 'basic', username: config.authUsername ?? '' } : { type: config.authType },
			headers: Object.fromEntries(Object.keys(headers).map((name) => [name, '(hidden)'])),
			retryIntervals: config.retryIntervals,
			timeout: config.timeout,
			includeWorkflowSummary: config.includeWorkflowSummary,
			enabled: config.enabled,
			disabledReason: config.disabledReason,
			disabledAt: config.disabledAt,
			holdsEvents: !config.enabled && config.disabledBy === 'engine',
			consecutiveDeadDeliveries: config.consecutiveDead,
			failingSince: config.failingSince,
			lastSuccessAt: config.lastSuccessAt,
			createdAt: config.createdAt,
			updatedAt: config.updatedAt,
		};
	}
}

function deliveryView(delivery: Delivery): DeliveryView {
	const { organizationId: _organization, claimedUntil: _claim, claimedBy: _holder, ...view } = delivery;
	return view;
}

/** An attempt as the API documents it: without the store's keys. */
function attemptView(attempt: DeliveryAttempt): AttemptView {
	const { deliveryId: _delivery, organizationId: _organization, ...view } = attempt;
	return view;
}
