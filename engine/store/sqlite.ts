import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import Libsql from 'libsql';
import { camelCaseColumn } from './camelCaseNames';
import { changesReads, SqliteReadMemo } from './sqliteReadMemo';

export const SQLITE_FILE_NAME = 'signflow.db';
/** The database file and the files SQLite keeps beside it in WAL mode. */
export const SQLITE_FILES = [SQLITE_FILE_NAME, `${SQLITE_FILE_NAME}-wal`, `${SQLITE_FILE_NAME}-shm`];

/**
 * Ends the SQL of a query that returns at most one row (a lookup by primary key). Kysely reads
 * every query with all(), which libsql runs through a row iterator that costs several times
 * a get(); such queries are read with get() instead.
 */
export const ONE_ROW = '/* one row */';

/** Prepared statements kept per SQL text: preparing is a large share of a query's cost otherwise. */
const STATEMENT_CACHE_SIZE = 500;

/** The part of a better-sqlite3-style driver the store uses. */
export interface SqliteConnection {
	prepare(sql: string): unknown;
	pragma(source: string): unknown;
	close(): unknown;
}
export type SqliteDriver = new (file: string) => SqliteConnection;

/**
 * libsql: SQLite with better-sqlite3's API, whose native binary comes prebuilt
 * per platform as an optional dependency. Unlike better-sqlite3 it needs no
 * install script, so it works after n8n's community-package install
 * (`npm install --ignore-scripts`). `npm run bench` measures it against
 * better-sqlite3.
 */
export const DEFAULT_SQLITE_DRIVER: SqliteDriver = Libsql;

/** The SQLite file of a data folder, opened the way the engine opens it (the driver can be swapped for benchmarks). */
export function openSqlite(dataDir: string, Driver: SqliteDriver = DEFAULT_SQLITE_DRIVER): SqliteConnection {
	mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	// Created private here: SQLite gives its -wal and -shm files the database file's permissions.
	const file = path.join(dataDir, SQLITE_FILE_NAME);
	closeSync(openSync(file, 'a', 0o600));
	const database = new Driver(file);
	database.pragma('journal_mode = WAL');
	database.pragma('synchronous = FULL');
	database.pragma('foreign_keys = ON');
	database.pragma('busy_timeout = 5000');
	return database;
}

/**
 * The embedded database: one file under the data folder, in WAL mode so
 * readers (a second CLI process, backups) never block the engine, and
 * synchronous=FULL so a committed transaction survives a power cut. Its rows
 * come with their columns named as Kysely's CamelCasePlugin names them
 * (the store's plugin leaves SQLite's rows as they come: camelCaseNames.ts).
 * The statement cache comes along for the store's transactions (sqliteTransactions.ts), and the
 * memo of reads it keeps up to date (sqliteReadMemo.ts).
 */
export function openSqliteDialect(dataDir: string, Driver?: SqliteDriver): { dialect: SqliteDialect; database: SqliteDatabase; reads: SqliteReadMemo } {
	const connection = openSqlite(dataDir, Driver);
	const dataVersion = connection.prepare('pragma data_version') as NativeStatement;
	dataVersion.raw(true);
	const reads = new SqliteReadMemo(() => Number(dataVersion.get([])![0]));
	const database = withStatementCache(connection, reads);
	return { dialect: new SqliteDialect({ database }), database, reads };
}

function withStatementCache(database: SqliteConnection, reads: SqliteReadMemo): SqliteDatabase {
	const statements = new Map<string, CachedStatement>();
	return {
		close: () => void database.close(),
		prepare(sql: string) {
			let statement = statements.get(sql);
			if (!statement) {
				statement = new CachedStatement(database.prepare(sql) as NativeStatement, sql.endsWith(ONE_ROW), changesReads(sql) ? reads : null);
				if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
				statements.set(sql, statement);
			}
			return statement;
		},
	};
}

/** The part of a better-sqlite3-style prepared statement used here. */
interface NativeStatement {
	readonly reader: boolean;
	raw(raw: boolean): unknown;
	columns(): Array<{ name: string }>;
	get(parameters: ReadonlyArray<unknown>): unknown[] | undefined;
	all(parameters: ReadonlyArray<unknown>): unknown[][];
	iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown[]>;
	run(parameters: ReadonlyArray<unknown>): { changes: number | bigint; lastInsertRowid: number | bigint };
}

/**
 * A prepared statement as Kysely runs it, kept for its SQL text. A statement that returns rows
 * reads them as arrays and names their values with its columns' names, camelCased once here:
 * the driver would set each column of each row as a property through its native bindings (and
 * libsql adds timing to a row read with get()), then the plugin would rename each one again.
 * Whether it returns rows never changes, yet libsql asks its native side on every `reader` read
 * (Kysely reads it for every query): read once here. A statement that may change data tells the
 * memo of reads before it runs.
 */
class CachedStatement implements SqliteStatement {
	readonly reader: boolean;
	private names: string[];

	constructor(
		private readonly statement: NativeStatement,
		/** A lookup by primary key (ONE_ROW): read with get(), which costs a fraction of a row iterator. */
		private readonly oneRow: boolean,
		private readonly changes: SqliteReadMemo | null,
	) {
		this.reader = statement.reader;
		// raw() is only for statements that return rows.
		if (this.reader) statement.raw(true);
		this.names = this.reader ? this.columnNames() : [];
	}

	all(parameters: ReadonlyArray<unknown>): unknown[] {
		this.changes?.changing();
		if (this.oneRow) {
			const values = this.statement.get(parameters);
			return values === undefined ? [] : [this.row(values)];
		}
		return this.statement.all(parameters).map((values) => this.row(values));
	}

	*iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown> {
		this.changes?.changing();
		for (const values of this.statement.iterate(parameters)) yield this.row(values);
	}

	run(parameters: ReadonlyArray<unknown>): { changes: number | bigint; lastInsertRowid: number | bigint } {
		this.changes?.changing();
		return this.statement.run(parameters);
	}

	private columnNames(): string[] {
		return this.statement.columns().map((column) => camelCaseColumn(column.name));
	}

	private row(values: unknown[]): Record<string, unknown> {
		// SQLite prepares a statement again after a schema change: `select *` may have gained columns.
		if (values.length !== this.names.length) this.names = this.columnNames();
		const row: Record<string, unknown> = {};
		for (let index = 0; index < this.names.length; index += 1) row[this.names[index]] = values[index];
		return row;
	}
}
