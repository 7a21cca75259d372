import {
	newId,
	routeEvent,
	type AuditEvent,
	type Delivery,
	type EventContext,
	type FinalizationJob,
	type OutboxClaim,
	type PendingEvent,
	type WebhookConfig,
	type Workflow,
	type WorkflowAggregate,
} from '../domain';
import type { SigningLinks } from '../security/signingLinks';
import type { Repository } from '../store/port';
import type { Signals } from '../support/signals';
import type { DeliveryHandoff, HandedDelivery, HandoffBatch } from './deliveryHandoff';
import { emailsFor } from './emails';
import type { FinalizationHandoff } from './finalizationHandoff';
import { webhookPayload } from './webhookPayload';

export interface RecordInput {
	organizationId: string;
	events: PendingEvent[];
	context: EventContext;
	at: string;
	/** The workflow after the change, when the events concern one: for emails and webhook data. */
	aggregate?: WorkflowAggregate | null;
	/** For events of a workflow whose parts were not loaded. */
	workflow?: Workflow | null;
	/** webhook.test goes to this configuration only, whatever it subscribes to. */
	onlyWebhookId?: string;
}

/** A test workflow's events say so in their data: in the audit trail, GET /events and every webhook payload. */
function markTest(event: PendingEvent, workflow: Workflow | null): PendingEvent {
	return workflow?.test ? { ...event, data: { ...event.data, test: true } } : event;
}

/** Told of the events of each transaction that commits (metrics). */
export interface EventObserver {
	recorded(types: Array<AuditEvent['type']>): void;
}

/**
 * The one way events are recorded. In the caller's transaction it appends
 * them to the audit trail and writes everything they cause: a delivery per
 * matching webhook configuration (transactional outbox), and the emails. After
 * the commit it hands the deliveries to this process's dispatcher when it takes
 * them (written already claimed by it), and otherwise wakes the dispatcher to
 * claim the pending ones.
 */
export class EventRecorder {
	private handoff: DeliveryHandoff | null = null;
	private finalizations: FinalizationHandoff | null = null;
	private observer: EventObserver | null = null;

	constructor(
		private readonly options: { links: SigningLinks; mailEnabled: boolean; signals: Signals },
	) {}

	/** Whether this engine sends email (SMTP configured): emails are queued only then. */
	get mailEnabled(): boolean {
		return this.options.mailEnabled;
	}

	/** Set while a dispatcher runs in this process; null writes every delivery pending. */
	handOffTo(handoff: DeliveryHandoff | null): void {
		this.handoff = handoff;
	}

	/** Set while a finalizer runs in this process; null writes every finalization job unclaimed. */
	handFinalizationsTo(handoff: FinalizationHandoff | null): void {
		this.finalizations = handoff;
	}

	/**
	 * Writes the finalization job of a workflow that just completed, in the caller's transaction:
	 * claimed by this process's finalizer when it has a free slot, and handed to it once the
	 * transaction commits; otherwise unclaimed, and the finalizers are woken after the commit to
	 * claim it.
	 */
	async enqueueFinalization(repository: Repository, job: FinalizationJob): Promise<void> {
		const handoff = this.finalizations;
		const claim = handoff?.offer() ?? null;
		// Registered before the row is written: a later failure still frees the slot.
		if (claim) repository.afterRollback(() => handoff!.rolledBack(claim));
		await repository.finalizations.enqueue(job, claim);
		repository.afterCommit(() => (claim ? handoff!.committed(job, claim) : this.options.signals.emit('completed')));
	}

	/** Set while something counts events in this process (the engine's metrics). */
	observeWith(observer: EventObserver | null): void {
		this.observer = observer;
	}

	async record(repository: Repository, input: RecordInput): Promise<AuditEvent[]> {
		const { organizationId, aggregate = null } = input;
		const workflow = aggregate?.workflow ?? input.workflow ?? null;
		const stored: AuditEvent[] = [];
		for (const event of input.events)
			stored.push(await repository.events.append(organizationId, markTest(event, workflow), input.context, input.at));
		const observer = this.observer;
		if (observer && stored.length > 0) repository.afterCommit(() => observer.recorded(stored.map((event) => event.type)));

		const configs = await repository.webhooks.list(organizationId);
		const handed: HandedDelivery[] = [];
		let batch: HandoffBatch | null = null;
		const offer = (config: WebhookConfig): OutboxClaim | null => {
			if (!this.handoff) return null;
			if (!batch) {
				const opened = this.handoff.begin();
				// Registered before the first row is written: a later failure still ends the batch.
				repository.afterCommit(() => opened.committed(handed));
				repository.afterRollback(() => opened.rolledBack());
				batch = opened;
			}
			return batch.offer(config);
		};
		let pending = 0;
		for (const event of stored) {
			const targets = input.onlyWebhookId
				? configs.filter((config) => config.id === input.onlyWebhookId)
				: routeEvent(event, workflow?.requestFrom ?? null, configs).filter(
						// A configuration is not told of its own disabling.
						(config) => !(event.type === 'webhook.disabled' && config.id === event.data.webhookId),
					);
			for (const config of targets) {
				const payload = webhookPayload(event, {
					workflow,
					aggregate,
					links: this.options.links,
					withSummary: config.includeWorkflowSummary,
				});
				// A configuration disabled for failing holds its events until enabled again: they wait pending.
				const claim = config.enabled ? offer(config) : null;
				const delivery: Delivery = {
					id: `msg_${newId().replace(/-/g, '')}`,
					organizationId,
					webhookId: config.id,
					eventId: event.id,
					eventType: event.type,
					payload,
					status: claim ? 'delivering' : 'pending',
					attempts: 0,
					totalAttempts: 0,
					nextAttemptAt: input.at,
					claimedUntil: claim?.claimedUntil ?? null,
					claimedBy: claim?.claimedBy ?? null,
					lastStatusCode: null,
					lastError: null,
					createdAt: input.at,
					deliveredAt: null,
				};
				await repository.deliveries.insert(delivery);
				if (claim) handed.push({ delivery, webhook: config });
				else pending += 1;
			}
		}
		if (pending > 0) repository.afterCommit(() => this.options.signals.emit('deliveries'));

		if (this.options.mailEnabled && aggregate)
			for (const email of emailsFor(stored, aggregate, input.at)) await repository.emails.enqueue(email);
		return stored;
	}
}
