import { CompiledQuery, type Insertable, type Kysely } from 'kysely';
import type { Dialect } from '../dialect';
import type { Database } from '../schema';
import type { WriteQuery } from './writes';

/** Statement texts by dialect, table and columns; null where the builder's parameters did not match the row's values. */
const texts = new Map<string, string | null>();

/**
 * The INSERT of one row, for the hottest writes (a workflow's creation and every audit event):
 * the query builder's text for the row's columns is kept, so the next row of the same columns
 * only lists its values (the builder costs more than the statement takes on the server: a node
 * per value, frozen, then renamed by the CamelCasePlugin). The text is the builder's own, and kept
 * only if its parameters are the row's values in the row's column order.
 */
export function insertRow<T extends keyof Database>(db: Kysely<Database>, dialect: Dialect, table: T, row: Insertable<Database[T]>): WriteQuery {
	const values = row as Record<string, unknown>;
	const columns = Object.keys(values).filter((column) => values[column] !== undefined);
	const parameters = columns.map((column) => values[column]);
	const key = `${dialect} ${table} ${columns.join(',')}`;
	let text = texts.get(key);
	if (text === undefined) {
		const built = db.insertInto(table).values(row).compile();
		const same = built.parameters.length === parameters.length && built.parameters.every((parameter, index) => parameter === parameters[index]);
		text = same ? built.sql : null;
		texts.set(key, text);
	}
	if (text === null) return db.insertInto(table).values(row);
	const query = CompiledQuery.raw(text, parameters);
	return { compile: () => query, execute: () => db.executeQuery(query) };
}
