import type { Kysely } from 'kysely';
import type { Repository } from '../port';
import type { Database } from '../schema';

/** Engine-wide settings (not an organization's): one row each, written once. */
export function engineSettingRepository(db: Kysely<Database>): Repository['engineSettings'] {
	return {
		async get(name) {
			const row = await db.selectFrom('engineSettings').select('value').where('name', '=', name).executeTakeFirst();
			return row?.value ?? null;
		},
		async insertIfAbsent(name, value, at) {
			const result = await db
				.insertInto('engineSettings')
				.values({ name, value, createdAt: at })
				.onConflict((oc) => oc.column('name').doNothing())
				.executeTakeFirst();
			return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
		},
	};
}
