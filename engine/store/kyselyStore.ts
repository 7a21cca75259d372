import { Kysely, Migrator, sql, Transaction, type ConnectionProvider, type Dialect as KyselyDialect, type KyselyProps, type SqliteDatabase, type SqliteDialect } from 'kysely';
import type pg from 'pg';
import { StoreCaches, UnitCacheState } from './caches';
import { CamelCaseNames } from './camelCaseNames';
import { guarded } from './commitGuard';
import type { Dialect } from './dialect';
import { GroupCommitter } from './groupCommit';
import { MAX_CHAIN_RACES } from './kysely/events';
import { kyselyRepository } from './kysely/repository';
import { writeNow, type Write } from './kysely/writes';
import { migrationProvider } from './migrations';
import { PostgresReads } from './pgReads';
import { PreparedStatements } from './pgStatementCache';
import { PostgresTransaction } from './pgTransaction';
import type { CommitCounts, Repository, Store } from './port';
import { openPostgres, type PostgresOptions } from './postgres';
import type { Database } from './schema';
import { openSqliteDialect } from './sqlite';
import type { SqliteMemoUse, SqliteReadMemo } from './sqliteReadMemo';
import { SqliteTransactions } from './sqliteTransactions';
import { TransactionHooks } from './transactionHooks';
import { violatesUnique } from './uniqueViolations';

export interface StoreOptions {
	/** Folder for the SQLite file (when no databaseUrl is given). */
	dataDir: string;
	/** postgres://... to use PostgreSQL instead of the embedded SQLite file. */
	databaseUrl?: string;
	/** PostgreSQL: connections this process keeps open at most (postgres.ts has the default). */
	poolSize?: number;
	/** PostgreSQL: false to never prepare statements (behind a pooler in transaction mode); true by default. */
	preparedStatements?: boolean;
	/** PostgreSQL: told once if the store turns prepared statements off by itself. */
	warn?: PostgresOptions['warn'];
}

export class KyselyStore implements Store {
	private readonly db: Kysely<Database>;
	/** What this process keeps in memory between transactions (caches.ts). */
	readonly caches = new StoreCaches();
	/** SQLite only: concurrent transactions share one commit (groupCommit.ts). */
	private readonly group: GroupCommitter | null;
	/** SQLite only: reads kept while nothing changed them (sqliteReadMemo.ts), as reads outside transactions use it (filling it) and as transactions do. */
	private readonly sqliteReads: { outside: SqliteMemoUse; inside: SqliteMemoUse } | null;
	/** Transactions committed, on either store. */
	private committedTransactions = 0;
	/** PostgreSQL only: what a transaction's own Kysely is made of, its connection aside. */
	private readonly transactionProps: Omit<KyselyProps, 'executor'>;

	constructor(
		readonly dialect: Dialect,
		driver: KyselyDialect,
		/** PostgreSQL: the pool behind `driver`, from which transactions take their connection (pgTransaction.ts). */
		private readonly pool: pg.Pool | null = null,
		/** PostgreSQL: whether this store prepares statements on its connections. */
		readonly preparedStatements = new PreparedStatements(),
		/** SQLite: the statement cache behind `driver`, which its transactions run on (sqliteTransactions.ts), and its memo of reads. */
		sqlite: { database: SqliteDatabase; reads: SqliteReadMemo } | null = null,
	) {
		// The SQLite store's rows come named by its statement cache, and its transactions run on it.
		if (dialect === 'sqlite' && !sqlite) throw new Error('A SQLite store needs its statement cache: open it with openStore().');
		this.sqliteReads = sqlite && { outside: { memo: sqlite.reads, fill: true }, inside: { memo: sqlite.reads, fill: false } };
		const plugins = [new CamelCaseNames(dialect === 'sqlite')];
		this.db = new Kysely<Database>({ dialect: driver, plugins });
		this.group = sqlite
			? new GroupCommitter(new SqliteTransactions(this.db, driver as SqliteDialect, sqlite.database, plugins), () => this.caches.clear())
			: null;
		// A transaction's Kysely never opens a transaction or a connection of its own: the driver is not used.
		this.transactionProps = { config: { dialect: driver }, dialect: driver, driver: driver.createDriver() };
	}

	/** PostgreSQL: the pool its transactions take connections from, shared by the blob store (null on SQLite). */
	get postgresPool(): pg.Pool | null {
		return this.pool;
	}

	/** SQLite: how many commits carried how many transactions (null on PostgreSQL). */
	get groupCommitStats(): Readonly<{ commits: number; units: number }> | null {
		return this.group?.stats ?? null;
	}

	get commitCounts(): Readonly<CommitCounts> {
		// On PostgreSQL each transaction is a commit of its own.
		return { transactions: this.committedTransactions, commits: this.group ? this.group.stats.committed : this.committedTransactions };
	}

	async migrate(): Promise<void> {
		const migrator = new Migrator({ db: this.db, provider: migrationProvider(this.dialect) });
		const { error, results } = await migrator.migrateToLatest();
		const failed = results?.find((result) => result.status === 'Error');
		if (error || failed)
			throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error });
	}

	async ping(): Promise<void> {
		await sql`select 1`.execute(this.db);
	}

	async close(): Promise<void> {
		await this.db.destroy();
	}

	async read<T>(work: (repository: Repository) => Promise<T>): Promise<T> {
		const { hooks, unit } = this.newUnit();
		let result: T;
		if (this.pool) {
			const reads = new PostgresReads(this.pool, this.preparedStatements);
			try {
				result = await work(kyselyRepository(this.bound(reads), this.dialect, hooks, unit, writeNow, null, this.caches.links));
			} finally {
				await reads.end();
			}
		} else result = await work(kyselyRepository(this.db, this.dialect, hooks, unit, writeNow, this.sqliteReads?.outside));
		hooks.committed();
		return result;
	}

	async transaction<T>(unguarded: (repository: Repository) => Promise<T>): Promise<T> {
		const work = guarded(unguarded);
		if (this.group) {
			const group = this.group;
			return new Promise<T>((resolve, reject) => {
				// The unit's own error, whatever it threw.
				const fail: (error: unknown) => void = reject;
				const { hooks, unit } = this.newUnit();
				group.submit<T>({
					run: (trx) => work(kyselyRepository(trx, this.dialect, hooks, unit, writeNow, this.sqliteReads?.inside)),
					committed: (result) => {
						this.committedTransactions += 1;
						hooks.committed();
						resolve(result);
					},
					failed: (error) => {
						hooks.rolledBack();
						fail(error);
					},
				});
			});
		}
		// SQLite has its group committer, PostgreSQL its pool (openStore makes every store one of the two).
		if (!this.pool) throw new Error('A PostgreSQL store needs its pool: open it with openStore().');
		return this.postgresTransaction(this.pool, work);
	}

	/** A Kysely whose queries all go through `connection` (a PostgreSQL read or transaction). */
	private bound(connection: ConnectionProvider): Kysely<Database> {
		return new Transaction<Database>({ ...this.transactionProps, executor: this.db.getExecutor().withConnectionProvider(connection) });
	}

	/**
	 * A transaction in as few round trips as its work allows: writes nobody reads wait for the next
	 * statement or the commit. Its audit events go likewise, at the sequence their chain's head
	 * was believed to have (events.ts): when another writer took one first, the work is run again
	 * in a new transaction with the head read.
	 */
	private async postgresTransaction<T>(pool: pg.Pool, work: (repository: Repository) => Promise<T>): Promise<T> {
		for (let attempt = 1; ; attempt++) {
			const { hooks, unit } = this.newUnit();
			try {
				return await this.postgresAttempt(pool, work, hooks, unit);
			} catch (error) {
				if (attempt >= MAX_CHAIN_RACES || unit.guessedHeads.size === 0 || !violatesUnique(error, 'chain sequence')) throw error;
				unit.forgetGuessedHeads();
			}
		}
	}

	private async postgresAttempt<T>(pool: pg.Pool, work: (repository: Repository) => Promise<T>, hooks: TransactionHooks, unit: UnitCacheState): Promise<T> {
		const transaction = new PostgresTransaction(pool, this.preparedStatements);
		const trx = this.bound(transaction);
		const write: Write = (query) => {
			transaction.defer(query.compile());
			return Promise.resolve();
		};
		let result: T;
		try {
			result = await work(kyselyRepository(trx, this.dialect, hooks, unit, write));
		} catch (error) {
			hooks.rolledBack();
			await transaction.rollback();
			throw error;
		}
		try {
			await transaction.commit();
		} catch (error) {
			hooks.rolledBack();
			throw error;
		}
		this.committedTransactions += 1;
		// Every change to a workflow appends to its audit chain: its links are dropped; a change that appended nothing drops them all.
		if (unit.heads.size > 0) this.caches.links.dropWorkflows(unit.heads.keys());
		else this.caches.links.clear();
		hooks.committed();
		return result;
	}

	/** The state of one read or transaction: its cache changes, published first when it commits, then its hooks. */
	private newUnit(): { hooks: TransactionHooks; unit: UnitCacheState } {
		const hooks = new TransactionHooks();
		const unit = new UnitCacheState(this.caches);
		hooks.afterCommit(() => unit.committed());
		return { hooks, unit };
	}
}

export function openStore(options: StoreOptions): KyselyStore {
	if (options.databaseUrl && /^postgres(ql)?:\/\//.test(options.databaseUrl)) {
		const { databaseUrl, poolSize, preparedStatements, warn } = options;
		const postgres = openPostgres(databaseUrl, { poolSize, preparedStatements, warn });
		return new KyselyStore('postgres', postgres.dialect, postgres.pool, postgres.preparedStatements);
	}
	if (options.databaseUrl) throw new Error('databaseUrl must start with postgres:// (leave it out to use SQLite).');
	const sqlite = openSqliteDialect(options.dataDir);
	return new KyselyStore('sqlite', sqlite.dialect, null, undefined, sqlite);
}
