import {
	castTemplate,
	engineScope,
	newId,
	notFound,
	parseBulkSendRow,
	SignflowError,
	SYSTEM_ACTOR,
	type BulkSend,
	type BulkSendCounts,
	type BulkSendJob,
	type BulkSendRow,
	type BulkSendRowInput,
	type BulkSendRowOutcome,
	type CreateBulkSendInput,
	type EventContext,
	type ListBulkSendRowsQuery,
	type ListBulkSendsQuery,
	type PendingEvent,
	type Principal,
	type RowError,
	type Template,
} from '../domain';
import type { SecretBox } from '../security/secretBox';
import type { Repository } from '../store/port';
import type { ServiceOptions } from './shared';
import type { TemplateWorkflows } from './templateWorkflows';

/** How often a row that failed for a reason of the engine's own (a database error) is tried before it fails. */
const MAX_ROW_ATTEMPTS = 5;
/** A template changed while a row's workflow was made: the row is made again from the new one, this many times. */
const TEMPLATE_CHANGED_RETRIES = 3;

/** What happened to one claimed row. */
export type RowResult = 'succeeded' | 'failed' | 'postponed' | 'taken';

/** Thrown in a row's transaction when the row is no longer pending: its workflow is not made (again). */
class RowTaken extends Error {}

/**
 * Bulk sends: a template's workflows made and sent, one per row, in the background. A request is
 * accepted whole (the job and every row stored in one transaction; rows that cannot be used, by
 * their shape or against the template, failed at once); then each row is made in its own
 * transaction, which also marks the row done, so a row's workflow is made once whatever stops.
 */
export class BulkSends {
	constructor(
		private readonly options: Pick<ServiceOptions, 'store' | 'clock' | 'recorder' | 'signals' | 'secrets'>,
		private readonly templateWorkflows: TemplateWorkflows,
	) {}

	async create(principal: Principal, templateId: string, input: CreateBulkSendInput, context: EventContext): Promise<BulkSend> {
		const template = await this.options.store.read((repository) => repository.templates.get(principal, templateId));
		if (!template) throw notFound('template');
		const at = this.options.clock.now().toISOString();
		const job: BulkSendJob = {
			id: newId(),
			organizationId: principal.organizationId,
			templateId,
			test: principal.mode === 'test',
			status: 'queued',
			total: input.rows.length,
			apiKeyId: context.actor.type === 'api_key' ? context.actor.id : null,
			ip: context.ip,
			userAgent: context.userAgent,
			createdAt: at,
			completedAt: null,
		};
		const rows = input.rows.map((value, index) => acceptedRow(job, template, value, index, at, this.options.secrets));
		const counts = countRows(rows);
		if (counts.pending === 0) Object.assign(job, { status: 'completed', completedAt: at });
		await this.options.store.transaction(async (repository) => {
			await repository.bulkSends.insert(job, rows);
			if (job.status === 'completed')
				await this.options.recorder.record(repository, { organizationId: job.organizationId, events: [completedEvent(job, counts)], context, at });
			if (counts.pending > 0) repository.afterCommit(() => this.options.signals.emit('bulk_send'));
		});
		return view(job, counts);
	}

	async get(principal: Principal, id: string): Promise<BulkSend> {
		return this.options.store.read(async (repository) => {
			const job = await repository.bulkSends.get(principal, id);
			if (!job) throw notFound('bulk_send');
			return view(job, (await repository.bulkSends.counts(principal.organizationId, [id])).get(id)!);
		});
	}

	async list(principal: Principal, query: ListBulkSendsQuery): Promise<{ items: BulkSend[]; nextCursor: string | null }> {
		return this.options.store.read(async (repository) => {
			const page = await repository.bulkSends.list(principal, query);
			const counts = await repository.bulkSends.counts(
				principal.organizationId,
				page.items.map((job) => job.id),
			);
			return { items: page.items.map((job) => view(job, counts.get(job.id)!)), nextCursor: page.nextCursor };
		});
	}

	async rows(principal: Principal, id: string, query: ListBulkSendRowsQuery): Promise<{ items: BulkSendRowOutcome[]; nextCursor: string | null }> {
		return this.options.store.read(async (repository) => {
			if (!(await repository.bulkSends.get(principal, id))) throw notFound('bulk_send');
			const page = await repository.bulkSends.listRows(principal.organizationId, id, query);
			return {
				items: page.items.map((row) => ({ index: row.index, status: row.status, workflowId: row.workflowId, error: row.error, finishedAt: row.finishedAt })),
				nextCursor: page.nextCursor,
			};
		});
	}

	// ----- the worker's side (workers/bulkSends.ts) -----

	/** At start with SQLite (one process): claims a stopped process left are free at once. */
	async resume(): Promise<void> {
		if (this.options.store.dialect === 'sqlite') await this.options.store.transaction((repository) => repository.bulkSends.releaseClaims());
	}

	claim(claimant: string, limit: number, leaseMs: number): Promise<BulkSendRow[]> {
		const now = this.options.clock.now();
		const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
		return this.options.store.transaction((repository) => repository.bulkSends.claimRows(now.toISOString(), leaseUntil, limit, claimant));
	}

	/** Keeps `claimant`'s rows leased; false when it holds none any more. */
	async renew(claimant: string, leaseMs: number): Promise<boolean> {
		const leaseUntil = new Date(this.options.clock.now().getTime() + leaseMs).toISOString();
		return (await this.options.store.transaction((repository) => repository.bulkSends.renewClaims(claimant, leaseUntil))) > 0;
	}

	/** A stopping process gives back the rows it has not started. */
	release(claimant: string): Promise<void> {
		return this.options.store.transaction((repository) => repository.bulkSends.releaseClaims(claimant));
	}

	/**
	 * Makes and sends one row's workflow; the row is marked succeeded in the same transaction. A
	 * row the request itself makes impossible (422, 404, 409 as for POST /templates/{id}/workflows)
	 * fails with that error; any other error postpones it (tried again later, up to a limit).
	 */
	async process(row: BulkSendRow, claimant: string, retryAfterMs: number): Promise<RowResult> {
		const job = await this.options.store.read((repository) => repository.bulkSends.get(engineScope(row.organizationId), row.bulkSendId));
		if (!job || !row.input) return 'taken';
		const principal: Principal = { organizationId: job.organizationId, apiKeyId: job.apiKeyId ?? '', mode: job.test ? 'test' : 'live' };
		const context: EventContext = { actor: { type: 'api_key', id: job.apiKeyId }, ip: job.ip, userAgent: job.userAgent };
		for (let attempt = 0; ; attempt += 1) {
			try {
				await this.templateWorkflows.createWorkflow(principal, job.templateId, { ...withAccessCodes(row.input, (code) => this.options.secrets.open(code)), send: true }, context, async (repository, workflowId) => {
					if (!(await repository.bulkSends.finishRow(row, { workflowId, error: null }, this.options.clock.now().toISOString()))) throw new RowTaken();
				});
				return 'succeeded';
			} catch (error) {
				if (error instanceof RowTaken) return 'taken';
				if (error instanceof SignflowError && error.code === 'template_changed' && attempt < TEMPLATE_CHANGED_RETRIES) continue;
				if (error instanceof SignflowError) return this.fail(row, { code: error.code, message: error.message, details: error.details });
				if (row.attempts + 1 >= MAX_ROW_ATTEMPTS)
					return this.fail(row, { code: 'internal_error', message: `The workflow could not be made after ${MAX_ROW_ATTEMPTS} attempts: ${String(error)}`, details: [] });
				const until = new Date(this.options.clock.now().getTime() + retryAfterMs).toISOString();
				await this.options.store.transaction((repository) => repository.bulkSends.postpone(row, claimant, until));
				return 'postponed';
			}
		}
	}

	/** Completes the job if none of its rows is pending, and records bulk_send.completed once. */
	async completeIfDone(organizationId: string, bulkSendId: string): Promise<boolean> {
		const at = this.options.clock.now().toISOString();
		return this.options.store.transaction(async (repository) => {
			if (!(await repository.bulkSends.completeIfDone(organizationId, bulkSendId, at))) return false;
			const job = (await repository.bulkSends.get(engineScope(organizationId), bulkSendId))!;
			const counts = (await repository.bulkSends.counts(organizationId, [bulkSendId])).get(bulkSendId)!;
			await this.options.recorder.record(repository, { organizationId, events: [completedEvent(job, counts)], context: { actor: SYSTEM_ACTOR, ip: null, userAgent: null }, at });
			return true;
		});
	}

	/** Completes the jobs whose rows are all done but that were left open (a process stopped in between); how many. */
	async completeLeftOpen(): Promise<number> {
		const open = await this.options.store.read((repository) => repository.bulkSends.doneButOpen(100));
		let completed = 0;
		for (const job of open) if (await this.completeIfDone(job.organizationId, job.id)) completed += 1;
		return completed;
	}

	private async fail(row: BulkSendRow, error: RowError): Promise<RowResult> {
		const at = this.options.clock.now().toISOString();
		const done = await this.options.store.transaction((repository: Repository) => repository.bulkSends.finishRow(row, { workflowId: null, error }, at));
		return done ? 'failed' : 'taken';
	}
}

/** A row as accepted: pending, or failed at once when its shape or its mapping against the template is wrong. */
function acceptedRow(job: BulkSendJob, template: Template, value: unknown, index: number, at: string, secrets: SecretBox): BulkSendRow {
	const base = { organizationId: job.organizationId, bulkSendId: job.id, index, workflowId: null, attempts: 0, createdAt: at };
	const parsed = parseBulkSendRow(value);
	if ('error' in parsed) return { ...base, status: 'failed', input: null, error: parsed.error, finishedAt: at };
	try {
		castTemplate(template, { ...parsed.input, send: true });
	} catch (error) {
		if (!(error instanceof SignflowError)) throw error;
		return { ...base, status: 'failed', input: null, error: { code: error.code, message: error.message, details: error.details }, finishedAt: at };
	}
	// A pending row waits in the database: its access codes wait there encrypted, like webhook secrets.
	return { ...base, status: 'pending', input: withAccessCodes(parsed.input, (code) => secrets.seal(code)), error: null, finishedAt: null };
}

/** The row's input with each role's access code passed through `change` (sealed when stored, opened when used). */
function withAccessCodes(input: BulkSendRowInput, change: (code: string) => string): BulkSendRowInput {
	const roles = Object.fromEntries(
		Object.entries(input.roles).map(([role, person]) => [role, person.accessCode === undefined ? person : { ...person, accessCode: change(person.accessCode) }]),
	);
	return { ...input, roles };
}

function countRows(rows: BulkSendRow[]): BulkSendCounts {
	const counts: BulkSendCounts = { succeeded: 0, failed: 0, pending: 0 };
	for (const row of rows) counts[row.status] += 1;
	return counts;
}

function view(job: BulkSendJob, counts: BulkSendCounts): BulkSend {
	return {
		id: job.id,
		templateId: job.templateId,
		status: job.status,
		total: job.total,
		...counts,
		test: job.test,
		createdAt: job.createdAt,
		completedAt: job.completedAt,
	};
}

/** Organization-level (no workflow's audit chain), naming the job and its template. */
function completedEvent(job: BulkSendJob, counts: BulkSendCounts): PendingEvent {
	return {
		type: 'bulk_send.completed',
		workflowId: null,
		data: { bulkSendId: job.id, templateId: job.templateId, total: job.total, succeeded: counts.succeeded, failed: counts.failed, ...(job.test ? { test: true } : {}) },
	};
}
