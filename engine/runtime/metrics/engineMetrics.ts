import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock } from '../../domain';
import type { FinalizationObserver, FinalizationOutcome } from '../../finalize/finalizer';
import type { MetricsExposition } from '../../http/metrics';
import type { EventObserver } from '../../outbox/recorder';
import type { Store } from '../../store/port';
import { withTimeLimit } from '../../support/timeLimit';
import type { DeliveryObserver, DeliveryOutcome } from '../../webhooks/outcomeWriter';
import { OUTBOXES, oldestAgeSeconds, readOutboxes } from '../outboxes';
import { processRegistry } from './processMetrics';

/** Scraping waits this long at most for the outbox queries; past it the outbox gauges are left out. */
const OUTBOX_QUERY_TIMEOUT_MS = 2000;

/**
 * One engine's Prometheus metrics, in a registry of its own (several engines may run in one
 * process: tests, embedded data folders). Labels are bounded sets: route templates, statuses,
 * outcomes, event types, outbox names, and webhook configuration ids, never a raw URL, token,
 * name, email or any other id.
 */
export class EngineMetrics implements DeliveryObserver, FinalizationObserver, EventObserver, MetricsExposition {
	private readonly registry = new Registry();
	private readonly requests = new Counter({
		name: 'signflow_http_requests_total',
		help: 'HTTP requests answered, by method, route template and status.',
		labelNames: ['method', 'route', 'status'] as const,
		registers: [this.registry],
	});
	private readonly requestDuration = new Histogram({
		name: 'signflow_http_request_duration_seconds',
		help: 'Time from a request arriving to its answer being sent, by method, route template and status.',
		labelNames: ['method', 'route', 'status'] as const,
		buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
		registers: [this.registry],
	});
	private readonly deliveries = new Counter({
		name: 'signflow_webhook_delivery_attempts_total',
		help: 'Webhook delivery attempts by outcome (succeeded, retrying, dead) and webhook configuration id.',
		labelNames: ['configuration_id', 'outcome'] as const,
		registers: [this.registry],
	});
	private readonly deliveryLatency = new Histogram({
		name: 'signflow_webhook_delivery_latency_seconds',
		help: 'From the commit that wrote a delivery to the receiver accepting it, retries included, by webhook configuration id.',
		labelNames: ['configuration_id'] as const,
		buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 10_800, 86_400],
		registers: [this.registry],
	});
	private readonly finalizations = new Histogram({
		name: 'signflow_finalization_duration_seconds',
		help: 'Time to stamp, certify and seal a completed workflow, per attempt, by outcome (completed, retrying, failed).',
		labelNames: ['outcome'] as const,
		buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
		registers: [this.registry],
	});
	private readonly finalizationFailures = new Counter({
		name: 'signflow_finalization_failures_total',
		help: 'Failed finalization attempts, by outcome: retrying (tried again later) or failed (given up).',
		labelNames: ['outcome'] as const,
		registers: [this.registry],
	});
	private readonly events = new Counter({
		name: 'signflow_events_total',
		help: 'Audit events recorded (committed), by type.',
		labelNames: ['type'] as const,
		registers: [this.registry],
	});
	private readonly storeTransactions: Counter = new Counter({
		name: 'signflow_store_transactions_total',
		help: 'Database transactions committed by this process.',
		registers: [this.registry],
		collect: (): void => setCounter(this.storeTransactions, this.store.commitCounts.transactions),
	});
	private readonly storeCommits: Counter = new Counter({
		name: 'signflow_store_commits_total',
		help: 'Database commits that made them durable (each fsynced when it wrote anything): on SQLite, transactions that arrive together share one.',
		registers: [this.registry],
		collect: (): void => setCounter(this.storeCommits, this.store.commitCounts.commits),
	});
	private readonly outboxDue = new Gauge({
		name: 'signflow_outbox_due',
		help: 'Items due in an outbox now (webhook deliveries of enabled configurations, emails, finalization jobs), read from the database at scrape.',
		labelNames: ['outbox'] as const,
		registers: [this.registry],
	});
	private readonly outboxAge = new Gauge({
		name: 'signflow_outbox_oldest_due_age_seconds',
		help: 'How long the oldest due item of an outbox has been due (0 when none is), read from the database at scrape.',
		labelNames: ['outbox'] as const,
		registers: [this.registry],
	});

	readonly contentType = this.registry.contentType;

	constructor(
		readonly token: string,
		private readonly store: Store,
		private readonly clock: Clock,
	) {
		// Counters start at zero for every outcome, so rate() and alerts see them before the first failure.
		for (const outcome of ['completed', 'retrying', 'failed'] as const) this.finalizations.zero({ outcome });
		for (const outcome of ['retrying', 'failed'] as const) this.finalizationFailures.inc({ outcome }, 0);
	}

	observeRequest(method: string, route: string, status: number, seconds: number): void {
		const labels = { method, route, status: String(status) };
		this.requests.inc(labels);
		this.requestDuration.observe(labels, seconds);
	}

	attempted(webhookId: string, outcome: DeliveryOutcome, latencyMs: number | null): void {
		this.deliveries.inc({ configuration_id: webhookId, outcome });
		if (latencyMs !== null) this.deliveryLatency.observe({ configuration_id: webhookId }, latencyMs / 1000);
	}

	finalized(outcome: FinalizationOutcome, durationMs: number): void {
		this.finalizations.observe({ outcome }, durationMs / 1000);
		if (outcome !== 'completed') this.finalizationFailures.inc({ outcome });
	}

	recorded(types: string[]): void {
		for (const type of types) this.events.inc({ type });
	}

	/** The exposition text: this engine's metrics, with the outboxes read now, then the process's. */
	async render(): Promise<string> {
		await this.readOutboxes();
		const [engine, process] = await Promise.all([this.registry.metrics(), processRegistry().metrics()]);
		return `${engine}\n${process}`;
	}

	private async readOutboxes(): Promise<void> {
		const now = this.clock.now();
		this.outboxDue.reset();
		this.outboxAge.reset();
		try {
			const outboxes = await withTimeLimit(readOutboxes(this.store, now), OUTBOX_QUERY_TIMEOUT_MS, 'the outbox queries took too long');
			for (const outbox of OUTBOXES) {
				this.outboxDue.set({ outbox }, outboxes[outbox].count);
				this.outboxAge.set({ outbox }, oldestAgeSeconds(outboxes[outbox], now));
			}
		} catch {
			// The database is unreachable: the outbox gauges have no samples this scrape (readiness says why).
		}
	}
}

/** A counter the store keeps itself, read at scrape. */
function setCounter(counter: Counter, value: number): void {
	counter.reset();
	counter.inc(value);
}
