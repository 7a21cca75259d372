import { CompiledQuery, type Kysely, type Selectable } from 'kysely';
import type { Delivery, DeliveryAttempt, WebhookConfig } from '../../domain';
import type { Dialect } from '../dialect';
import type { Repository } from '../port';
import type { Database, DeliveriesTable } from '../schema';
import { deliveryStats } from './deliveryStats';
import { asWrite, insertRowQuery } from './rowWrites';
import { scoped } from './scoped';
import { webhookFromRow } from './webhooks';
import type { Write } from './writes';

/** Webhook deliveries (the webhook outbox) and the log of their attempts. */
export function deliveryRepository(db: Kysely<Database>, dialect: Dialect, write: Write): Repository['deliveries'] {
	/** One webhook configuration's deliveries. */
	const ofWebhook = (organizationId: string, webhookId: string) =>
		scoped(db, organizationId).selectFrom('deliveries').selectAll().where('webhookId', '=', webhookId);

	return {
		async insert(delivery) {
			// One per event and configuration: its SQL compiled once per set of columns (rowWrites.ts).
			await write(asWrite(db, insertRowQuery(db, dialect, 'deliveries', deliveryToRow(delivery))));
		},
		async get(organizationId, id) {
			const row = await scoped(db, organizationId).selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
			return row ? deliveryFromRow(row) : null;
		},
		async update(delivery) {
			// The payload never changes: only the delivery's state is written.
			const { id, organizationId, status, attempts, totalAttempts, nextAttemptAt, claimedUntil, claimedBy, lastStatusCode, lastError, deliveredAt } = delivery;
			await scoped(db, organizationId)
				.updateTable('deliveries')
				.set({ status, attempts, totalAttempts, nextAttemptAt, claimedUntil, claimedBy, lastStatusCode, lastError, deliveredAt })
				.where('id', '=', id)
				.execute();
		},
		async updateMany(deliveries, claimant) {
			// Deliveries that end in the same state (a burst of successes: same status, counts, time) share one statement.
			// A finished delivery's next attempt time is left as stored (each delivery has its own, and nothing reads it once finished).
			const groups = new Map<string, { state: DeliveryState; organizationId: string; ids: string[] }>();
			for (const delivery of deliveries) {
				const { id, organizationId, status, attempts, totalAttempts, claimedUntil, claimedBy, lastStatusCode, lastError, deliveredAt } = delivery;
				const nextAttemptAt = status === 'succeeded' || status === 'dead' ? null : delivery.nextAttemptAt;
				const state = { status, attempts, totalAttempts, nextAttemptAt, claimedUntil, claimedBy, lastStatusCode, lastError, deliveredAt };
				const key = JSON.stringify([organizationId, state]);
				const group = groups.get(key) ?? { state, organizationId, ids: [] };
				group.ids.push(id);
				groups.set(key, group);
			}
			const written: string[] = [];
			for (const { state, organizationId, ids } of groups.values())
				for (const chunk of chunks(ids, MAX_IDS_PER_STATEMENT)) {
					const result = await db.executeQuery<{ id: string }>(updateStateQuery(dialect, state, organizationId, chunk, claimant));
					written.push(...(claimant === undefined ? chunk : result.rows.map((row) => row.id)));
				}
			return written;
		},
		claimDue: (now, leaseUntil, claimant, limit, perWebhook, skipWebhookIds = []) =>
			claimDue(db, dialect, now, leaseUntil, claimant, limit, perWebhook, skipWebhookIds),
		// Engine-wide, like claimDue: the ids are this process's own claims.
		async renewClaims(ids, claimant, leaseUntil) {
			for (const chunk of chunks(ids, MAX_IDS_PER_STATEMENT)) {
				let held = db.selectFrom('deliveries').select('id').where('id', 'in', chunk).where('status', '=', 'delivering').where('claimedBy', '=', claimant);
				// Rows another transaction has locked are left for the next renewal: one that is writing their
				// outcome ends the claim anyway, and a renewal that never waits cannot deadlock with it.
				if (dialect === 'postgres') held = held.forUpdate().skipLocked();
				await db.updateTable('deliveries').set({ claimedUntil: leaseUntil }).where('id', 'in', held).execute();
			}
		},
		// Engine-wide, at start.
		async releaseClaims() {
			await db.updateTable('deliveries').set({ status: 'pending', claimedUntil: null, claimedBy: null }).where('status', '=', 'delivering').execute();
		},
		// Engine-wide, like claimDue: the ids are this process's own claims.
		async release(ids, claimant) {
			for (const chunk of chunks(ids, MAX_IDS_PER_STATEMENT))
				await db
					.updateTable('deliveries')
					.set({ status: 'pending', claimedUntil: null, claimedBy: null })
					.where('status', '=', 'delivering')
					.where('claimedBy', '=', claimant)
					.where('id', 'in', chunk)
					.execute();
		},
		async listByWebhook(organizationId, webhookId, query) {
			let select = ofWebhook(organizationId, webhookId);
			if (query.status) select = select.where('status', '=', query.status);
			if (query.before) select = select.where('id', '<', query.before);
			const rows = await select.orderBy('id', 'desc').limit(query.limit).execute();
			return rows.map(deliveryFromRow);
		},
		async listFailedSince(organizationId, webhookId, since) {
			const rows = await ofWebhook(organizationId, webhookId)
				.where('createdAt', '>=', since)
				.where((eb) => eb.or([eb('status', '=', 'dead'), eb.and([eb('status', '=', 'pending'), eb('attempts', '>', 0)])]))
				.orderBy('id')
				.execute();
			return rows.map(deliveryFromRow);
		},
		async addAttempt(attempt) {
			await db.insertInto('deliveryAttempts').values(attempt).execute();
		},
		async addAttempts(attempts) {
			for (const chunk of chunks(attempts, ATTEMPTS_PER_STATEMENT)) await write(asWrite(db, insertAttemptsQuery(dialect, chunk)));
		},
		async dueSummary(now) {
			const row = await db
				.selectFrom('deliveries as d')
				.innerJoin('webhooks as w', 'w.id', 'd.webhookId')
				.select((eb) => [eb.fn.countAll().as('count'), eb.fn.min('d.nextAttemptAt').as('oldestDueAt')])
				.where('d.status', '=', 'pending')
				.where('d.nextAttemptAt', '<=', now)
				.where('w.enabled', '=', 1)
				.where('w.deletedAt', 'is', null)
				.executeTakeFirstOrThrow();
			return { count: Number(row.count), oldestDueAt: row.oldestDueAt ?? null };
		},
		stats: (scope, webhookId, since) => deliveryStats(db, dialect, scope, webhookId, since),
		async listAttempts(organizationId, deliveryId) {
			const rows = await scoped(db, organizationId)
				.selectFrom('deliveryAttempts')
				.selectAll()
				.where('deliveryId', '=', deliveryId)
				.orderBy('attemptedAt')
				.orderBy('id')
				.execute();
			return rows.map((row) => ({
				...row,
				statusCode: row.statusCode === null ? null : Number(row.statusCode),
				durationMs: Number(row.durationMs),
			}));
		},
	};
}

/** What `updateMany` writes: the delivery's state, never its payload; a null nextAttemptAt is left as stored. */
type DeliveryState = Pick<Delivery, 'status' | 'attempts' | 'totalAttempts' | 'claimedUntil' | 'claimedBy' | 'lastStatusCode' | 'lastError' | 'deliveredAt'> & {
	nextAttemptAt: string | null;
};

/**
 * The statement of updateMany, written out: the query builder cost more than the statement
 * itself for a batch of outcomes (one node per id, frozen, then transformed by the plugins).
 * Scoped to the organization like every other statement; with `claimant`, only rows that claim
 * still holds (a process that stalled past its lease does not overwrite the new holder's outcome),
 * answering the ids it wrote.
 */
function updateStateQuery(dialect: Dialect, state: DeliveryState, organizationId: string, ids: string[], claimant?: string): CompiledQuery {
	const columns: Array<[string, unknown]> = [
		['status', state.status],
		['attempts', state.attempts],
		['total_attempts', state.totalAttempts],
		...(state.nextAttemptAt === null ? [] : [['next_attempt_at', state.nextAttemptAt] as [string, unknown]]),
		['claimed_until', state.claimedUntil],
		['claimed_by', state.claimedBy],
		['last_status_code', state.lastStatusCode],
		['last_error', state.lastError],
		['delivered_at', state.deliveredAt],
	];
	const held = claimant === undefined ? [] : [claimant];
	const parameters: unknown[] = [...columns.map(([, value]) => value), organizationId, ...held, ...ids];
	const mark = dialect === 'postgres' ? (index: number) => `$${index + 1}` : () => '?';
	const marks = parameters.map((_, index) => mark(index));
	const idsFrom = columns.length + 1 + held.length;
	const text =
		`update "deliveries" set ${columns.map(([column], index) => `"${column}" = ${marks[index]}`).join(', ')} ` +
		`where "organization_id" = ${marks[columns.length]} ` +
		(held.length > 0 ? `and "status" = 'delivering' and "claimed_by" = ${marks[columns.length + 1]} ` : '') +
		`and "id" in (${marks.slice(idsFrom).join(', ')})` +
		(held.length > 0 ? ' returning "id"' : '');
	return CompiledQuery.raw(text, parameters);
}

const ATTEMPT_COLUMNS = ['id', 'delivery_id', 'organization_id', 'attempted_at', 'status_code', 'duration_ms', 'error', 'response_body'];

/** Attempts in one multi-row insert, written without the query builder (it would make a node of each of their values). */
function insertAttemptsQuery(dialect: Dialect, attempts: DeliveryAttempt[]): CompiledQuery {
	const parameters = attempts.flatMap((attempt) => [
		attempt.id,
		attempt.deliveryId,
		attempt.organizationId,
		attempt.attemptedAt,
		attempt.statusCode,
		attempt.durationMs,
		attempt.error,
		attempt.responseBody,
	]);
	let marked = 0;
	const mark = dialect === 'postgres' ? () => `$${(marked += 1)}` : () => '?';
	const rows = attempts.map(() => `(${ATTEMPT_COLUMNS.map(mark).join(', ')})`).join(', ');
	return CompiledQuery.raw(`insert into "delivery_attempts" (${ATTEMPT_COLUMNS.map((column) => `"${column}"`).join(', ')}) values ${rows}`, parameters);
}

/** SQLite allows a bounded number of bound parameters per statement (32,766; 999 before 3.32). */
const MAX_IDS_PER_STATEMENT = 500;
/** An attempt row binds 8 values. */
const ATTEMPTS_PER_STATEMENT = 100;

function chunks<T>(items: T[], size: number): T[][] {
	const result: T[][] = [];
	for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
	return result;
}

/**
 * Engine-wide (the sender serves every organization): leases up to `limit` due deliveries of
 * enabled configurations, at most `perWebhook(config)` per configuration (see the port).
 */
async function claimDue(
	db: Kysely<Database>,
	dialect: Dialect,
	now: string,
	leaseUntil: string,
	claimant: string,
	limit: number,
	perWebhook: (webhook: WebhookConfig) => number,
	skipWebhookIds: string[],
): Promise<{ claimed: Array<{ delivery: Delivery; webhook: WebhookConfig }>; complete: boolean; leftBehind: string[] }> {
	// Left out in SQL, so their rows are neither read nor mapped (a full queue would otherwise be re-read on every pass).
	const skipped = skipWebhookIds.slice(0, MAX_IDS_PER_STATEMENT);
	// Two index range scans rather than one OR: due pending ones first, then claims whose lease ran out.
	const due = (status: 'pending' | 'delivering', take: number) => {
		let query = db
			.selectFrom('deliveries as d')
			.innerJoin('webhooks as w', 'w.id', 'd.webhookId')
			// Ids only: most of a large batch may be left for configurations without room, so the rows
			// (payloads and all) are read by the update that claims them, for the chosen ones alone.
			.select(['d.id', 'd.webhookId'])
			.where('d.status', '=', status)
			.where(status === 'pending' ? 'd.nextAttemptAt' : 'd.claimedUntil', status === 'pending' ? '<=' : '<', now)
			.where('w.enabled', '=', 1)
			.where('w.deletedAt', 'is', null)
			.$if(skipped.length > 0, (q) => q.where('d.webhookId', 'not in', skipped))
			.orderBy(status === 'pending' ? 'd.nextAttemptAt' : 'd.claimedUntil')
			.limit(take);
		// Several engines on one PostgreSQL database share the work without taking the same rows.
		if (dialect === 'postgres') query = query.forUpdate('d').skipLocked();
		return query.execute();
	};
	const candidates = await due('pending', limit);
	if (candidates.length < limit) candidates.push(...(await due('delivering', limit - candidates.length)));
	if (candidates.length === 0) return { claimed: [], complete: true, leftBehind: [] };
	const webhookIds = [...new Set(candidates.map((row) => row.webhookId))];
	const webhooks = new Map(
		(await db.selectFrom('webhooks').selectAll().where('id', 'in', webhookIds).execute()).map((row) => [row.id, webhookFromRow(row)]),
	);
	const room = new Map([...webhooks].map(([id, webhook]) => [id, perWebhook(webhook)]));
	const leftBehind = new Set<string>();
	const chosen = candidates.filter((row) => {
		const left = room.get(row.webhookId) ?? 0;
		if (left <= 0) {
			leftBehind.add(row.webhookId);
			return false;
		}
		room.set(row.webhookId, left - 1);
		return true;
	});
	const claimedRows = new Map<string, Selectable<DeliveriesTable>>();
	for (const chunk of chunks(chosen, MAX_IDS_PER_STATEMENT)) {
		const rows = await db
			.updateTable('deliveries')
			.set({ status: 'delivering', claimedUntil: leaseUntil, claimedBy: claimant })
			.where(
				'id',
				'in',
				chunk.map((row) => row.id),
			)
			.returningAll()
			.execute();
		for (const row of rows) claimedRows.set(row.id, row);
	}
	return {
		// In the order they fell due (an update returns its rows in no particular order).
		claimed: chosen.flatMap(({ id, webhookId }) => {
			const row = claimedRows.get(id);
			return row ? [{ delivery: deliveryFromRow(row), webhook: webhooks.get(webhookId)! }] : [];
		}),
		complete: candidates.length < limit,
		leftBehind: [...leftBehind],
	};
}

/* Rows <-> domain objects. JSON columns are text. */

function deliveryFromRow(row: Selectable<DeliveriesTable>): Delivery {
	return {
		...row,
		payload: JSON.parse(row.payload) as Delivery['payload'],
		status: row.status as Delivery['status'],
		attempts: Number(row.attempts),
		totalAttempts: Number(row.totalAttempts),
		lastStatusCode: row.lastStatusCode === null ? null : Number(row.lastStatusCode),
	};
}

function deliveryToRow(delivery: Delivery): DeliveriesTable {
	return { ...delivery, payload: JSON.stringify(delivery.payload) };
}
