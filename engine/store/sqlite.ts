import { mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect } from 'kysely';

export const SQLITE_FILE_NAME = 'signflow.db';

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
	return new SqliteDialect({ database });
}
