import type { Kysely } from 'kysely';
import type { Repository } from '../port';
import type { Database } from '../schema';
import { scoped } from './scoped';
import type { Write } from './writes';

/** The tables that hold a workflow's rows, children before what they reference (the foreign keys). */
const WORKFLOW_TABLES = ['emails', 'finalizations', 'events', 'signatures', 'annotations', 'signers', 'files'] as const;

/**
 * Removes a discarded or deleted workflow: every row of it, its audit trail included. Webhook
 * deliveries are left: they belong to their configuration's delivery log, and name no row.
 */
export function workflowRemovalRepository(db: Kysely<Database>, write: Write): Repository['workflowRemoval'] {
	return {
		async remove(organizationId, workflowId) {
			for (const table of WORKFLOW_TABLES)
				// Typed as one of them: on the union of tables Kysely cannot type workflowId's where().
				await write(scoped(db, organizationId).deleteFrom(table as 'files').where('workflowId', '=', workflowId));
			await write(scoped(db, organizationId).deleteFrom('workflows').where('id', '=', workflowId));
		},
		// Engine-wide: blobs are content-addressed, so one organization's bytes may be another's too.
		async referencedBlobs(sha256s) {
			if (sha256s.length === 0) return new Set();
			// Started from a nullable column: the union's type is the first select's.
			const rows = await db
				.selectFrom('files')
				.select('signedSha256 as sha')
				.where('signedSha256', 'in', sha256s)
				.unionAll(db.selectFrom('files').select('sha256 as sha').where('sha256', 'in', sha256s))
				.unionAll(db.selectFrom('assets').select('sha256 as sha').where('sha256', 'in', sha256s))
				.unionAll(db.selectFrom('signatures').select('valueImageSha256 as sha').where('valueImageSha256', 'in', sha256s))
				.execute();
			return new Set(rows.map((row) => row.sha).filter((sha): sha is string => typeof sha === 'string'));
		},
	};
}
