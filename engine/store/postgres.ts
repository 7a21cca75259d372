import { PostgresDialect } from 'kysely';
import pg from 'pg';
import { PreparedStatements } from './pgStatementCache';

/** Connections an engine process keeps to PostgreSQL unless told otherwise (`--database-pool-size`). */
export const DEFAULT_POSTGRES_POOL_SIZE = 10;

export interface PostgresOptions {
	/** Connections this process keeps open at most. */
	poolSize?: number;
	/** false: never prepare statements (`--database-prepared-statements false`, behind a pooler in transaction mode). */
	preparedStatements?: boolean;
	/** Where the store says it turned prepared statements off by itself; nowhere when not given. */
	warn?: (message: string) => void;
}

/**
 * PostgreSQL, for several engine processes sharing one database: the pool, Kysely's dialect over it,
 * and whether the store prepares statements on its connections (pgStatementCache.ts).
 */
export function openPostgres(
	connectionString: string,
	options: PostgresOptions = {},
): { pool: pg.Pool; dialect: PostgresDialect; preparedStatements: PreparedStatements } {
	const pool = new pg.Pool({ connectionString, max: options.poolSize ?? DEFAULT_POSTGRES_POOL_SIZE });
	// A connection the server ends (a restart, a failover, an administrator) raises an 'error'
	// event, which ends the process when nothing listens. The pool listens on idle connections
	// only (and drops them; the next query connects anew). A connection a transaction holds
	// between two statements needs a listener of its own: its next statement fails, so does the
	// transaction, and the pool drops the connection when it comes back.
	pool.on('error', () => undefined);
	pool.on('connect', (client) => client.on('error', () => undefined));
	return { pool, dialect: new PostgresDialect({ pool }), preparedStatements: new PreparedStatements(options.preparedStatements ?? true, options.warn) };
}
