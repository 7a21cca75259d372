import type { Kysely, Migration } from 'kysely';
import { foldForSearch } from '../nameSearch';

const BATCH = 500;

/** The table as this migration finds it: a migration never uses the current schema's types, which change after it. */
interface Tables {
	templates: { id: string; name: string; name_search: string };
}

/** The folded copy of each template's name that GET /templates?q= searches (as 005 did for workflows), filled in for the templates already there. */
export function templateNameSearchSchema(): Migration {
	return {
		async up(db: Kysely<Tables>) {
			await db.schema.alterTable('templates').addColumn('name_search', 'text', (c) => c.notNull().defaultTo('')).execute();
			for (let after = ''; ; ) {
				const rows: Array<{ id: string; name: string }> = await db
					.selectFrom('templates')
					.select(['id', 'name'])
					.where('id', '>', after)
					.orderBy('id')
					.limit(BATCH)
					.execute();
				for (const row of rows) await db.updateTable('templates').set({ name_search: foldForSearch(row.name) }).where('id', '=', row.id).execute();
				if (rows.length < BATCH) break;
				after = rows[rows.length - 1].id;
			}
		},
	};
}
