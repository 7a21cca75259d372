import type { Kysely, Selectable } from 'kysely';
import { eventHash, newId, type AuditEvent, type EventContext, type EventType, type PendingEvent } from '../../domain';
import type { Repository } from '../port';
import type { Database, EventsTable } from '../schema';
import { scoped } from './scoped';

/** The audit events, each chained by hash to the one before it. */
export function eventRepository(db: Kysely<Database>): Repository['events'] {
	return {
		append: (organizationId, event, context, at) => appendEvent(db, organizationId, event, context, at),
		async listByOrganization(organizationId, afterSeq, limit) {
			const rows = await scoped(db, organizationId)
				.selectFrom('events')
				.selectAll()
				.where('seq', '>', afterSeq)
				.orderBy('seq')
				.limit(limit)
				.execute();
			return rows.map((row) => ({ ...eventFromRow(row), seq: Number(row.seq) }));
		},
		async listByWorkflow(organizationId, workflowId) {
			const rows = await scoped(db, organizationId)
				.selectFrom('events')
				.selectAll()
				.where('workflowId', '=', workflowId)
				.orderBy('sequence')
				.execute();
			return rows.map(eventFromRow);
		},
	};
}

/** Appends an event to its workflow's hash chain (or the organization's, for events without a workflow). */
async function appendEvent(
	db: Kysely<Database>,
	organizationId: string,
	event: PendingEvent,
	context: EventContext,
	at: string,
): Promise<AuditEvent> {
	let previousQuery = scoped(db, organizationId).selectFrom('events').select(['sequence', 'hash']).orderBy('sequence', 'desc').limit(1);
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
		data: JSON.parse(JSON.stringify(event.data)) as AuditEvent['data'],
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
	};
}
