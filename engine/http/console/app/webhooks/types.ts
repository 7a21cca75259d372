/** The webhook answers of /api/v1 the console reads. */

export interface Webhook {
	id: string;
	name: string;
	url: string;
	events: string[];
	auth: { type: 'none' | 'basic' | 'hmac'; username?: string };
	enabled: boolean;
	disabledReason: string | null;
	disabledAt: string | null;
	holdsEvents: boolean;
	consecutiveDeadDeliveries: number;
	failingSince: string | null;
	lastSuccessAt: string | null;
	createdAt: string;
	updatedAt: string;
	/** Only in the answer that made an HMAC configuration or gave it a new secret. */
	secret?: string;
}

export interface Attempt {
	id: string;
	attemptedAt: string;
	statusCode: number | null;
	durationMs: number;
	error: string | null;
	responseBody: string | null;
}

export interface Delivery {
	id: string;
	eventType: string;
	status: 'pending' | 'delivering' | 'succeeded' | 'dead';
	attempts: number;
	totalAttempts: number;
	nextAttemptAt: string;
	lastStatusCode: number | null;
	lastError: string | null;
	createdAt: string;
	deliveredAt: string | null;
	log?: Attempt[];
}

export interface DeliveryPage {
	data: Delivery[];
	nextCursor: string | null;
}

export interface Latency {
	p50: number;
	p95: number;
	p99: number;
}

export interface StatsCounts {
	delivered: number;
	failed: number;
	pending: number;
	latency: Latency | null;
}

export type StatsRange = 'day' | 'week';

export interface DeliveryStats {
	range: StatsRange;
	from: string;
	to: string;
	hours: Array<StatsCounts & { hour: string }>;
	total: StatsCounts;
}
