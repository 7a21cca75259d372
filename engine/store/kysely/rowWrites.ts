import { CompiledQuery, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { Dialect } from '../dialect';
import type { Database } from '../schema';
import type { OrganizationTable } from './scoped';
import type { WriteQuery } from './writes';

/*
 * The hottest writes (a workflow's creation and changes, every audit event) and reads (keptRows),
 * without the query builder: it costs more than the statement takes on the server (a node per value, frozen, then
 * renamed by the CamelCasePlugin). The builder's text for a row's columns is kept, so the next row
 * of the same columns only lists its values; it is kept only if the builder's parameters are the
 * row's values in the row's column order, and built anew otherwise.
 */

/** Statement texts by dialect, statement and columns; null where the builder's parameters did not match. */
const texts = new Map<string, string | null>();

/**
 * A statement whose text depends only on `key`: the builder's text for the first, then only the
 * parameters for the next (they must be the builder's own, in its order, or it builds every time).
 */
export function keptCompiled(key: string, parameters: unknown[], build: () => CompiledQuery): CompiledQuery {
	let text = texts.get(key);
	if (text === undefined) {
		const built = build();
		const same = built.parameters.length === parameters.length && built.parameters.every((parameter, index) => parameter === parameters[index]);
		text = same ? built.sql : null;
		texts.set(key, text);
		if (!same) return built;
	}
	return text === null ? build() : CompiledQuery.raw(text, parameters);
}

function definedColumns(row: object): string[] {
	const values = row as Record<string, unknown>;
	return Object.keys(values).filter((column) => values[column] !== undefined);
}

/** `insert into table (columns) values (...)`. */
export function insertRowQuery<T extends keyof Database>(db: Kysely<Database>, dialect: Dialect, table: T, row: Insertable<Database[T]>): CompiledQuery {
	const columns = definedColumns(row);
	const parameters = columns.map((column) => (row as Record<string, unknown>)[column]);
	return keptCompiled(`${dialect} insert ${table} ${columns.join(',')}`, parameters, () => db.insertInto(table).values(row).compile());
}

/** `update table set (columns) where organization_id = ? and id = ?`: one row of one organization. */
export function updateRowQuery<T extends OrganizationTable>(
	db: Kysely<Database>,
	dialect: Dialect,
	table: T,
	organizationId: string,
	id: string,
	changes: Updateable<Database[T]>,
): CompiledQuery {
	const columns = definedColumns(changes);
	const parameters = [...columns.map((column) => (changes as Record<string, unknown>)[column]), organizationId, id];
	return keptCompiled(`${dialect} update ${table} ${columns.join(',')}`, parameters, () =>
		db
			// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- as in scoped(): on T, where() is not callable (tsc TS2349)
			.updateTable(table as OrganizationTable)
			.set(changes as never)
			.where('organizationId', '=', organizationId)
			// Every table this is used for has an id (Kysely cannot see it on a generic table).
			.where('id' as never, '=', id as never)
			.compile(),
	);
}

/**
 * The columns of `next` whose values differ from `previous` (the same row as this transaction read
 * it), or all of them when it is not known. SQLite rewrites the entry of every index on a column an
 * UPDATE sets, changed or not: a workflow's row has seven indexes, and most of its updates change
 * only updatedAt.
 */
export function changedColumns<R extends object>(next: R, previous: R | undefined): Partial<R> {
	if (!previous) return next;
	const changed: Partial<R> = {};
	for (const column of Object.keys(next) as Array<keyof R>) if (next[column] !== previous[column]) changed[column] = next[column];
	return changed;
}

/** The rows of a query whose text depends only on `key` (keptCompiled: `parameters` are the builder's own, in its order). */
export async function keptRows<R>(db: Kysely<Database>, key: string, parameters: unknown[], build: () => CompiledQuery): Promise<R[]> {
	return (await db.executeQuery<R>(keptCompiled(key, parameters, build))).rows;
}

/** A statement of this file as a write (writes.ts). */
export function asWrite(db: Kysely<Database>, query: CompiledQuery): WriteQuery {
	return { compile: () => query, execute: () => db.executeQuery(query) };
}
