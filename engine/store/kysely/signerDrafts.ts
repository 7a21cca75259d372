import type { Kysely } from 'kysely';
import type { SignerDraft } from '../../domain';
import type { Repository } from '../port';
import type { Database } from '../schema';
import { scoped } from './scoped';
import type { Write } from './writes';

/** Values a signer saved to finish later: one row a signer, replaced on each save. */
export function signerDraftRepository(db: Kysely<Database>, write: Write): Repository['signerDrafts'] {
	return {
		async get(organizationId, signerId) {
			const row = await scoped(db, organizationId).selectFrom('signerDrafts').selectAll().where('signerId', '=', signerId).executeTakeFirst();
			return row ? { signerId: row.signerId, workflowId: row.workflowId, values: JSON.parse(row.draftValues) as SignerDraft['values'], savedAt: row.savedAt } : null;
		},
		async put(organizationId, draft) {
			const row = { signerId: draft.signerId, organizationId, workflowId: draft.workflowId, draftValues: JSON.stringify(draft.values), savedAt: draft.savedAt };
			await write(
				db
					.insertInto('signerDrafts')
					.values(row)
					.onConflict((conflict) => conflict.column('signerId').doUpdateSet({ draftValues: row.draftValues, savedAt: row.savedAt })),
			);
		},
		async delete(organizationId, signerId) {
			await write(db.deleteFrom('signerDrafts').where('organizationId', '=', organizationId).where('signerId', '=', signerId));
		},
	};
}
