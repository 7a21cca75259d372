import { randomUUID } from 'node:crypto';
import { DEFAULT_ORGANIZATION_HEADER, SYSTEM_ACTOR, durationMs, type Clock, type WebhookConfig, type WebhookDisableCause } from '../domain';
import type { Delivery } from '../domain';
import type { DeliveryHandoff, HandedDelivery } from '../outbox/deliveryHandoff';
import { queueAdminAlert } from '../outbox/emails';
import type { EventRecorder } from '../outbox/recorder';
import type { SecretBox } from '../security/secretBox';
import type { Repository, Store } from '../store/port';
import { ClaimHeartbeat } from '../support/claimHeartbeat';
import { PollingLoop, type LoopHealth } from '../support/pollingLoop';
import type { Signals } from '../support/signals';
import { packageVersion } from '../support/version';
import { ConfigSecrets } from './configSecrets';
import { HandoffGate } from './handoffGate';
import { disableReasonText, type DisablePolicy } from './outcome';
import { OutcomeWriter, type DeliveryObserver } from './outcomeWriter';
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
	/** How long a claim lasts unless renewed (DEFAULT_DELIVERY_LEASE_MS). */
	leaseMs?: number;
	disablePolicy: DisablePolicy;
	log: Logger;
	/** Told of each attempt once its outcome is committed (metrics). */
	observer?: DeliveryObserver;
}

const USER_AGENT = `Signflow-Webhooks/${packageVersion()}`;

/**
 * How long a claimed delivery stays this process's unless renewed. Every third of it the
 * dispatcher renews all the deliveries it holds (queued, in flight, outcome not yet stored) in one
 * statement, so after a crash another engine process on the same PostgreSQL database sends them
 * within about this long.
 */
export const DEFAULT_DELIVERY_LEASE_MS = 30_000;
/**
 * A configuration gets no more deliveries than it could send in this long if every attempt ran
 * to its timeout (see capOf): one process does not hoard a backlog other processes could share.
 */
const HOLD_HORIZON_MS = 10 * 60_000;
/** At most this many claimed, not yet finished deliveries in memory. */
const MAX_BACKLOG = 1000;
/** Deliveries are handed over by the recorder while the backlog stays below this: a claim pass keeps some room. */
const MAX_HANDOFF_BACKLOG = MAX_BACKLOG - MAX_BACKLOG / 10;
/**
 * A pass (one transaction: the outcomes that came in, then a claim) starts at least this long after
 * the previous one ended, however often it is woken (a commit that wrote deliveries, an outcome, a
 * queue running low): during a burst one commit covers many events and attempts. On SQLite a commit
 * blocks the event loop for its fsync, so the gap is at least twice the last pass (a slow disk then
 * gets fewer, larger commits and the loop stays free for sending two thirds of the time), up to MAX.
 */
const PASS_GAP_MS = 20;
const MAX_PASS_GAP_MS = 100;
/**
 * A pass woken only to store outcomes (nothing new to claim) waits longer when passes are slow:
 * at least four times the last pass, up to MAX, so while deliveries stream out at most a fifth
 * of the loop goes to commits. An outcome only releases its delivery's claim; the receiver
 * already has it, and a lone outcome after a quiet spell is still stored at once.
 */
const OUTCOME_GAP_FACTOR = 4;
const MAX_OUTCOME_GAP_MS = 250;
/**
 * A configuration's queue is refilled when it runs down to this many per connection: enough
 * work to keep its connections busy through a claim's wait for the pass gap and its commit.
 */
const LOW_WATER_PER_CONNECTION = 16;
/**
 * A claim reads at most this many low-water marks of due rows. Of a larger read, most would be left
 * for a configuration already near its cap, yet read on every pass; a claim that reads a full batch
 * is followed by another at the next pass, so many configurations with work due still get it quickly.
 */
const CLAIM_READ_LOW_WATERS = 2;

/**
 * Sends the webhook outbox. Each pass stores the outcomes of the attempts
 * that finished since the previous one and claims due deliveries (with a
 * lease, so a crashed process's claims come back), in one transaction; the
 * claimed ones are sent concurrently, at most so many in flight overall and
 * per configuration. While no due delivery of a configuration waits in the
 * database, the recorder hands its new deliveries over directly (`handoff`,
 * see handoffGate.ts): written already claimed by this process, they are
 * queued as their transaction commits, with no claim pass in between.
 */
export class WebhookDispatcher {
	private readonly loop: PollingLoop;
	private readonly outcomes: OutcomeWriter;
	private readonly opened: ConfigSecrets;
	/** Claimed deliveries waiting for a free connection, per configuration. */
	private readonly queues = new Map<string, HandedDelivery[]>();
	private readonly sending = new Map<string, number>();
	/** How many deliveries of a configuration this process may hold at once (see pass), as of its last claim. */
	private readonly caps = new Map<string, number>();
	private readonly running = new Set<Promise<void>>();
	/** This dispatcher's claim token: the deliveries it claims or is handed are written claimed by it. */
	private readonly claimant = randomUUID();
	private readonly leaseMs: number;
	/** Deliveries this process holds (queued, being sent, outcome not yet stored): renewed together by the heartbeat. */
	private readonly holding = new Set<string>();
	private heartbeat: ClaimHeartbeat | null = null;
	private backlog = 0;
	private inFlight = 0;
	private passRunning = false;
	/** Something may have become due (committed events, a queue running low): the next pass claims. */
	private claimWanted = true;
	private lastClaimAt = 0;
	private wokenDuringPass = false;
	private lastPassEnd = 0;
	private passGapMs = PASS_GAP_MS;
	private outcomeGapMs = PASS_GAP_MS;
	private wakeTimer: NodeJS.Timeout | null = null;
	private wakeAt = 0;
	/** Once stopping, no pass comes: outcomes are written on their own. */
	private stopping = false;
	/** Set as stop() begins: nothing more is handed over. */
	private halting = false;
	private stopped: Promise<void> | null = null;
	private readonly gate: HandoffGate;
	private readonly wakeToClaim = () => {
		this.claimWanted = true;
		this.wake();
	};
	/** Due deliveries this process did not write: none is handed over until a claim has taken them. */
	private readonly requeued = () => {
		this.gate.closeForAll();
		this.wakeToClaim();
	};
	private readonly wake = () => {
		if (this.passRunning) {
			this.wokenDuringPass = true;
			return;
		}
		const due = this.lastPassEnd + (this.claimWanted ? this.passGapMs : this.outcomeGapMs);
		// A claim wanted while a later outcome pass is scheduled brings that pass forward.
		if (this.wakeTimer) {
			if (this.wakeAt <= due) return;
			clearTimeout(this.wakeTimer);
			this.wakeTimer = null;
		}
		const wait = due - Date.now();
		if (wait <= 0) {
			this.loop.kick();
			return;
		}
		this.wakeAt = due;
		this.wakeTimer = setTimeout(() => {
			this.wakeTimer = null;
			this.loop.kick();
		}, wait).unref();
	};

	constructor(private readonly options: DispatcherOptions) {
		this.leaseMs = options.leaseMs ?? DEFAULT_DELIVERY_LEASE_MS;
		this.loop = new PollingLoop(() => this.pass(), options.pollIntervalMs, (error) =>
			options.log.error({ err: error }, 'webhook pass failed'),
		);
		this.gate = new HandoffGate({
			hasRoom: (webhook, reservedForWebhook, reservedInAll) => this.hasRoom(webhook, reservedForWebhook, reservedInAll),
			claim: () => ({ claimedUntil: this.leaseUntil(), claimedBy: this.claimant }),
			take: (deliveries) => {
				// Handed over after stop() began: they stay claimed until their lease runs out (or, on SQLite, the next start).
				if (this.halting) return;
				this.enqueue(deliveries);
				this.pump();
			},
			closed: () => {
				if (!this.halting) this.wakeToClaim();
			},
		});
		this.opened = new ConfigSecrets(options.secrets);
		this.outcomes = new OutcomeWriter({
			clock: options.clock,
			claimant: this.claimant,
			disablePolicy: options.disablePolicy,
			requestWrite: () => {
				if (!this.stopping) this.wake();
				else this.commit(false).catch((error: unknown) => options.log.error({ err: error }, 'storing webhook outcomes failed'));
			},
			announceDisabled: (repository, webhook, cause, at) => this.announceDisabled(repository, webhook, cause, at),
			onRemoved: (webhookId) => this.opened.forget(webhookId),
			observer: options.observer,
		});
	}

	get health(): LoopHealth {
		return this.loop.health;
	}

	/** Where the recorder hands new deliveries over; it takes them only between start and stop. */
	get handoff(): DeliveryHandoff {
		return this.gate;
	}

	async start(): Promise<void> {
		// With SQLite this process is the only one: whatever was in flight when it last stopped was cut off.
		if (this.options.store.dialect === 'sqlite')
			await this.options.store.transaction((repository) => repository.deliveries.releaseClaims());
		this.options.signals.on('deliveries', this.wakeToClaim);
		this.options.signals.on('requeued', this.requeued);
		this.heartbeat = new ClaimHeartbeat(
			() => this.renewClaims(),
			Math.max(1, Math.floor(this.leaseMs / 3)),
			(error) => this.options.log.warn({ err: error }, 'could not renew the webhook delivery claims'),
		);
		this.loop.start();
	}

	/** Stops for good (a second call waits for the first): a stopped dispatcher is not started again. */
	stop(): Promise<void> {
		this.stopped ??= this.halt();
		return this.stopped;
	}

	private async halt(): Promise<void> {
		this.halting = true;
		this.gate.closeForAll();
		this.options.signals.off('deliveries', this.wakeToClaim);
		this.options.signals.off('requeued', this.requeued);
		if (this.wakeTimer) clearTimeout(this.wakeTimer);
		this.wakeTimer = null;
		await this.loop.stop();
		this.stopping = true;
		// Claimed but not sent: back to pending, so another process need not wait for the lease.
		const unsent = [...this.queues.values()].flatMap((queue) => queue.map(({ delivery }) => delivery.id));
		this.queues.clear();
		for (const id of unsent) this.holding.delete(id);
		if (unsent.length > 0)
			await this.options.store
				.transaction((repository) => repository.deliveries.release(unsent, this.claimant))
				.catch((error: unknown) => this.options.log.error({ err: error }, 'releasing unsent webhook deliveries failed'));
		// Attempts in flight finish, and their outcomes (and any still waiting) are stored.
		if (this.outcomes.pending > 0) await this.commit(false).catch(() => undefined);
		await Promise.allSettled([...this.running]);
		await this.heartbeat?.stop();
		await this.options.sender.close();
	}

	private leaseUntil(): string {
		return new Date(this.options.clock.now().getTime() + this.leaseMs).toISOString();
	}

	/** One renewal of every claim this process holds (the process-wide heartbeat never loses them all at once). */
	private async renewClaims(): Promise<boolean> {
		if (this.holding.size === 0) return true;
		const ids = [...this.holding];
		const leaseUntil = this.leaseUntil();
		await this.options.store.transaction((repository) => repository.deliveries.renewClaims(ids, this.claimant, leaseUntil));
		return true;
	}

	private async pass(): Promise<void> {
		this.passRunning = true;
		const started = Date.now();
		// A pass woken only to store outcomes claims nothing, unless the poll interval has gone by (retries come due unannounced).
		const claim = this.claimWanted || Date.now() - this.lastClaimAt >= this.options.pollIntervalMs;
		if (claim) {
			this.claimWanted = false;
			this.lastClaimAt = Date.now();
		}
		try {
			await this.commit(claim);
		} finally {
			this.passRunning = false;
			this.lastPassEnd = Date.now();
			const took = this.lastPassEnd - started;
			this.passGapMs = Math.min(MAX_PASS_GAP_MS, Math.max(PASS_GAP_MS, 2 * took));
			this.outcomeGapMs = Math.min(MAX_OUTCOME_GAP_MS, Math.max(PASS_GAP_MS, OUTCOME_GAP_FACTOR * took));
			if (this.wokenDuringPass) {
				this.wokenDuringPass = false;
				this.wake();
			}
		}
	}

	/**
	 * One transaction: the outcomes waiting, then (when `claim`) due
	 * deliveries claimed in a large batch (so a burst of events does not starve
	 * delivery) and queued per configuration; requests go out at most so many
	 * at once overall and per configuration. A configuration gets no more than
	 * it can send within HOLD_HORIZON_MS even if every attempt ran to its timeout;
	 * one that has that many already is left out of the claim's query. What the
	 * claim leaves due behind decides where the handoff is open (handoffGate.ts).
	 */
	private async commit(claim: boolean): Promise<void> {
		const batch = this.outcomes.take();
		const now = this.options.clock.now();
		// Taken before the claim reads: a closing that comes after it is not undone by what it found.
		const generation = this.gate.generation;
		try {
			await this.options.store.transaction(async (repository) => {
				await this.outcomes.writeIn(repository, batch);
				// Counted here, as the claim runs: deliveries handed over meanwhile take room too.
				// The deliveries of this batch are done once it commits.
				// Configurations with work queued above the low-water mark are refilled later, in one go, not a few rows per pass.
				const lowWater = this.options.maxInFlightPerWebhook * LOW_WATER_PER_CONNECTION;
				const room = Math.min(MAX_BACKLOG - this.backlog + batch.length, CLAIM_READ_LOW_WATERS * lowWater);
				if (!claim || room <= 0) return;
				const full = [...this.caps]
					.filter(([webhookId, cap]) => this.held(webhookId) >= cap || (this.queues.get(webhookId)?.length ?? 0) > lowWater)
					.map(([webhookId]) => webhookId);
				const { claimed, complete, leftBehind } = await repository.deliveries.claimDue(
					now.toISOString(),
					new Date(now.getTime() + this.leaseMs).toISOString(),
					this.claimant,
					room,
					(webhook) => {
						const cap = this.capOf(webhook);
						this.caps.set(webhook.id, cap);
						return cap - this.held(webhook.id);
					},
					full,
				);
				this.gate.claimed(generation, complete, leftBehind, full);
				// Queued as the commit returns, before deliveries handed over by transactions that committed with it.
				repository.afterCommit(() => this.enqueue(claimed));
			});
		} catch (error) {
			this.outcomes.settle(batch, error);
			// A claim rolled back: the deliveries it had found are pending again.
			if (claim) this.gate.closeForAll();
			throw error;
		}
		this.outcomes.settle(batch);
		this.pump();
	}

	/** Claimed (or handed over) deliveries, queued per configuration. */
	private enqueue(deliveries: HandedDelivery[]): void {
		for (const item of deliveries) {
			this.backlog += 1;
			this.holding.add(item.delivery.id);
			if (!this.caps.has(item.webhook.id)) this.caps.set(item.webhook.id, this.capOf(item.webhook));
			const queue = this.queues.get(item.webhook.id) ?? [];
			queue.push(item);
			this.queues.set(item.webhook.id, queue);
		}
	}

	/** Deliveries of a configuration this process holds: queued or being sent. */
	private held(webhookId: string): number {
		return (this.queues.get(webhookId)?.length ?? 0) + (this.sending.get(webhookId) ?? 0);
	}

	/** How many deliveries of a configuration this process may hold at once: as many as it can send within HOLD_HORIZON_MS. */
	private capOf(webhook: WebhookConfig): number {
		const rounds = Math.max(1, Math.floor(HOLD_HORIZON_MS / (durationMs(webhook.timeout) + 1000)));
		return this.options.maxInFlightPerWebhook * rounds;
	}

	/**
	 * May the recorder hand over one more delivery of `webhook`? Not once stopping, nor near the
	 * backlog's limit, nor beyond what the configuration may hold (as a claim would give it).
	 */
	private hasRoom(webhook: WebhookConfig, reservedForWebhook: number, reservedInAll: number): boolean {
		if (this.halting) return false;
		if (this.backlog + reservedInAll >= MAX_HANDOFF_BACKLOG) return false;
		return this.held(webhook.id) + reservedForWebhook < this.capOf(webhook);
	}

	/** Starts as many queued deliveries as the limits allow. */
	private pump(): void {
		const lowWater = this.options.maxInFlightPerWebhook * LOW_WATER_PER_CONNECTION;
		for (const [webhookId, queue] of this.queues) {
			while (queue.length > 0 && this.inFlight < this.options.maxInFlight && (this.sending.get(webhookId) ?? 0) < this.options.maxInFlightPerWebhook) {
				const { delivery, webhook } = queue.shift()!;
				// Refill before the queue runs dry, so the connections keep busy while the claim commits
				// (an open handoff means nothing due waits in the database).
				if (queue.length === lowWater && !this.gate.isOpenFor(webhookId)) this.wakeToClaim();
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
						this.holding.delete(delivery.id);
						this.running.delete(job);
						if (this.backlog === MAX_BACKLOG / 2 - 1 && !this.gate.isOpenForAll) this.wakeToClaim();
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
			const request = this.request(delivery, webhook, await this.organizationHeader(webhook.organizationId));
			result = await this.options.sender.send(webhook.url, request.headers, request.body, durationMs(webhook.timeout));
		} finally {
			freeSlot();
		}
		// Until its outcome is stored the delivery stays claimed by this process, so it is not sent twice.
		await this.outcomes.write({ delivery, webhook, result, attemptedAt });
	}

	/** The body and headers of one attempt: Standard Webhooks headers, signed with the configuration's secret. */
	private request(delivery: Delivery, webhook: WebhookConfig, organizationHeader: string): { body: string; headers: Record<string, string> } {
		const { secret, headers: custom } = this.opened.of(webhook);
		const body = JSON.stringify({
			event: delivery.payload.event,
			uri: delivery.payload.uri,
			retryCount: delivery.totalAttempts,
			configurationId: webhook.id,
			apiVersion: delivery.payload.apiVersion,
			generatedDateTime: delivery.payload.generatedDateTime,
			// Deliveries written before test mode have no flag: they were all live.
			test: delivery.payload.test === true,
			data: delivery.payload.data,
		});
		const timestamp = Math.floor(this.options.clock.now().getTime() / 1000);
		const headers: Record<string, string> = {
			...custom,
			'content-type': 'application/json',
			'user-agent': USER_AGENT,
			[organizationHeader.toLowerCase()]: webhook.organizationId,
			'webhook-id': delivery.id,
			'webhook-timestamp': String(timestamp),
		};
		if (webhook.authType === 'hmac' && secret !== null)
			headers['webhook-signature'] = standardWebhookSignature(secret, delivery.id, timestamp, body);
		if (webhook.authType === 'basic' && secret !== null)
			headers.authorization = `Basic ${Buffer.from(`${webhook.authUsername}:${secret}`).toString('base64')}`;

		return { body, headers };
	}

	/** The header the organization's settings name for its id (cached with the organization: no query per delivery). */
	private async organizationHeader(organizationId: string): Promise<string> {
		const organization = await this.options.store.read((repository) => repository.organizations.get(organizationId));
		return organization?.webhookOrganizationHeader ?? DEFAULT_ORGANIZATION_HEADER;
	}

	/** webhook.disabled to the organization's other configurations, and an alert to its admin. */
	private async announceDisabled(
		repository: Repository,
		webhook: WebhookConfig,
		cause: WebhookDisableCause,
		at: string,
	): Promise<void> {
		const reason = disableReasonText(cause);
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
					data: { webhookId: webhook.id, webhookName: webhook.name, url: webhook.url, reason, cause },
					kind: 'webhook_disabled',
				},
				at,
			);
	}
}
