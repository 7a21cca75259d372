import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect';
import type { Repository } from '../port';
import type { Database } from '../schema';
import { scoped } from './scoped';
import type { Write } from './writes';

/** The tables that hold a workflow's rows, children before what they reference (the foreign keys). */
const WORKFLOW_TABLES = ['emails', 'finalizations', 'events', 'signatures', 'annotations', 'signerDrafts', 'reminderSchedules', 'signers', 'files'] as const;

/**
 * Removes a discarded or deleted workflow: every row of it, its audit trail included, and the
 * webhook deliveries of that trail's events with their attempts (a delivery names its event;
 * one still pending is not sent any more: the removal event that follows says why).
 */
export function workflowRemovalRepository(db: Kysely<Database>, dialect: Dialect, write: Write): Repository['workflowRemoval'] {
	return {
		async remove(organizationId, workflowId) {
			const trail = scoped(db, organizationId).selectFrom('events').select('id').where('workflowId', '=', workflowId);
			const deliveries = scoped(db, organizationId).selectFrom('deliveries').select('id').where('eventId', 'in', trail);
			// PostgreSQL: a dispatcher storing an attempt of one of these deliveries now waits for this
			// transaction (and then finds the delivery gone) instead of committing first and failing the
			// delete below on its foreign key. SQLite has one writer at a time.
			if (dialect === 'postgres') await deliveries.forUpdate().execute();
			await write(scoped(db, organizationId).deleteFrom('deliveryAttempts').where('deliveryId', 'in', deliveries));
			await write(scoped(db, organizationId).deleteFrom('deliveries').where('eventId', 'in', trail));
			// Emailed codes name their signer only.
			const signers = scoped(db, organizationId).selectFrom('signers').select('id').where('workflowId', '=', workflowId);
			await write(scoped(db, organizationId).deleteFrom('verificationCodes').where('signerId', 'in', signers));
			for (const table of WORKFLOW_TABLES)
				// Typed as one of them: on the union of tables Kysely cannot type workflowId's where().
				await write(scoped(db, organizationId).deleteFrom(table as 'files').where('workflowId', '=', workflowId));
			await write(scoped(db, organizationId).deleteFrom('workflows').where('id', '=', workflowId));
		},
	};
}
