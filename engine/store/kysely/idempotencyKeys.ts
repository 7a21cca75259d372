import { sql, type CompiledQuery, type Kysely, type Selectable } from 'kysely';
import type { Dialect } from '../dialect';
import type { IdempotencyKeyId, IdempotencyState, Repository, StoredIdempotencyKey } from '../port';
import type { Database, IdempotencyKeysTable } from '../schema';
import { ONE_ROW } from '../sqlite';
import { asWrite, keptCompiled } from './rowWrites';
import type { Write } from './writes';

/*
 * Every statement here but `claim` needs its answer (inserted or not, how many rows changed), so
 * none of them is deferred: on PostgreSQL each goes out at once, inside the caller's transaction.
 * n8n sends a key with every item it creates, so the three statements of a keyed request (read,
 * insert with the work, keep the answer) keep their text rather than build it each time (rowWrites.ts).
 */
export function idempotencyKeyRepository(db: Kysely<Database>, dialect: Dialect, write: Write): Repository['idempotencyKeys'] {
	const idParameters = (id: IdempotencyKeyId) => [id.organizationId, id.mode, id.key];
	const byId = (id: IdempotencyKeyId) =>
		db
			.updateTable('idempotencyKeys')
			.where('organizationId', '=', id.organizationId)
			.where('mode', '=', id.mode)
			.where('key', '=', id.key);
	return {
		async insert(row) {
			const result = await db.executeQuery(insertKeyQuery(db, dialect, row, 'unless taken'));
			return Number(result.numAffectedRows ?? 0) > 0;
		},
		async claim(row) {
			await write(asWrite(db, insertKeyQuery(db, dialect, row, 'claim')));
		},
		async get(id) {
			const { rows } = await db.executeQuery<Selectable<IdempotencyKeysTable>>(
				keptCompiled(`${dialect} idempotency key`, idParameters(id), () =>
					db
						.selectFrom('idempotencyKeys')
						.selectAll()
						.where('organizationId', '=', id.organizationId)
						.where('mode', '=', id.mode)
						.where('key', '=', id.key)
						.modifyEnd(sql.raw(dialect === 'sqlite' ? ONE_ROW : ''))
						.compile(),
				),
			);
			const [row] = rows;
			return row ? { ...row, state: row.state as IdempotencyState, status: row.status === null ? null : Number(row.status) } : null;
		},
		async complete(id, owner, status, answer) {
			const result = await db.executeQuery(
				keptCompiled(`${dialect} keep idempotent answer`, ['done', status, answer, ...idParameters(id), owner, 'done'], () =>
					byId(id).set({ state: 'done', status, answer }).where('owner', '=', owner).where('state', '!=', 'done').compile(),
				),
			);
			return Number(result.numAffectedRows ?? 0) > 0;
		},
		async replaceAnswer(id, owner, answer) {
			await byId(id)
				.set(answer ? { state: 'done', status: answer.status, answer: answer.answer } : { state: 'committed', status: null, answer: null })
				.where('owner', '=', owner)
				.execute();
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

/** The key's row inserted: 'unless taken' does nothing when the key has a row; 'claim' then fails with idempotency_keys_pkey. */
function insertKeyQuery(db: Kysely<Database>, dialect: Dialect, row: StoredIdempotencyKey, mode: 'unless taken' | 'claim'): CompiledQuery {
	const columns = Object.keys(row) as Array<keyof StoredIdempotencyKey>;
	return keptCompiled(`${dialect} ${mode === 'claim' ? 'claim' : 'insert'} idempotency key ${columns.join(',')}`, columns.map((column) => row[column]), () => {
		const insert = db.insertInto('idempotencyKeys').values(row);
		return (mode === 'claim' ? insert : insert.onConflict((oc) => oc.columns(['organizationId', 'mode', 'key']).doNothing())).compile();
	});
}
