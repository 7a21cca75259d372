import pg from 'pg';
import { sqliteFile, TABLES } from './engine';
import { databaseUrlFor } from './testDatabase';

/**
 * A connection to a test engine's database from outside the engine, as an operator, a backup or
 * someone with access to the server would open it: the SQLite file in the data folder, or the
 * folder's PostgreSQL database (testDatabase.ts). SQL is written once for both: placeholders are
 * `?` (turned into $1, $2... for PostgreSQL; never put a `?` inside a string literal), and
 * `count(*)` is cast to integer, since PostgreSQL answers a bigint count as a string.
 */
export interface OutsideConnection {
	all<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
	/** One statement with parameters, or several separated by `;` without. */
	run(sql: string, params?: unknown[]): Promise<void>;
	close(): Promise<void>;
}

function numbered(sql: string): string {
	let index = 0;
	return sql.replace(/\?/g, () => `$${++index}`);
}

export async function openDatabase(dataDir: string): Promise<OutsideConnection> {
	const url = await databaseUrlFor(dataDir);
	if (url) {
		const client = new pg.Client({ connectionString: url });
		await client.connect();
		return {
			all: async <Row>(sql: string, params: unknown[] = []) => (await client.query(numbered(sql), params)).rows as Row[],
			run: async (sql, params = []) => {
				await (params.length ? client.query(numbered(sql), params) : client.query(sql));
			},
			close: () => client.end(),
		};
	}
	const database = sqliteFile(dataDir);
	return {
		all: <Row>(sql: string, params: unknown[] = []) => Promise.resolve(database.prepare(sql).all(...params) as Row[]),
		run: (sql, params = []) => {
			if (params.length) database.prepare(sql).run(...params);
			else database.exec(sql);
			return Promise.resolve();
		},
		close: () => {
			database.close();
			return Promise.resolve();
		},
	};
}

/** Opens, does `work`, closes. */
export async function withDatabase<T>(dataDir: string, work: (database: OutsideConnection) => Promise<T>): Promise<T> {
	const database = await openDatabase(dataDir);
	try {
		return await work(database);
	} finally {
		await database.close();
	}
}

/** Row counts of every table of the engine's database. */
export function rowCounts(dataDir: string): Promise<Record<string, number>> {
	return withDatabase(dataDir, async (database) => {
		const counts: Record<string, number> = {};
		for (const table of TABLES) counts[table] = (await database.all<{ n: number }>(`select cast(count(*) as integer) as n from ${table}`))[0].n;
		return counts;
	});
}
