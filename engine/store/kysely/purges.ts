import type { Kysely } from 'kysely';
import { FINAL_STATUSES, type PurgeScope } from '../../domain';
import type { Repository } from '../port';
import type { Database } from '../schema';
import { scoped } from './scoped';

/** What retention and purges read and blank (app/purges.ts decides when). */
export function purgeRepository(db: Kysely<Database>): Repository['purges'] {
	return {
		// Engine-wide: the retention sweep serves every organization that set a retention.
		async organizationsWithRetention() {
			const rows = await db
				.selectFrom('organizations')
				.select(['id', 'retentionDays', 'retentionScope'])
				.where('retentionDays', 'is not', null)
				.orderBy('id')
				.execute();
			return rows.map((row) => ({ organizationId: row.id, days: Number(row.retentionDays), scope: (row.retentionScope ?? 'documents') as PurgeScope }));
		},
		// Engine-wide, like organizationsWithRetention.
		async organizationsWithDraftRetention() {
			const rows = await db.selectFrom('organizations').select(['id', 'retentionDraftDays']).where('retentionDraftDays', 'is not', null).orderBy('id').execute();
			return rows.map((row) => ({ organizationId: row.id, draftDays: Number(row.retentionDraftDays) }));
		},
		async staleDrafts(organizationId, updatedBefore, limit) {
			const rows = await scoped(db, organizationId)
				.selectFrom('workflows')
				.select('id')
				.where('status', '=', 'draft')
				.where('updatedAt', '<=', updatedBefore)
				.orderBy('updatedAt')
				.limit(limit)
				.execute();
			return rows.map((row) => row.id);
		},
		async dueWorkflows(organizationId, endedBefore, limit) {
			const rows = await scoped(db, organizationId)
				.selectFrom('workflows')
				.select('id')
				.where('purgedAt', 'is', null)
				.where('status', 'in', [...FINAL_STATUSES])
				.where('endedAt', '<=', endedBefore)
				.orderBy('endedAt')
				.limit(limit)
				.execute();
			return rows.map((row) => row.id);
		},
		async blankPersonalData(organizationId, workflowId) {
			const organization = scoped(db, organizationId);
			await organization.updateTable('signers').set({ name: '', email: '', refusalReason: null }).where('workflowId', '=', workflowId).execute();
			await organization.updateTable('signatures').set({ valueText: null, valueImageSha256: null }).where('workflowId', '=', workflowId).execute();
			await organization.updateTable('annotations').set({ value: null }).where('workflowId', '=', workflowId).where('signerId', 'is not', null).execute();
			await organization.updateTable('emails').set({ data: null }).where('workflowId', '=', workflowId).where('signerId', 'is not', null).execute();
			// Values a signer saved to finish later and never sent.
			await db.deleteFrom('signerDrafts').where('organizationId', '=', organizationId).where('workflowId', '=', workflowId).execute();
		},
		async redactEvents(organizationId, events) {
			for (const event of events)
				await scoped(db, organizationId)
					.updateTable('events')
					.set({ ip: event.ip, userAgent: event.userAgent, data: JSON.stringify(event.data), redactedAt: event.redactedAt ?? null })
					.where('id', '=', event.id)
					.execute();
		},
	};
}
