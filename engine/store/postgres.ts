import { PostgresDialect } from 'kysely';
import pg from 'pg';

/** PostgreSQL, for several engine processes sharing one database. */
export function postgresDialect(connectionString: string): PostgresDialect {
	const pool = new pg.Pool({ connectionString, max: 10 });
	// An idle connection the server ends (a restart, a failover, an administrator) is dropped by
	// the pool, which connects anew on the next query; that query reports a real outage. Without a
	// listener, pg raises it as an unhandled 'error' event that ends the process.
	pool.on('error', () => undefined);
	return new PostgresDialect({ pool });
}
