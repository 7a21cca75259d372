import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect, type SqliteDatabase } from 'kysely';

export const SQLITE_FILE_NAME = 'signflow.db';

/** Prepared statements kept per SQL text: preparing is a large share of a query's cost otherwise. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The embedded database: one file under the data folder, in WAL mode so
 * readers (a second CLI process, backups) never block the engine, and
 * synchronous=FULL so a committed transaction survives a power cut.
 */
export function sqliteDialect(dataDir: string): SqliteDialect {
	mkdirSync(dataDir, { recursive: true });
	const database = new BetterSqlite3(path.join(dataDir, SQLITE_FILE_NAME));
	database.pragma('journal_mode = WAL');
	database.pragma('synchronous = FULL');
	database.pragma('foreign_keys = ON');
	database.pragma('busy_timeout = 5000');
	return new SqliteDialect({ database: withStatementCache(database) });
}

function withStatementCache(database: BetterSqlite3.Database): SqliteDatabase {
	const statements = new Map<string, BetterSqlite3.Statement>();
	return {
		close: () => database.close(),
		prepare(sql: string) {
			let statement = statements.get(sql);
			if (!statement) {
				statement = database.prepare(sql);
				if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
				statements.set(sql, statement);
			}
			return statement as unknown as ReturnType<SqliteDatabase['prepare']>;
		},
	};
}
