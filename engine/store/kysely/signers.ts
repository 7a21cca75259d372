import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { Signer, SignerRole, SignerStatus } from '../../domain';
import type { Dialect } from '../dialect';
import type { Repository, StoredSigner } from '../port';
import type { Database, SignersTable } from '../schema';
import { ONE_ROW } from '../sqlite';
import { asWrite, changedColumns, insertRowQuery, keptRows, updateRowQuery } from './rowWrites';
import { scoped } from './scoped';
import type { Write } from './writes';

/** A workflow's signers, their signing links and their access-code attempts. */
export function signerRepository(db: Kysely<Database>, dialect: Dialect, write: Write): Repository['signers'] {
	/** One signer's row, for an update. */
	const signerRow = (organizationId: string, signerId: string) =>
		scoped(db, organizationId).updateTable('signers').where('id', '=', signerId);

	return {
		async insert(organizationId, signer) {
			await write(asWrite(db, insertRowQuery(db, dialect, 'signers', signerToRow(organizationId, signer))));
		},
		async update(organizationId, signer, previous) {
			const changes = changedColumns(signerChanges(signer), previous && signerChanges(previous));
			if (Object.keys(changes).length === 0) return;
			await write(asWrite(db, updateRowQuery(db, dialect, 'signers', organizationId, signer.id, changes)));
		},
		async remove(organizationId, signerId) {
			await write(scoped(db, organizationId).deleteFrom('signatures').where('signerId', '=', signerId));
			await write(scoped(db, organizationId).deleteFrom('annotations').where('signerId', '=', signerId));
			await write(scoped(db, organizationId).deleteFrom('signers').where('id', '=', signerId));
		},
		async setTokenHash(organizationId, signerId, tokenHash) {
			await write(asWrite(db, updateRowQuery(db, dialect, 'signers', organizationId, signerId, { tokenHash })));
		},
		async takeAccessAttempt(organizationId, signerId, max) {
			const row = await signerRow(organizationId, signerId)
				.set({ failedAccessAttempts: sql`${sql.ref('failedAccessAttempts')} + 1` })
				.where('lockedAt', 'is', null)
				.where('failedAccessAttempts', '<', max)
				.returning('failedAccessAttempts')
				.executeTakeFirst();
			return row ? Number(row.failedAccessAttempts) : null;
		},
		async setAccessCodeHash(organizationId, signerId, accessCodeHash) {
			await write(signerRow(organizationId, signerId).set({ accessCodeHash }));
		},
		async returnAccessAttempt(organizationId, signerId) {
			await write(
				signerRow(organizationId, signerId)
					.set({ failedAccessAttempts: sql`${sql.ref('failedAccessAttempts')} - 1` })
					.where('failedAccessAttempts', '>', 0),
			);
		},
		// Across organizations: the signing link's token is the authority.
		// Every request of a signing link starts here: the builder's text is kept, and SQLite reads the one row with get().
		async findByTokenHash(tokenHash) {
			const [row] = await keptRows<Selectable<SignersTable>>(db, `${dialect} signer by token hash`, [tokenHash], () =>
				db.selectFrom('signers').selectAll().where('tokenHash', '=', tokenHash).modifyEnd(sql.raw(dialect === 'sqlite' ? ONE_ROW : '')).compile(),
			);
			return row ? { organizationId: row.organizationId, signer: signerFromRow(row), accessCodeHash: row.accessCodeHash } : null;
		},
		async listByWorkflow(organizationId, workflowId) {
			const rows = await scoped(db, organizationId)
				.selectFrom('signers')
				.selectAll()
				.where('workflowId', '=', workflowId)
				.orderBy('signOrder')
				.orderBy('createdAt')
				.orderBy('id')
				.execute();
			return rows.map(signerFromRow);
		},
	};
}

/* Rows <-> domain objects. */

export function signerFromRow(row: Selectable<SignersTable>): Signer {
	return {
		id: row.id,
		workflowId: row.workflowId,
		name: row.name,
		email: row.email,
		role: row.role as SignerRole,
		order: Number(row.signOrder),
		status: row.status as SignerStatus,
		hasAccessCode: row.accessCodeHash !== null,
		verification: row.verification === 'email_otp' ? 'email_otp' : 'none',
		locale: row.locale ?? null,
		redirectUrl: row.redirectUrl ?? null,
		signedAt: row.signedAt,
		refusedAt: row.refusedAt,
		refusalReason: row.refusalReason,
		viewedAt: row.viewedAt,
		lockedAt: row.lockedAt,
		linkVersion: Number(row.linkVersion),
		failedAccessAttempts: Number(row.failedAccessAttempts),
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
	};
}

function signerToRow(organizationId: string, signer: StoredSigner): Insertable<SignersTable> {
	const { order, hasAccessCode: _derived, ...rest } = signer;
	return { ...rest, organizationId, signOrder: order, tokenHash: null };
}

/** The columns of a signer that update() writes (all but the ids, the token hash and the access code). */
function signerChanges(signer: Signer) {
	return {
		name: signer.name,
		email: signer.email,
		role: signer.role,
		signOrder: signer.order,
		verification: signer.verification,
		locale: signer.locale,
		redirectUrl: signer.redirectUrl,
		status: signer.status,
		signedAt: signer.signedAt,
		refusedAt: signer.refusedAt,
		refusalReason: signer.refusalReason,
		viewedAt: signer.viewedAt,
		lockedAt: signer.lockedAt,
		linkVersion: signer.linkVersion,
		failedAccessAttempts: signer.failedAccessAttempts,
		updatedAt: signer.updatedAt,
	};
}
