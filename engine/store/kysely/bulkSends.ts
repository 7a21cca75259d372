import type { Kysely, Selectable } from 'kysely';
import type { BulkSendCounts, BulkSendJob, BulkSendRow, BulkSendRowInput, RowError, WorkflowScope } from '../../domain';
import type { Dialect } from '../dialect';
import type { BulkSendPage, Repository } from '../port';
import type { BulkSendRowsTable, BulkSendsTable, Database } from '../schema';
import { scoped, scopedRowById } from './scoped';
import { decodeCursor, pageOf } from './workflowCursor';

/** Rows per insert statement: far under SQLite's and PostgreSQL's limits on bound values. */
const INSERT_CHUNK = 500;

/**
 * Bulk sends and their rows. Jobs are read by their organization (and a key's mode); rows are
 * claimed engine-wide by the processes that make their workflows, leased as outbox rows are.
 */
export function bulkSendRepository(db: Kysely<Database>, dialect: Dialect): Repository['bulkSends'] {
	return {
		async insert(job, rows) {
			await db.insertInto('bulkSends').values(jobToRow(job)).execute();
			for (let start = 0; start < rows.length; start += INSERT_CHUNK)
				await db
					.insertInto('bulkSendRows')
					.values(rows.slice(start, start + INSERT_CHUNK).map(rowToRow))
					.execute();
		},
		async get(scope, id) {
			const row = await scopedRowById(db, scope, 'bulkSends', id);
			return row ? jobFromRow(row) : null;
		},
		list(scope, query) {
			return listJobs(db, scope, query);
		},
		async counts(organizationId, ids) {
			const counts = new Map<string, BulkSendCounts>(ids.map((id) => [id, { succeeded: 0, failed: 0, pending: 0 }]));
			if (ids.length === 0) return counts;
			const rows = await scoped(db, organizationId)
				.selectFrom('bulkSendRows')
				.select((eb) => ['bulkSendId', 'status', eb.fn.countAll().as('count')])
				.where('bulkSendId', 'in', ids)
				.groupBy(['bulkSendId', 'status'])
				.execute();
			for (const row of rows) {
				const count = counts.get(row.bulkSendId)!;
				count[row.status as keyof BulkSendCounts] = Number(row.count);
			}
			return counts;
		},
		async listRows(organizationId, bulkSendId, query) {
			let select = scoped(db, organizationId).selectFrom('bulkSendRows').selectAll().where('bulkSendId', '=', bulkSendId);
			if (query.status) select = select.where('status', '=', query.status);
			if (query.cursor !== undefined) select = select.where('rowIndex', '>', Number(query.cursor));
			const rows = await select
				.orderBy('rowIndex')
				.limit(query.limit + 1)
				.execute();
			const items = rows.slice(0, query.limit).map(rowFromRow);
			const last = items[items.length - 1];
			return { items, nextCursor: rows.length > query.limit && last ? String(last.index) : null };
		},
		async claimRows(now, leaseUntil, limit, claimant) {
			let due = db
				.selectFrom('bulkSendRows')
				.selectAll()
				.where('status', '=', 'pending')
				.where((where) => where.or([where('claimedUntil', 'is', null), where('claimedUntil', '<', now)]))
				.orderBy('status')
				.orderBy('createdAt')
				.orderBy('bulkSendId')
				.orderBy('rowIndex')
				.limit(limit);
			if (dialect === 'postgres') due = due.forUpdate().skipLocked();
			const rows = await due.execute();
			if (rows.length === 0) return [];
			for (const row of rows)
				await db
					.updateTable('bulkSendRows')
					.set({ claimedBy: claimant, claimedUntil: leaseUntil })
					.where('bulkSendId', '=', row.bulkSendId)
					.where('rowIndex', '=', row.rowIndex)
					.execute();
			const jobIds = [...new Set(rows.map((row) => row.bulkSendId))];
			await db.updateTable('bulkSends').set({ status: 'running' }).where('id', 'in', jobIds).where('status', '=', 'queued').execute();
			return rows.map(rowFromRow);
		},
		async renewClaims(claimant, leaseUntil) {
			const result = await db
				.updateTable('bulkSendRows')
				.set({ claimedUntil: leaseUntil })
				.where('status', '=', 'pending')
				.where('claimedBy', '=', claimant)
				.executeTakeFirst();
			return Number(result.numUpdatedRows);
		},
		async releaseClaims(claimant) {
			let query = db.updateTable('bulkSendRows').set({ claimedBy: null, claimedUntil: null }).where('status', '=', 'pending').where('claimedBy', 'is not', null);
			if (claimant !== undefined) query = query.where('claimedBy', '=', claimant);
			await query.execute();
		},
		async finishRow(row, outcome, at) {
			const result = await scoped(db, row.organizationId)
				.updateTable('bulkSendRows')
				.set({
					status: outcome.workflowId ? 'succeeded' : 'failed',
					workflowId: outcome.workflowId,
					error: outcome.error ? JSON.stringify(outcome.error) : null,
					// What was asked (people, access codes) lives on in the workflow, not here.
					input: null,
					claimedBy: null,
					claimedUntil: null,
					finishedAt: at,
				})
				.where('bulkSendId', '=', row.bulkSendId)
				.where('rowIndex', '=', row.index)
				.where('status', '=', 'pending')
				.executeTakeFirst();
			return result.numUpdatedRows > 0n;
		},
		async postpone(row, claimant, until) {
			await scoped(db, row.organizationId)
				.updateTable('bulkSendRows')
				.set((eb) => ({ attempts: eb('attempts', '+', 1), claimedUntil: until }))
				.where('bulkSendId', '=', row.bulkSendId)
				.where('rowIndex', '=', row.index)
				.where('status', '=', 'pending')
				.where('claimedBy', '=', claimant)
				.execute();
		},
		async doneButOpen(limit) {
			return db
				.selectFrom('bulkSends')
				.select(['organizationId', 'id'])
				.where('status', '!=', 'completed')
				.where((eb) =>
					eb.not(
						eb.exists(
							eb
								.selectFrom('bulkSendRows')
								.select('bulkSendRows.rowIndex')
								.whereRef('bulkSendRows.bulkSendId', '=', 'bulkSends.id')
								.where('bulkSendRows.status', '=', 'pending'),
						),
					),
				)
				.limit(limit)
				.execute();
		},
		async completeIfDone(organizationId, bulkSendId, at) {
			const pending = db.selectFrom('bulkSendRows').select('rowIndex').where('bulkSendId', '=', bulkSendId).where('status', '=', 'pending');
			const result = await scoped(db, organizationId)
				.updateTable('bulkSends')
				.set({ status: 'completed', completedAt: at })
				.where('id', '=', bulkSendId)
				.where('status', '!=', 'completed')
				.where((eb) => eb.not(eb.exists(pending)))
				.executeTakeFirst();
			return result.numUpdatedRows > 0n;
		},
	};
}

/** Newest first, keyset-paged on (createdAt, id), as workflows are. */
async function listJobs(db: Kysely<Database>, scope: WorkflowScope, query: { limit: number; cursor?: string }): Promise<BulkSendPage> {
	let select = scoped(db, scope).selectFrom('bulkSends').selectAll();
	if (query.cursor) {
		const [createdAt, id] = decodeCursor(query.cursor);
		select = select.where((eb) => eb.or([eb('createdAt', '<', createdAt), eb.and([eb('createdAt', '=', createdAt), eb('id', '<', id)])]));
	}
	const rows = await select
		.orderBy('createdAt', 'desc')
		.orderBy('id', 'desc')
		.limit(query.limit + 1)
		.execute();
	return pageOf(rows, query.limit, jobFromRow);
}

/* Rows <-> domain objects. JSON columns are text. */

function jobToRow(job: BulkSendJob): BulkSendsTable {
	return { ...job, test: job.test ? 1 : 0 };
}

function jobFromRow(row: Selectable<BulkSendsTable>): BulkSendJob {
	return { ...row, test: Boolean(row.test), status: row.status as BulkSendJob['status'], total: Number(row.total) };
}

function rowToRow(row: BulkSendRow): BulkSendRowsTable {
	return {
		organizationId: row.organizationId,
		bulkSendId: row.bulkSendId,
		rowIndex: row.index,
		status: row.status,
		input: row.input ? JSON.stringify(row.input) : null,
		workflowId: row.workflowId,
		error: row.error ? JSON.stringify(row.error) : null,
		attempts: row.attempts,
		claimedBy: null,
		claimedUntil: null,
		createdAt: row.createdAt,
		finishedAt: row.finishedAt,
	};
}

function rowFromRow(row: Selectable<BulkSendRowsTable>): BulkSendRow {
	return {
		organizationId: row.organizationId,
		bulkSendId: row.bulkSendId,
		index: Number(row.rowIndex),
		status: row.status as BulkSendRow['status'],
		input: row.input ? (JSON.parse(row.input) as BulkSendRowInput) : null,
		workflowId: row.workflowId,
		error: row.error ? (JSON.parse(row.error) as RowError) : null,
		attempts: Number(row.attempts),
		createdAt: row.createdAt,
		finishedAt: row.finishedAt,
	};
}
