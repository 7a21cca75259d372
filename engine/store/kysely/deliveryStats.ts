import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DeliveryStatsBucket, DeliveryStatsRows, LatencyPercentiles, WorkflowScope } from '../../domain';
import type { Dialect } from '../dialect';
import type { Database } from '../schema';

/*
 * A webhook configuration's delivery statistics, computed by the database the same way on SQLite
 * and PostgreSQL: the hour is the first 13 characters of the ISO time (`YYYY-MM-DDTHH`, UTC), and
 * a percentile is the nearest rank (the smallest latency whose rank r among n sorted ones has
 * r / n >= p), in integer arithmetic so that neither store rounds differently. The attempts are
 * found by the migration 031 index (organization, attempted_at).
 */

const PERCENTILES = { p50: 50, p95: 95, p99: 99 } as const;

/** The condition keeping a delivery `d` to a key's mode: its payload says `test` (outbox/webhookPayload.ts). */
function modeCondition(dialect: Dialect, scope: WorkflowScope): RawBuilder<boolean> {
	if (scope.mode === null) return sql<boolean>`1 = 1`;
	const test =
		dialect === 'postgres' ? sql<boolean>`coalesce((d.payload::jsonb ->> 'test') = 'true', false)` : sql<boolean>`coalesce(json_extract(d.payload, '$.test') = 1, 0)`;
	return scope.mode === 'test' ? test : sql<boolean>`not ${test}`;
}

/** The attempts' outcome counts and latency percentiles, per hour or (hourly false) over the whole range. */
function attemptStats(db: Kysely<Database>, dialect: Dialect, scope: WorkflowScope, webhookId: string, since: string, hourly: boolean) {
	const hour = sql`substr(a.attempted_at, 1, 13)`;
	const partition = hourly ? sql`partition by ${hour}` : sql``;
	const percentile = (p: number) => sql<number | null>`min(case when rn * 100 >= ${sql.lit(p)} * n then duration_ms end)`;
	return sql<{ hour: string; delivered: number | string; failed: number | string; p50: number | string | null; p95: number | string | null; p99: number | string | null }>`
		with ranked as (
			select ${hourly ? hour : sql`''`} as hour,
				a.duration_ms,
				case when a.status_code >= 200 and a.status_code < 300 then 1 else 0 end as ok,
				row_number() over (${partition} order by a.duration_ms) as rn,
				count(*) over (${partition}) as n
			from delivery_attempts a
			join deliveries d on d.id = a.delivery_id and d.organization_id = a.organization_id
			where a.organization_id = ${scope.organizationId}
				and a.attempted_at >= ${since}
				and d.webhook_id = ${webhookId}
				and ${modeCondition(dialect, scope)}
		)
		select hour, sum(ok) as delivered, count(*) - sum(ok) as failed,
			${percentile(PERCENTILES.p50)} as p50, ${percentile(PERCENTILES.p95)} as p95, ${percentile(PERCENTILES.p99)} as p99
		from ranked group by hour order by hour`.execute(db);
}

/** Deliveries made since `since` still waiting (for a first attempt or a retry), per hour they were made. */
function pendingStats(db: Kysely<Database>, dialect: Dialect, scope: WorkflowScope, webhookId: string, since: string) {
	return sql<{ hour: string; pending: number | string }>`
		select substr(d.created_at, 1, 13) as hour, count(*) as pending
		from deliveries d
		where d.organization_id = ${scope.organizationId}
			and d.webhook_id = ${webhookId}
			and d.created_at >= ${since}
			and d.status in ('pending', 'delivering')
			and ${modeCondition(dialect, scope)}
		group by substr(d.created_at, 1, 13)`.execute(db);
}

export async function deliveryStats(db: Kysely<Database>, dialect: Dialect, scope: WorkflowScope, webhookId: string, since: string): Promise<DeliveryStatsRows> {
	const [hourly, overall, pending] = await Promise.all([
		attemptStats(db, dialect, scope, webhookId, since, true),
		attemptStats(db, dialect, scope, webhookId, since, false),
		pendingStats(db, dialect, scope, webhookId, since),
	]);
	const buckets = new Map<string, DeliveryStatsBucket>();
	const bucket = (hour: string) => {
		let found = buckets.get(hour);
		if (!found) buckets.set(hour, (found = { hour, delivered: 0, failed: 0, pending: 0, latency: null }));
		return found;
	};
	for (const row of hourly.rows) Object.assign(bucket(row.hour), { delivered: Number(row.delivered), failed: Number(row.failed), latency: latencyOf(row) });
	let waiting = 0;
	for (const row of pending.rows) {
		bucket(row.hour).pending = Number(row.pending);
		waiting += Number(row.pending);
	}
	const whole = overall.rows[0];
	return {
		hours: [...buckets.values()].sort((a, b) => a.hour.localeCompare(b.hour)),
		total: {
			delivered: whole ? Number(whole.delivered) : 0,
			failed: whole ? Number(whole.failed) : 0,
			pending: waiting,
			latency: whole ? latencyOf(whole) : null,
		},
	};
}

function latencyOf(row: { p50: number | string | null; p95: number | string | null; p99: number | string | null }): LatencyPercentiles | null {
	if (row.p50 === null || row.p95 === null || row.p99 === null) return null;
	return { p50: Number(row.p50), p95: Number(row.p95), p99: Number(row.p99) };
}
