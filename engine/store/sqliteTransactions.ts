import {
	CompiledQuery,
	DefaultQueryExecutor,
	Transaction,
	type DatabaseConnection,
	type Kysely,
	type KyselyPlugin,
	type QueryResult,
	type SqliteDatabase,
	type SqliteDialect,
} from 'kysely';
import { CamelCaseNames } from './camelCaseNames';
import type { Database } from './schema';

/**
 * SQLite transactions whose statements go straight to the connection. SQLite has one connection,
 * and its driver runs each statement to the end before it returns: what Kysely puts between a
 * query and the connection (a connection provider that chains every query of a transaction
 * behind the one before, then the plugins' pass over the rows, each step a promise) serves
 * connections that answer later, and costs more than a small statement takes. The connection is
 * held throughout (the driver's mutex, which reads outside transactions take too), as Kysely's
 * own transactions hold it.
 */
export class SqliteTransactions {
	private readonly connection: DirectConnection;
	private readonly trx: Kysely<Database>;

	constructor(
		private readonly db: Kysely<Database>,
		dialect: SqliteDialect,
		database: SqliteDatabase,
		plugins: readonly KyselyPlugin[],
	) {
		// The plugins' result pass is skipped: it must leave rows as they come, as the store's does on SQLite.
		if (!plugins.every((plugin) => plugin instanceof CamelCaseNames && plugin.leavesRowsAsTheyCome))
			throw new Error("SQLite transactions skip the plugins' pass over result rows: every plugin must leave rows as they come.");
		this.connection = new DirectConnection(database);
		const executor = new DirectExecutor(dialect, [...plugins], this.connection);
		// A transaction's Kysely never opens a transaction or a connection of its own: its driver is not used.
		this.trx = new Transaction<Database>({ config: { dialect }, dialect, driver: dialect.createDriver(), executor });
	}

	/** Runs `work` in a transaction: committed if it returns, rolled back if it throws (its error is thrown on). */
	execute<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
		// The driver's connection, taken as db.connection() takes it, without the Kysely that makes for each use.
		return this.db.getExecutor().provideConnection(async () => {
			await this.connection.executeQuery(BEGIN);
			try {
				const result = await work(this.trx);
				await this.connection.executeQuery(COMMIT);
				return result;
			} catch (error) {
				await this.connection.executeQuery(ROLLBACK);
				throw error;
			}
		});
	}
}

const BEGIN = CompiledQuery.raw('begin');
const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');

/** Kysely's SqliteConnection, on the store's statement cache. */
class DirectConnection implements DatabaseConnection {
	constructor(private readonly database: SqliteDatabase) {}

	executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
		try {
			const statement = this.database.prepare(compiledQuery.sql);
			if (statement.reader) return Promise.resolve({ rows: statement.all(compiledQuery.parameters) as R[] });
			const { changes, lastInsertRowid } = statement.run(compiledQuery.parameters);
			return Promise.resolve({ numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] });
		} catch (error) {
			// A rejection, as the callers of Kysely's own connection get a statement's error.
			return Promise.reject(error instanceof Error ? error : new Error(String(error)));
		}
	}

	streamQuery(): AsyncIterableIterator<QueryResult<never>> {
		throw new Error('Streaming is not used in SQLite transactions.');
	}
}

/** Kysely's executor, its queries compiled and transformed as ever, run on the connection at once. */
class DirectExecutor extends DefaultQueryExecutor {
	constructor(
		dialect: SqliteDialect,
		plugins: KyselyPlugin[],
		private readonly connection: DirectConnection,
	) {
		super(dialect.createQueryCompiler(), dialect.createAdapter(), { provideConnection: (consume) => consume(connection) }, plugins);
	}

	override executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
		return this.connection.executeQuery<R>(compiledQuery);
	}
}
