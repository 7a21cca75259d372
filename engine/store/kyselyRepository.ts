import { sql, type Kysely, type Selectable } from 'kysely';
import {
	eventHash,
	newId,
	invalid,
	type AuditEvent,
	type EventContext,
	type ListWorkflowsQuery,
	type PendingEvent,
	type Transition,
	type Workflow,
} from '../domain';
import type { Dialect } from './dialect';
import { LIKE_ESCAPE, containsPattern } from './nameSearch';
import {
	annotationFromRow,
	annotationToRow,
	emailFromRow,
	eventFromRow,
	finalizationFromRow,
	fileFromRow,
	fileToRow,
	signatureFromRow,
	signatureToRow,
	signerFromRow,
	signerToRow,
	webhookFromRow,
	webhookToRow,
	deliveryFromRow,
	deliveryToRow,
	workflowFromRow,
	workflowToRow,
} from './mappers';
import type { Repository, WorkflowPage } from './port';
import type { Database } from './schema';

type WorkflowChildTable = 'files' | 'signatures' | 'annotations' | 'emails';

/**
 * The repository over Kysely: one implementation for SQLite and PostgreSQL.
 * `db` is either the database or an open transaction.
 */
export function kyselyRepository(db: Kysely<Database>, dialect: Dialect, afterCommit: Array<() => void>): Repository {
	/** A workflow's rows of one child table, in the order they were added. */
	function rowsOfWorkflow<T extends WorkflowChildTable>(table: T, organizationId: string, workflowId: string) {
		return db
			.selectFrom(table as WorkflowChildTable)
			.selectAll()
			.where('organizationId', '=', organizationId)
			.where('workflowId', '=', workflowId)
			.orderBy('createdAt')
			.orderBy('id')
			.execute() as Promise<Array<Selectable<Database[T]>>>;
	}

	const repository: Repository = {
		organizations: {
			async insert(organization) {
				await db.insertInto('organizations').values(organization).execute();
			},
			async get(id) {
				return (await db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
			},
			async update(organization) {
				const { id, name, adminEmail } = organization;
				await db.updateTable('organizations').set({ name, adminEmail }).where('id', '=', id).execute();
			},
		},

		apiKeys: {
			async insert(key) {
				const { organizationId, id, name, mode, prefix, keyHash, createdAt } = key;
				await db.insertInto('apiKeys').values({ id, organizationId, name, mode, prefix, keyHash, createdAt }).execute();
			},
			async findActiveByHash(keyHash) {
				const row = await db
					.selectFrom('apiKeys')
					.selectAll()
					.where('keyHash', '=', keyHash)
					.where('revokedAt', 'is', null)
					.executeTakeFirst();
				if (!row) return null;
				const { revokedAt: _revoked, ...key } = row;
				return { ...key, mode: key.mode as 'live' | 'test' };
			},
		},

		assets: {
			async insert(asset) {
				await db.insertInto('assets').values(asset).execute();
			},
			async get(organizationId, id) {
				const row = await db
					.selectFrom('assets')
					.selectAll()
					.where('organizationId', '=', organizationId)
					.where('id', '=', id)
					.executeTakeFirst();
				return row ? { ...row, size: Number(row.size) } : null;
			},
		},

		branding: {
			async get(organizationId) {
				return (
					(await db.selectFrom('interfaces').selectAll().where('organizationId', '=', organizationId).executeTakeFirst()) ??
					null
				);
			},
			async upsert(row) {
				await db
					.insertInto('interfaces')
					.values(row)
					.onConflict((oc) =>
						oc.column('organizationId').doUpdateSet({
							primaryColor: row.primaryColor,
							iconAssetId: row.iconAssetId,
							logoAssetId: row.logoAssetId,
							updatedAt: row.updatedAt,
						}),
					)
					.execute();
			},
		},

		workflows: {
			async insert(workflow) {
				await db.insertInto('workflows').values(workflowToRow(workflow)).execute();
			},
			async get(organizationId, id, options) {
				let query = db.selectFrom('workflows').selectAll().where('organizationId', '=', organizationId).where('id', '=', id);
				// SQLite serialises writers by itself; PostgreSQL needs the row lock.
				if (options?.forUpdate && dialect === 'postgres') query = query.forUpdate();
				const row = await query.executeTakeFirst();
				return row ? workflowFromRow(row) : null;
			},
			async update(workflow) {
				const { id, organizationId, ...changes } = workflowToRow(workflow);
				await db
					.updateTable('workflows')
					.set(changes)
					.where('organizationId', '=', organizationId)
					.where('id', '=', id)
					.execute();
			},
			async list(organizationId, query) {
				return listWorkflows(db, organizationId, query);
			},
			async dueForExpiry(now, limit) {
				return db
					.selectFrom('workflows')
					.select(['organizationId', 'id'])
					.where('status', '=', 'sent')
					.where('expiresAt', '<=', now)
					.orderBy('expiresAt')
					.limit(limit)
					.execute();
			},
			async countByStatus(organizationId, status) {
				const row = await db
					.selectFrom('workflows')
					.select((eb) => eb.fn.countAll().as('count'))
					.where('organizationId', '=', organizationId)
					.where('status', '=', status)
					.executeTakeFirstOrThrow();
				return Number(row.count);
			},
		},

		files: {
			async insert(organizationId, file) {
				await db.insertInto('files').values(fileToRow(organizationId, file)).execute();
			},
			async listByWorkflow(organizationId, workflowId) {
				return (await rowsOfWorkflow('files', organizationId, workflowId)).map(fileFromRow);
			},
			async setSigned(organizationId, fileId, signed) {
				await db
					.updateTable('files')
					.set(signed)
					.where('organizationId', '=', organizationId)
					.where('id', '=', fileId)
					.execute();
			},
			async findBySignedSha256(sha256, organizationId) {
				let query = db.selectFrom('files').selectAll().where('signedSha256', '=', sha256);
				if (organizationId !== null) query = query.where('organizationId', '=', organizationId);
				const rows = await query.execute();
				return rows.map((row) => ({ organizationId: row.organizationId, file: fileFromRow(row), stampedSha256: row.stampedSha256 }));
			},
		},

		signers: {
			async insert(organizationId, signer) {
				await db.insertInto('signers').values(signerToRow(organizationId, signer)).execute();
			},
			async update(organizationId, signer) {
				await db
					.updateTable('signers')
					.set({
						name: signer.name,
						email: signer.email,
						status: signer.status,
						signedAt: signer.signedAt,
						refusedAt: signer.refusedAt,
						refusalReason: signer.refusalReason,
						viewedAt: signer.viewedAt,
						lockedAt: signer.lockedAt,
						linkVersion: signer.linkVersion,
						failedAccessAttempts: signer.failedAccessAttempts,
						updatedAt: signer.updatedAt,
					})
					.where('organizationId', '=', organizationId)
					.where('id', '=', signer.id)
					.execute();
			},
			async setTokenHash(organizationId, signerId, tokenHash) {
				await db
					.updateTable('signers')
					.set({ tokenHash })
					.where('organizationId', '=', organizationId)
					.where('id', '=', signerId)
					.execute();
			},
			async takeAccessAttempt(organizationId, signerId, max) {
				const row = await db
					.updateTable('signers')
					.set({ failedAccessAttempts: sql`${sql.ref('failedAccessAttempts')} + 1` })
					.where('organizationId', '=', organizationId)
					.where('id', '=', signerId)
					.where('lockedAt', 'is', null)
					.where('failedAccessAttempts', '<', max)
					.returning('failedAccessAttempts')
					.executeTakeFirst();
				return row ? Number(row.failedAccessAttempts) : null;
			},
			async setAccessCodeHash(organizationId, signerId, accessCodeHash) {
				await db.updateTable('signers').set({ accessCodeHash }).where('organizationId', '=', organizationId).where('id', '=', signerId).execute();
			},
			async returnAccessAttempt(organizationId, signerId) {
				await db
					.updateTable('signers')
					.set({ failedAccessAttempts: sql`${sql.ref('failedAccessAttempts')} - 1` })
					.where('organizationId', '=', organizationId)
					.where('id', '=', signerId)
					.where('failedAccessAttempts', '>', 0)
					.execute();
			},
			async findByTokenHash(tokenHash) {
				const row = await db.selectFrom('signers').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();
				return row ? { organizationId: row.organizationId, signer: signerFromRow(row), accessCodeHash: row.accessCodeHash } : null;
			},
			async listByWorkflow(organizationId, workflowId) {
				const rows = await db
					.selectFrom('signers')
					.selectAll()
					.where('organizationId', '=', organizationId)
					.where('workflowId', '=', workflowId)
					.orderBy('signOrder')
					.orderBy('createdAt')
					.orderBy('id')
					.execute();
				return rows.map(signerFromRow);
			},
		},

		signatures: {
			async insert(organizationId, field) {
				await db.insertInto('signatures').values(signatureToRow(organizationId, field)).execute();
			},
			async capture(organizationId, field) {
				await db
					.updateTable('signatures')
					.set({
						signedAt: field.signedAt,
						valueType: field.valueType,
						valueText: field.valueText,
						valueImageSha256: field.valueImageSha256,
					})
					.where('organizationId', '=', organizationId)
					.where('id', '=', field.id)
					.execute();
			},
			async listByWorkflow(organizationId, workflowId) {
				return (await rowsOfWorkflow('signatures', organizationId, workflowId)).map(signatureFromRow);
			},
		},

		annotations: {
			async insert(organizationId, annotation) {
				await db.insertInto('annotations').values(annotationToRow(organizationId, annotation)).execute();
			},
			async fill(organizationId, annotation) {
				const { value, filledAt } = annotationToRow(organizationId, annotation);
				await db
					.updateTable('annotations')
					.set({ value, filledAt })
					.where('organizationId', '=', organizationId)
					.where('id', '=', annotation.id)
					.execute();
			},
			async listByWorkflow(organizationId, workflowId) {
				return (await rowsOfWorkflow('annotations', organizationId, workflowId)).map(annotationFromRow);
			},
		},

		finalizations: {
			async enqueue(job) {
				await db.insertInto('finalizations').values(job).execute();
			},
			async due(now, limit) {
				const rows = await db
					.selectFrom('finalizations')
					.selectAll()
					.where('status', '=', 'pending')
					.where('nextAttemptAt', '<=', now)
					.orderBy('nextAttemptAt')
					.limit(limit)
					.execute();
				return rows.map(finalizationFromRow);
			},
			async get(organizationId, workflowId) {
				const row = await db
					.selectFrom('finalizations')
					.selectAll()
					.where('organizationId', '=', organizationId)
					.where('workflowId', '=', workflowId)
					.executeTakeFirst();
				return row ? finalizationFromRow(row) : null;
			},
			async update(job) {
				const { workflowId, organizationId, status, attempts, nextAttemptAt, lastError, finishedAt } = job;
				await db
					.updateTable('finalizations')
					.set({ status, attempts, nextAttemptAt, lastError, finishedAt })
					.where('organizationId', '=', organizationId)
					.where('workflowId', '=', workflowId)
					.execute();
			},
		},

		emails: {
			async enqueue(email) {
				await db
					.insertInto('emails')
					.values({ ...email, data: email.data === null ? null : JSON.stringify(email.data) })
					.execute();
			},
			async due(now, limit) {
				const rows = await db
					.selectFrom('emails')
					.selectAll()
					.where('status', '=', 'pending')
					.where('nextAttemptAt', '<=', now)
					.orderBy('nextAttemptAt')
					.limit(limit)
					.execute();
				return rows.map(emailFromRow);
			},
			async update(email) {
				const { id, organizationId, ...changes } = email;
				await db
					.updateTable('emails')
					.set({
						status: changes.status,
						attempts: changes.attempts,
						nextAttemptAt: changes.nextAttemptAt,
						lastError: changes.lastError,
						sentAt: changes.sentAt,
					})
					.where('organizationId', '=', organizationId)
					.where('id', '=', id)
					.execute();
			},
			async listByWorkflow(organizationId, workflowId) {
				return (await rowsOfWorkflow('emails', organizationId, workflowId)).map(emailFromRow);
			},
		},

		webhooks: {
			async insert(config) {
				await db.insertInto('webhooks').values(webhookToRow(config)).execute();
			},
			async update(config) {
				const { id, organizationId, createdAt: _created, deletedAt: _deleted, ...changes } = webhookToRow(config);
				await db
					.updateTable('webhooks')
					.set(changes)
					.where('organizationId', '=', organizationId)
					.where('id', '=', id)
					.execute();
			},
			async get(organizationId, id) {
				const row = await db
					.selectFrom('webhooks')
					.selectAll()
					.where('organizationId', '=', organizationId)
					.where('id', '=', id)
					.where('deletedAt', 'is', null)
					.executeTakeFirst();
				return row ? webhookFromRow(row) : null;
			},
			async list(organizationId) {
				const rows = await db
					.selectFrom('webhooks')
					.selectAll()
					.where('organizationId', '=', organizationId)
					.where('deletedAt', 'is', null)
					.orderBy('createdAt')
					.orderBy('id')
					.execute();
				return rows.map(webhookFromRow);
			},
			async remove(organizationId, id, at) {
				// Kept (deleted_at) so the delivery log keeps its configuration; it is never sent to again.
				await db
					.updateTable('webhooks')
					.set({ deletedAt: at, enabled: 0, updatedAt: at })
					.where('organizationId', '=', organizationId)
					.where('id', '=', id)
					.execute();
			},
		},

		deliveries: {
			async insert(delivery) {
				await db.insertInto('deliveries').values(deliveryToRow(delivery)).execute();
			},
			async get(organizationId, id) {
				const row = await db
					.selectFrom('deliveries')
					.selectAll()
					.where('organizationId', '=', organizationId)
					.where('id', '=', id)
					.executeTakeFirst();
				return row ? deliveryFromRow(row) : null;
			},
			async update(delivery) {
				// The payload never changes: only the delivery's state is written.
				const { id, organizationId, status, attempts, totalAttempts, nextAttemptAt, claimedUntil, lastStatusCode, lastError, deliveredAt } = delivery;
				await db
					.updateTable('deliveries')
					.set({ status, attempts, totalAttempts, nextAttemptAt, claimedUntil, lastStatusCode, lastError, deliveredAt })
					.where('organizationId', '=', organizationId)
					.where('id', '=', id)
					.execute();
			},
			async claimDue(now, leaseUntil, limit, perWebhook) {
				// Two index range scans rather than one OR: due pending ones first, then claims whose lease ran out.
				const due = (status: 'pending' | 'delivering', take: number) => {
					let query = db
						.selectFrom('deliveries as d')
						.innerJoin('webhooks as w', 'w.id', 'd.webhookId')
						.selectAll('d')
						.where('d.status', '=', status)
						.where(status === 'pending' ? 'd.nextAttemptAt' : 'd.claimedUntil', status === 'pending' ? '<=' : '<', now)
						.where('w.enabled', '=', 1)
						.where('w.deletedAt', 'is', null)
						.orderBy(status === 'pending' ? 'd.nextAttemptAt' : 'd.claimedUntil')
						.limit(take);
					// Several engines on one PostgreSQL database share the work without taking the same rows.
					if (dialect === 'postgres') query = query.forUpdate('d').skipLocked();
					return query.execute();
				};
				const candidates = await due('pending', limit);
				if (candidates.length < limit) candidates.push(...(await due('delivering', limit - candidates.length)));
				if (candidates.length === 0) return [];
				const webhookIds = [...new Set(candidates.map((row) => row.webhookId))];
				const webhooks = new Map(
					(await db.selectFrom('webhooks').selectAll().where('id', 'in', webhookIds).execute()).map((row) => [row.id, webhookFromRow(row)]),
				);
				const room = new Map([...webhooks].map(([id, webhook]) => [id, perWebhook(webhook)]));
				const chosen = candidates.filter((row) => {
					const left = room.get(row.webhookId) ?? 0;
					if (left <= 0) return false;
					room.set(row.webhookId, left - 1);
					return true;
				});
				// SQLite allows a bounded number of bound parameters per statement.
				for (let index = 0; index < chosen.length; index += 500)
					await db
						.updateTable('deliveries')
						.set({ status: 'delivering', claimedUntil: leaseUntil })
						.where(
							'id',
							'in',
							chosen.slice(index, index + 500).map((row) => row.id),
						)
						.execute();
				return chosen.map((row) => ({
					delivery: { ...deliveryFromRow(row), status: 'delivering' as const, claimedUntil: leaseUntil },
					webhook: webhooks.get(row.webhookId)!,
				}));
			},
			async releaseClaims() {
				await db.updateTable('deliveries').set({ status: 'pending', claimedUntil: null }).where('status', '=', 'delivering').execute();
			},
			async listByWebhook(organizationId, webhookId, query) {
				let select = db
					.selectFrom('deliveries')
					.selectAll()
					.where('organizationId', '=', organizationId)
					.where('webhookId', '=', webhookId);
				if (query.status) select = select.where('status', '=', query.status);
				if (query.before) select = select.where('id', '<', query.before);
				const rows = await select.orderBy('id', 'desc').limit(query.limit).execute();
				return rows.map(deliveryFromRow);
			},
			async listFailedSince(organizationId, webhookId, since) {
				const rows = await db
					.selectFrom('deliveries')
					.selectAll()
					.where('organizationId', '=', organizationId)
					.where('webhookId', '=', webhookId)
					.where('createdAt', '>=', since)
					.where((eb) => eb.or([eb('status', '=', 'dead'), eb.and([eb('status', '=', 'pending'), eb('attempts', '>', 0)])]))
					.orderBy('id')
					.execute();
				return rows.map(deliveryFromRow);
			},
			async addAttempt(attempt) {
				await db.insertInto('deliveryAttempts').values(attempt).execute();
			},
			async listAttempts(organizationId, deliveryId) {
				const rows = await db
					.selectFrom('deliveryAttempts')
					.selectAll()
					.where('organizationId', '=', organizationId)
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
		},

		events: {
			append: (organizationId, event, context, at) => appendEvent(db, organizationId, event, context, at),
			async listByOrganization(organizationId, afterSeq, limit) {
				const rows = await db
					.selectFrom('events')
					.selectAll()
					.where('organizationId', '=', organizationId)
					.where('seq', '>', afterSeq)
					.orderBy('seq')
					.limit(limit)
					.execute();
				return rows.map((row) => ({ ...eventFromRow(row), seq: Number(row.seq) }));
			},
			async listByWorkflow(organizationId, workflowId) {
				const rows = await db
					.selectFrom('events')
					.selectAll()
					.where('organizationId', '=', organizationId)
					.where('workflowId', '=', workflowId)
					.orderBy('sequence')
					.execute();
				return rows.map(eventFromRow);
			},
		},

		async loadAggregate(organizationId, workflowId, options) {
			const workflow = await repository.workflows.get(organizationId, workflowId, options);
			if (!workflow) return null;
			const [files, signers, signatures, annotations] = await Promise.all([
				repository.files.listByWorkflow(organizationId, workflowId),
				repository.signers.listByWorkflow(organizationId, workflowId),
				repository.signatures.listByWorkflow(organizationId, workflowId),
				repository.annotations.listByWorkflow(organizationId, workflowId),
			]);
			return { workflow, files, signers, signatures, annotations };
		},

		async saveTransition(organizationId, transition: Transition) {
			await repository.workflows.update(transition.workflow);
			for (const signer of transition.changedSigners) await repository.signers.update(organizationId, signer);
		},

		afterCommit(callback) {
			afterCommit.push(callback);
		},
	};
	return repository;
}

/** Appends an event to its workflow's hash chain (or the organization's, for events without a workflow). */
async function appendEvent(
	db: Kysely<Database>,
	organizationId: string,
	event: PendingEvent,
	context: EventContext,
	at: string,
): Promise<AuditEvent> {
	let previousQuery = db
		.selectFrom('events')
		.select(['sequence', 'hash'])
		.where('organizationId', '=', organizationId)
		.orderBy('sequence', 'desc')
		.limit(1);
	previousQuery =
		event.workflowId === null
			? previousQuery.where('workflowId', 'is', null)
			: previousQuery.where('workflowId', '=', event.workflowId);
	const previous = await previousQuery.executeTakeFirst();
	const unsigned: Omit<AuditEvent, 'hash'> = {
		id: newId(),
		organizationId,
		workflowId: event.workflowId,
		sequence: previous ? Number(previous.sequence) + 1 : 1,
		type: event.type,
		actor: context.actor,
		ip: context.ip,
		userAgent: context.userAgent,
		createdAt: at,
		data: JSON.parse(JSON.stringify(event.data)),
		prevHash: previous?.hash ?? null,
	};
	const stored: AuditEvent = { ...unsigned, hash: eventHash(unsigned) };
	await db
		.insertInto('events')
		.values({
			id: stored.id,
			organizationId,
			workflowId: stored.workflowId,
			sequence: stored.sequence,
			type: stored.type,
			actorType: stored.actor.type,
			actorId: stored.actor.id,
			ip: stored.ip,
			userAgent: stored.userAgent,
			createdAt: stored.createdAt,
			data: JSON.stringify(stored.data),
			prevHash: stored.prevHash,
			hash: stored.hash,
		})
		.execute();
	return stored;
}

/** Newest first, keyset-paged on (createdAt, id) so pages stay stable while rows are added. */
async function listWorkflows(db: Kysely<Database>, organizationId: string, query: ListWorkflowsQuery): Promise<WorkflowPage> {
	let select = db.selectFrom('workflows').selectAll().where('organizationId', '=', organizationId);
	if (query.status) select = select.where('status', '=', query.status);
	if (query.q) select = select.where(sql<boolean>`${sql.ref('nameSearch')} like ${containsPattern(query.q)} escape ${sql.lit(LIKE_ESCAPE)}`);
	if (query.cursor) {
		const [createdAt, id] = decodeCursor(query.cursor);
		select = select.where((eb) =>
			eb.or([eb('createdAt', '<', createdAt), eb.and([eb('createdAt', '=', createdAt), eb('id', '<', id)])]),
		);
	}
	const rows = await select
		.orderBy('createdAt', 'desc')
		.orderBy('id', 'desc')
		.limit(query.limit + 1)
		.execute();
	const items: Workflow[] = rows.slice(0, query.limit).map(workflowFromRow);
	const last = items[items.length - 1];
	return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null };
}

function encodeCursor(createdAt: string, id: string): string {
	return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const CURSOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The (createdAt, id) of a cursor this API handed out; anything else (NUL bytes, which PostgreSQL refuses with an error) is invalid_cursor. */
function decodeCursor(cursor: string): [string, string] {
	try {
		const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
		if (Array.isArray(value) && value.length === 2 && CURSOR_TIME.test(String(value[0])) && CURSOR_ID.test(String(value[1])))
			return value as [string, string];
	} catch {
		// fall through to the error below
	}
	throw invalid('invalid_cursor', 'cursor is not one this API returned; start again without it.', [{ path: 'cursor', message: 'Unknown cursor.' }]);
}
