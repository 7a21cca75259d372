import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import { SqliteDialect, type SqliteDatabase } from 'kysely';
import Libsql from 'libsql';

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
 * synchronous=FULL so a committed transaction survives a power cut.
 */
export function sqliteDialect(dataDir: string, Driver?: SqliteDriver): SqliteDialect {
	return new SqliteDialect({ database: withStatementCache(openSqlite(dataDir, Driver)) });
}

function withStatementCache(database: SqliteConnection): SqliteDatabase {
	const statements = new Map<string, unknown>();
	return {
		close: () => void database.close(),
		prepare(sql: string) {
			let statement = statements.get(sql);
			if (!statement) {
				statement = withFixedReader(database.prepare(sql));
				if (sql.endsWith(ONE_ROW)) statement = readWithGet(statement);
				if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
				statements.set(sql, statement);
			}
			return statement as ReturnType<SqliteDatabase['prepare']>;
		},
	};
}

/**
 * Whether a statement returns rows never changes, yet libsql asks its native side on every
 * `reader` read (Kysely reads it on every query): answered once here.
 */
function withFixedReader(statement: unknown): unknown {
	const target = statement as { reader?: boolean };
	// better-sqlite3 keeps it as a plain property already; libsql has a getter on the prototype.
	if (!('reader' in target) || Object.getOwnPropertyDescriptor(target, 'reader')) return statement;
	const reader = target.reader;
	Object.defineProperty(target, 'reader', { value: reader });
	return statement;
}

function readWithGet(statement: unknown): unknown {
	const target = statement as { get(parameters: unknown): Record<string, unknown> | undefined };
	Object.defineProperty(target, 'all', {
		value(parameters: unknown) {
			const row = target.get(parameters);
			if (row === undefined) return [];
			// libsql adds timing to a row read with get(); all() has none.
			delete row._metadata;
			return [row];
		},
	});
	return statement;
}
