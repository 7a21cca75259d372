import { PostgresDialect } from 'kysely';
import pg from 'pg';

/** Connections an engine process keeps to PostgreSQL unless told otherwise (`--database-pool-size`). */
export const DEFAULT_POSTGRES_POOL_SIZE = 10;

/** PostgreSQL, for several engine processes sharing one database: the pool and Kysely's dialect over it. */
export function openPostgres(connectionString: string, poolSize = DEFAULT_POSTGRES_POOL_SIZE): { pool: pg.Pool; dialect: PostgresDialect } {
	const pool = new pg.Pool({ connectionString, max: poolSize });
	// A connection the server ends (a restart, a failover, an administrator) raises an 'error'
	// event, which ends the process when nothing listens. The pool listens on idle connections
	// only (and drops them; the next query connects anew). A connection a transaction holds
	// between two statements needs a listener of its own: its next statement fails, so does the
	// transaction, and the pool drops the connection when it comes back.
	pool.on('error', () => undefined);
	pool.on('connect', (client) => client.on('error', () => undefined));
	return { pool, dialect: new PostgresDialect({ pool }) };
}
