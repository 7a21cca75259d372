import { CompiledQuery, sql, type Kysely, type Selectable } from 'kysely';
import { eventHash, newId, type ApiKeyMode, type AuditEvent, type EventContext, type EventType, type PendingEvent } from '../../domain';
import type { ChainHead, UnitCacheState } from '../caches';
import type { Dialect } from '../dialect';
import type { Repository } from '../port';
import type { Database, EventsTable } from '../schema';
import { asWrite, insertRowQuery, keptRows } from './rowWrites';
import { scoped } from './scoped';
import { defersWrites, type Write } from './writes';

/** The audit events, each chained by hash to the one before it. */
export function eventRepository(db: Kysely<Database>, dialect: Dialect, unit: UnitCacheState, write: Write): Repository['events'] {
	return {
		append: (organizationId, event, context, at) =>
			event.workflowId === null
				? appendOrganizationEvent(db, organizationId, event, context, at)
				: appendWorkflowEvent(db, dialect, unit, write, organizationId, event, event.workflowId, context, at),
		async listByOrganization(scope, afterSeq, limit) {
			const rows = await scoped(db, scope.organizationId)
				.selectFrom('events')
				.selectAll()
				.where('seq', '>', afterSeq)
				.where((eb) =>
					eb.or([
						eb.and([eb('workflowId', 'is', null), organizationEventInMode(dialect, scope.mode)]),
						eb('workflowId', 'in', scoped(db, scope).selectFrom('workflows').select('id')),
					]),
				)
				.orderBy('seq')
				.limit(limit)
				.execute();
			return rows.map((row) => ({ ...eventFromRow(row), seq: Number(row.seq) }));
		},
		async listByWorkflow(organizationId, workflowId) {
			const rows = await keptRows<Selectable<EventsTable>>(db, `${dialect} events of workflow`, [organizationId, workflowId], () =>
				scoped(db, organizationId).selectFrom('events').selectAll().where('workflowId', '=', workflowId).orderBy('sequence').compile(),
			);
			return rows.map(eventFromRow);
		},
	};
}

/** What an append guessing its chain's head adds to its INSERT (the columns of the unique index events_by_workflow_sequence). */
const ON_TAKEN_SEQUENCE = 'on conflict ("workflow_id", "sequence") do nothing returning "seq"';

/**
 * How often an append may lose its chain's next sequence to another writer: re-read here
 * (answered inserts), or the transaction run again by the store (deferred ones, kyselyStore.ts).
 */
export const MAX_CHAIN_RACES = 20;

/**
 * Appends an event to its workflow's hash chain without reading the chain's head when this process
 * knows it (the unit's own earlier event, a workflow it just created, or the cached head of an
 * earlier commit). The cached head is a guess, checked by the unique (workflow, sequence) index:
 * when another transaction or process took that sequence, the insert does nothing, and the head is
 * read again. The unit's own head is certain: the next sequence of a chain this unit created or
 * already appended to can be taken by nobody else before this unit commits (another writer knows
 * no head past the last committed one, and the unit's own uncommitted event holds that place in
 * the index), so that insert needs no answer and goes as a plain write (a conflict there would be
 * an error, never a lost race). Where writes are deferred (PostgreSQL), a guessed or read head's
 * insert goes unanswered too, and a lost race fails the transaction, run again by the store.
 */
async function appendWorkflowEvent(
	db: Kysely<Database>,
	dialect: Dialect,
	unit: UnitCacheState,
	write: Write,
	organizationId: string,
	event: PendingEvent,
	workflowId: string,
	context: EventContext,
	at: string,
): Promise<AuditEvent> {
	const known = unit.heads.get(workflowId);
	if (known) {
		const stored = chained(organizationId, event, context, at, known);
		await write(asWrite(db, insertRowQuery(db, dialect, 'events', eventToRow(stored))));
		unit.heads.set(workflowId, { sequence: stored.sequence, hash: stored.hash });
		return stored;
	}
	let head = unit.caches.chainHeads.get(workflowId);
	if (defersWrites(write)) {
		// PostgreSQL: the insert goes with the commit, unanswered. Another writer's event at this
		// sequence fails the transaction, which the store runs again with the head read (kyselyStore.ts).
		head ??= await readHead(db, organizationId, workflowId);
		const stored = chained(organizationId, event, context, at, head);
		await write(asWrite(db, insertRowQuery(db, dialect, 'events', eventToRow(stored))));
		unit.heads.set(workflowId, { sequence: stored.sequence, hash: stored.hash });
		unit.guessedHeads.add(workflowId);
		return stored;
	}
	for (let attempt = 0; ; attempt++) {
		head ??= await readHead(db, organizationId, workflowId);
		const stored = chained(organizationId, event, context, at, head);
		const insert = insertRowQuery(db, dialect, 'events', eventToRow(stored));
		// Another writer's event at this sequence makes it insert nothing (and return no row).
		const { rows } = await db.executeQuery(CompiledQuery.raw(`${insert.sql} ${ON_TAKEN_SEQUENCE}`, [...insert.parameters]));
		if (rows.length) {
			unit.heads.set(workflowId, { sequence: stored.sequence, hash: stored.hash });
			return stored;
		}
		if (attempt >= MAX_CHAIN_RACES) throw new Error(`The audit chain of workflow ${workflowId} kept moving: ${attempt} appends lost the race.`);
		unit.caches.chainHeads.delete(workflowId);
		unit.heads.delete(workflowId);
		head = undefined;
	}
}

/** Events without a workflow chain per organization; they are rare (webhook tests and disablings), so the head is read each time. */
async function appendOrganizationEvent(
	db: Kysely<Database>,
	organizationId: string,
	event: PendingEvent,
	context: EventContext,
	at: string,
): Promise<AuditEvent> {
	const stored = chained(organizationId, event, context, at, await readHead(db, organizationId, null));
	await db.insertInto('events').values(eventToRow(stored)).execute();
	return stored;
}

/** The last event of a workflow's chain, or of the organization's own chain (`workflowId` null). */
async function readHead(db: Kysely<Database>, organizationId: string, workflowId: string | null): Promise<ChainHead> {
	const chain = scoped(db, organizationId).selectFrom('events').select(['sequence', 'hash']);
	const previous = await (workflowId === null ? chain.where('workflowId', 'is', null) : chain.where('workflowId', '=', workflowId))
		.orderBy('sequence', 'desc')
		.limit(1)
		.executeTakeFirst();
	return previous ? { sequence: Number(previous.sequence), hash: previous.hash } : { sequence: 0, hash: null };
}

/** The event as the next link after `head`. */
function chained(organizationId: string, event: PendingEvent, context: EventContext, at: string, head: ChainHead): AuditEvent {
	const unsigned: Omit<AuditEvent, 'hash'> = {
		id: newId(),
		organizationId,
		workflowId: event.workflowId,
		sequence: head.sequence + 1,
		type: event.type,
		actor: context.actor,
		ip: context.ip,
		userAgent: context.userAgent,
		createdAt: at,
		data: JSON.parse(JSON.stringify(event.data)) as AuditEvent['data'],
		prevHash: head.hash,
	};
	return { ...unsigned, hash: eventHash(unsigned) };
}

function eventToRow(stored: AuditEvent) {
	return {
		id: stored.id,
		organizationId: stored.organizationId,
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
	};
}

/* Rows <-> domain objects. JSON columns are text. */

function eventFromRow(row: Selectable<EventsTable>): AuditEvent {
	return {
		id: row.id,
		organizationId: row.organizationId,
		workflowId: row.workflowId,
		sequence: Number(row.sequence),
		type: row.type as EventType,
		actor: { type: row.actorType as AuditEvent['actor']['type'], id: row.actorId },
		ip: row.ip,
		userAgent: row.userAgent,
		createdAt: row.createdAt,
		data: JSON.parse(row.data) as AuditEvent['data'],
		prevHash: row.prevHash,
		hash: row.hash,
		...(row.redactedAt === null ? {} : { redactedAt: row.redactedAt }),
	};
}

/**
 * Whether an organization-level event shows in a key's feed: those about a workflow (a discarded or
 * deleted one names it in its data) or a template only to keys of its mode, the rest (webhook
 * configurations) to every key. A test workflow's events say `test: true` (outbox/recorder.ts).
 */
function organizationEventInMode(dialect: Dialect, mode: ApiKeyMode | null) {
	if (mode === null) return sql<boolean>`true`;
	const [aboutWorkflow, test] =
		dialect === 'postgres'
			? [sql`coalesce(data::jsonb ->> 'workflowId', data::jsonb ->> 'templateId') is not null`, sql`coalesce((data::jsonb ->> 'test') = 'true', false)`]
			: [sql`coalesce(json_extract(data, '$.workflowId'), json_extract(data, '$.templateId')) is not null`, sql`coalesce(json_extract(data, '$.test') = 1, 0)`];
	return mode === 'test' ? sql<boolean>`(not (${aboutWorkflow}) or (${test}))` : sql<boolean>`(not (${aboutWorkflow}) or not (${test}))`;
}
