import type { Kysely } from 'kysely';
import type { IdempotencyKeyId, IdempotencyState, Repository } from '../port';
import type { Database } from '../schema';

/*
 * Every statement here needs its answer (inserted or not, how many rows changed), so none is
 * deferred: on PostgreSQL each goes out at once, inside the caller's transaction.
 */
export function idempotencyKeyRepository(db: Kysely<Database>): Repository['idempotencyKeys'] {
	const byId = (id: IdempotencyKeyId) =>
		db
			.updateTable('idempotencyKeys')
			.where('organizationId', '=', id.organizationId)
			.where('mode', '=', id.mode)
			.where('key', '=', id.key);
	return {
		async insert(row) {
			const result = await db
				.insertInto('idempotencyKeys')
				.values(row)
				.onConflict((oc) => oc.columns(['organizationId', 'mode', 'key']).doNothing())
				.executeTakeFirst();
			return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
		},
		async get(id) {
			const row = await db
				.selectFrom('idempotencyKeys')
				.selectAll()
				.where('organizationId', '=', id.organizationId)
				.where('mode', '=', id.mode)
				.where('key', '=', id.key)
				.executeTakeFirst();
			return row ? { ...row, state: row.state as IdempotencyState, status: row.status === null ? null : Number(row.status) } : null;
		},
		async complete(id, owner, status, answer) {
			const result = await byId(id).set({ state: 'done', status, answer }).where('owner', '=', owner).where('state', '!=', 'done').executeTakeFirst();
			return Number(result.numUpdatedRows) > 0;
		},
		async release(id, owner) {
			await db
				.deleteFrom('idempotencyKeys')
				.where('organizationId', '=', id.organizationId)
				.where('mode', '=', id.mode)
				.where('key', '=', id.key)
				.where('owner', '=', owner)
				.where('state', '=', 'in_progress')
				.execute();
		},
		async deleteCreatedBefore(at) {
			const result = await db.deleteFrom('idempotencyKeys').where('createdAt', '<', at).executeTakeFirst();
			return Number(result.numDeletedRows);
		},
	};
}
