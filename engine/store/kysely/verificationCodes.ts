import type { Kysely, Selectable } from 'kysely';
import type { Repository, StoredVerificationCode } from '../port';
import type { Database, VerificationCodesTable } from '../schema';
import { scoped } from './scoped';
import type { Write } from './writes';

/** The email code each signer was last sent (its keyed hash only), one row per signer. */
export function verificationCodeRepository(db: Kysely<Database>, write: Write): Repository['verificationCodes'] {
	return {
		async get(organizationId, signerId) {
			const row = await scoped(db, organizationId).selectFrom('verificationCodes').selectAll().where('signerId', '=', signerId).executeTakeFirst();
			return row ? fromRow(row) : null;
		},
		async put(organizationId, code) {
			const { signerId, codeHash, expiresAt, sentAt, sendsInWindow, windowStartedAt } = code;
			await write(
				db
					.insertInto('verificationCodes')
					.values({ organizationId, signerId, codeHash, expiresAt, sentAt, sendsInWindow, windowStartedAt })
					.onConflict((oc) =>
						oc
							.column('signerId')
							.doUpdateSet({ codeHash, expiresAt, sentAt, sendsInWindow, windowStartedAt })
							.where('verificationCodes.organizationId', '=', organizationId),
					),
			);
		},
		async remove(organizationId, signerId) {
			await write(db.deleteFrom('verificationCodes').where('organizationId', '=', organizationId).where('signerId', '=', signerId));
		},
	};
}

function fromRow(row: Selectable<VerificationCodesTable>): StoredVerificationCode {
	return {
		signerId: row.signerId,
		codeHash: row.codeHash,
		expiresAt: row.expiresAt,
		sentAt: row.sentAt,
		sendsInWindow: Number(row.sendsInWindow),
		windowStartedAt: row.windowStartedAt,
	};
}
