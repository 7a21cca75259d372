import { sql, type Kysely, type Selectable } from 'kysely';
import type { SignerDraft } from '../../domain';
import type { Dialect } from '../dialect';
import type { Repository } from '../port';
import type { Database, SignerDraftsTable } from '../schema';
import { ONE_ROW } from '../sqlite';
import { asWrite, keptCompiled, keptRows } from './rowWrites';
import { scoped } from './scoped';
import type { Write } from './writes';

/** Values a signer saved to finish later: one row a signer, replaced on each save. */
export function signerDraftRepository(db: Kysely<Database>, dialect: Dialect, write: Write): Repository['signerDrafts'] {
	return {
		async get(organizationId, signerId) {
			// Read by every signature (a signer's draft goes when they sign): its text is kept.
			const [row] = await keptRows<Selectable<SignerDraftsTable>>(db, `${dialect} signer draft`, [organizationId, signerId], () =>
				scoped(db, organizationId)
					.selectFrom('signerDrafts')
					.selectAll()
					.where('signerId', '=', signerId)
					.modifyEnd(sql.raw(dialect === 'sqlite' ? ONE_ROW : ''))
					.compile(),
			);
			return row ? draftFromRow(row) : null;
		},
		async getByTokenHash(tokenHash) {
			const [row] = await keptRows<Selectable<SignerDraftsTable>>(db, `${dialect} signer draft by token hash`, [tokenHash], () =>
				db
					.selectFrom('signerDrafts')
					.innerJoin('signers', (join) => join.onRef('signers.organizationId', '=', 'signerDrafts.organizationId').onRef('signers.id', '=', 'signerDrafts.signerId'))
					.selectAll('signerDrafts')
					.where('signers.tokenHash', '=', tokenHash)
					.modifyEnd(sql.raw(dialect === 'sqlite' ? ONE_ROW : ''))
					.compile(),
			);
			return row ? draftFromRow(row) : null;
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
			await write(
				asWrite(
					db,
					keptCompiled(`${dialect} delete signer draft`, [organizationId, signerId], () =>
						db.deleteFrom('signerDrafts').where('organizationId', '=', organizationId).where('signerId', '=', signerId).compile(),
					),
				),
			);
		},
	};
}

function draftFromRow(row: Selectable<SignerDraftsTable>): SignerDraft {
	return { signerId: row.signerId, workflowId: row.workflowId, values: JSON.parse(row.draftValues) as SignerDraft['values'], savedAt: row.savedAt };
}
