import { PostgresDialect } from 'kysely';
import pg from 'pg';

/** PostgreSQL, for several engine processes sharing one database. */
export function postgresDialect(connectionString: string): PostgresDialect {
	const pool = new pg.Pool({ connectionString, max: 10 });
	// A connection the server ends (a restart, a failover, an administrator) raises an 'error'
	// event, which ends the process when nothing listens. The pool listens on idle connections
	// only (and drops them; the next query connects anew). A connection a transaction holds
	// between two statements needs a listener of its own: its next statement fails, so does the
	// transaction, and the pool drops the connection when it comes back.
	pool.on('error', () => undefined);
	pool.on('connect', (client) => client.on('error', () => undefined));
	return new PostgresDialect({ pool });
}
