import { PostgresDialect } from 'kysely';
import pg from 'pg';

/** Connections an engine process keeps to PostgreSQL unless told otherwise (`--database-pool-size`). */
export const DEFAULT_POSTGRES_POOL_SIZE = 10;

/** PostgreSQL, for several engine processes sharing one database: the pool and Kysely's dialect over it. */
export function openPostgres(connectionString: string, poolSize = DEFAULT_POSTGRES_POOL_SIZE): { pool: pg.Pool; dialect: PostgresDialect } {
	const pool = new pg.Pool({ connectionString, max: poolSize });
	// An idle connection the server ends (a restart, a failover, an administrator) is dropped by
	// the pool, which connects anew on the next query; that query reports a real outage. Without a
	// listener, pg raises it as an unhandled 'error' event that ends the process.
	pool.on('error', () => undefined);
	return { pool, dialect: new PostgresDialect({ pool }) };
}
