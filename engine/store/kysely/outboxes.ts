import type { CompiledQuery, Kysely, Selectable } from 'kysely';
import type { FinalizationJob, OutboxEmail } from '../../domain';
import type { Dialect } from '../dialect';
import type { DueSummary, Repository } from '../port';
import type { Database, EmailsTable, FinalizationsTable } from '../schema';
import { asWrite, insertRowQuery, keptCompiled, keptRows } from './rowWrites';
import { rowsOfWorkflow, scoped } from './scoped';
import type { Write } from './writes';

/*
 * Work written with a state change and done afterwards: finalization jobs (sealing a
 * completed workflow) and emails. Claims are engine-wide: the workers serve every organization.
 */

export function finalizationRepository(db: Kysely<Database>, dialect: Dialect, write: Write): Repository['finalizations'] {
	return {
		async enqueue(job, claim) {
			await write(asWrite(db, insertRowQuery(db, dialect, 'finalizations', claim ? { ...job, ...claim } : job)));
		},
		async claimDue(now, leaseUntil, limit, claimant) {
			const rows = await dueAndUnclaimed(db, dialect, 'finalizations', now, limit);
			if (rows.length === 0) return [];
			const workflowIds = rows.map((row) => row.workflowId);
			await db.executeQuery(
				keptCompiled(`${dialect} claim finalizations ${workflowIds.length}`, [leaseUntil, claimant, ...workflowIds], () =>
					db.updateTable('finalizations').set({ claimedUntil: leaseUntil, claimedBy: claimant }).where('workflowId', 'in', workflowIds).compile(),
				),
			);
			return rows.map(finalizationFromRow);
		},
		async renewClaim(organizationId, workflowId, claimant, leaseUntil) {
			const result = await scoped(db, organizationId)
				.updateTable('finalizations')
				.set({ claimedUntil: leaseUntil })
				.where('workflowId', '=', workflowId)
				.where('status', '=', 'pending')
				.where('claimedBy', '=', claimant)
				.executeTakeFirst();
			return result.numUpdatedRows > 0n;
		},
		async claimedBy(organizationId, workflowId, claimant) {
			const [row] = await keptRows<Selectable<FinalizationsTable>>(db, `${dialect} finalization claimed by`, [organizationId, workflowId, 'pending', claimant], () => {
				const query = scoped(db, organizationId)
					.selectFrom('finalizations')
					.selectAll()
					.where('workflowId', '=', workflowId)
					.where('status', '=', 'pending')
					.where('claimedBy', '=', claimant);
				return (dialect === 'postgres' ? query.forUpdate() : query).compile();
			});
			return row ? finalizationFromRow(row) : null;
		},
		async releaseClaims() {
			await db
				.updateTable('finalizations')
				.set({ claimedUntil: null, claimedBy: null })
				.where('status', '=', 'pending')
				.where('claimedUntil', 'is not', null)
				.execute();
		},
		async get(organizationId, workflowId) {
			const [row] = await keptRows<Selectable<FinalizationsTable>>(db, `${dialect} finalization`, [organizationId, workflowId], () =>
				scoped(db, organizationId).selectFrom('finalizations').selectAll().where('workflowId', '=', workflowId).compile(),
			);
			return row ? finalizationFromRow(row) : null;
		},
		dueSummary: (now) => dueSummary(db, 'finalizations', now),
		async update(job, claimant) {
			const result = await db.executeQuery(updateFinalizationQuery(db, dialect, job, claimant));
			return (result.numAffectedRows ?? 0n) > 0n;
		},
		async updateLocked(job) {
			await write(asWrite(db, updateFinalizationQuery(db, dialect, job)));
		},
	};
}

function updateFinalizationQuery(db: Kysely<Database>, dialect: Dialect, job: FinalizationJob, claimant?: string): CompiledQuery {
	const { workflowId, organizationId, status, attempts, nextAttemptAt, lastError, finishedAt } = job;
	const parameters = [status, attempts, nextAttemptAt, lastError, finishedAt, null, null, organizationId, workflowId, ...(claimant === undefined ? [] : [claimant])];
	return keptCompiled(`${dialect} update finalization ${claimant === undefined ? 'any claim' : 'by claimant'}`, parameters, () => {
		const query = scoped(db, organizationId)
			.updateTable('finalizations')
			.set({ status, attempts, nextAttemptAt, lastError, finishedAt, claimedUntil: null, claimedBy: null })
			.where('workflowId', '=', workflowId);
		return (claimant === undefined ? query : query.where('claimedBy', '=', claimant)).compile();
	});
}

export function emailRepository(db: Kysely<Database>, dialect: Dialect, write: Write): Repository['emails'] {
	return {
		async enqueue(email) {
			await write(db.insertInto('emails').values({ ...email, data: email.data === null ? null : JSON.stringify(email.data) }));
		},
		async claimDue(now, leaseUntil, limit, claimant) {
			const rows = await dueAndUnclaimed(db, dialect, 'emails', now, limit);
			if (rows.length === 0) return [];
			await db
				.updateTable('emails')
				.set({ claimedUntil: leaseUntil, claimedBy: claimant })
				.where(
					'id',
					'in',
					rows.map((row) => row.id),
				)
				.execute();
			return rows.map(emailFromRow);
		},
		async renewClaims(ids, claimant, leaseUntil) {
			if (ids.length === 0) return;
			let held = db.selectFrom('emails').select('id').where('id', 'in', ids).where('claimedBy', '=', claimant);
			// Rows another transaction has locked (this email's outcome being stored) are left: a renewal never waits.
			if (dialect === 'postgres') held = held.forUpdate().skipLocked();
			await db.updateTable('emails').set({ claimedUntil: leaseUntil }).where('id', 'in', held).execute();
		},
		async releaseClaims() {
			await db.updateTable('emails').set({ claimedUntil: null, claimedBy: null }).where('claimedBy', 'is not', null).execute();
		},
		async update(email, claimant) {
			const { id, organizationId, ...changes } = email;
			const query = scoped(db, organizationId)
				.updateTable('emails')
				.set({
					status: changes.status,
					attempts: changes.attempts,
					nextAttemptAt: changes.nextAttemptAt,
					lastError: changes.lastError,
					sentAt: changes.sentAt,
				})
				.where('id', '=', id);
			if (claimant === undefined) {
				await write(query);
				return true;
			}
			// The sender's outcome ends its claim, and is stored only while the claim is still its own.
			const result = await query.set({ claimedUntil: null, claimedBy: null }).where('claimedBy', '=', claimant).executeTakeFirst();
			return result.numUpdatedRows > 0n;
		},
		async listByWorkflow(organizationId, workflowId) {
			return (await rowsOfWorkflow(db, 'emails', organizationId, workflowId)).map(emailFromRow);
		},
		dueSummary: (now) => dueSummary(db, 'emails', now),
	};
}

/**
 * Pending rows of an outbox that are due and not claimed (or whose claim ran out), the longest
 * waiting first; on PostgreSQL locked, skipping rows another transaction is claiming, so
 * concurrent claimers never take the same row.
 */
function dueAndUnclaimed<T extends 'finalizations' | 'emails'>(db: Kysely<Database>, dialect: Dialect, table: T, now: string, limit: number) {
	// Asked on every pass of the outbox loops: its text is kept.
	return keptRows<Selectable<Database[T]>>(db, `${dialect} due and unclaimed ${table}`, ['pending', now, now, limit], () => {
		let built = db
			// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- on T, Kysely's where() has no callable signature (tsc TS2349)
			.selectFrom(table as 'finalizations' | 'emails')
			.selectAll()
			.where('status', '=', 'pending')
			.where('nextAttemptAt', '<=', now)
			.where((where) => where.or([where('claimedUntil', 'is', null), where('claimedUntil', '<', now)]))
			.orderBy('nextAttemptAt')
			.limit(limit);
		if (dialect === 'postgres') built = built.forUpdate().skipLocked();
		return built.compile();
	});
}

/** How many pending rows of an outbox are due, and the earliest due time: one range scan of its (status, next_attempt_at) index. */
async function dueSummary(db: Kysely<Database>, table: 'finalizations' | 'emails', now: string): Promise<DueSummary> {
	const row = await db
		.selectFrom(table)
		.select((eb) => [eb.fn.countAll().as('count'), eb.fn.min('nextAttemptAt').as('oldestDueAt')])
		.where('status', '=', 'pending')
		.where('nextAttemptAt', '<=', now)
		.executeTakeFirstOrThrow();
	return { count: Number(row.count), oldestDueAt: row.oldestDueAt ?? null };
}

/* Rows <-> domain objects. JSON columns are text. */

export function finalizationFromRow({ claimedUntil: _until, claimedBy: _by, ...row }: Selectable<FinalizationsTable>): FinalizationJob {
	return { ...row, status: row.status as FinalizationJob['status'], attempts: Number(row.attempts) };
}

function emailFromRow({ claimedUntil: _until, claimedBy: _by, ...row }: Selectable<EmailsTable>): OutboxEmail {
	return {
		...row,
		data: row.data === null ? null : (JSON.parse(row.data) as OutboxEmail['data']),
		kind: row.kind as OutboxEmail['kind'],
		status: row.status as OutboxEmail['status'],
		attempts: Number(row.attempts),
	};
}
