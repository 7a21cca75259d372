import { PostgresDialect } from 'kysely';
import pg from 'pg';

/** PostgreSQL, for several engine processes sharing one database. */
export function postgresDialect(connectionString: string): PostgresDialect {
	return new PostgresDialect({ pool: new pg.Pool({ connectionString, max: 10 }) });
}
