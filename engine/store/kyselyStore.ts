import { CamelCasePlugin, Kysely, Migrator, sql, type Dialect as KyselyDialect } from 'kysely';
import { StoreCaches, UnitCacheState } from './caches';
import type { Dialect } from './dialect';
import { GroupCommitter } from './groupCommit';
import { kyselyRepository } from './kysely/repository';
import { migrationProvider } from './migrations';
import type { Repository, Store } from './port';
import { postgresDialect } from './postgres';
import type { Database } from './schema';
import { sqliteDialect } from './sqlite';
import { TransactionHooks } from './transactionHooks';

export interface StoreOptions {
	/** Folder for the SQLite file (when no databaseUrl is given). */
	dataDir: string;
	/** postgres://... to use PostgreSQL instead of the embedded SQLite file. */
	databaseUrl?: string;
}

export class KyselyStore implements Store {
	private readonly db: Kysely<Database>;
	/** What this process keeps in memory between transactions (caches.ts). */
	readonly caches = new StoreCaches();
	/** SQLite only: concurrent transactions share one commit (groupCommit.ts). */
	private readonly group: GroupCommitter | null;

	constructor(
		readonly dialect: Dialect,
		driver: KyselyDialect,
	) {
		this.db = new Kysely<Database>({ dialect: driver, plugins: [new CamelCasePlugin()] });
		this.group = dialect === 'sqlite' ? new GroupCommitter(this.db, () => this.caches.clear()) : null;
	}

	/** SQLite: how many commits carried how many transactions (null on PostgreSQL). */
	get groupCommitStats(): Readonly<{ commits: number; units: number }> | null {
		return this.group?.stats ?? null;
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
		const hooks = new TransactionHooks();
		const unit = new UnitCacheState(this.caches);
		const result = await work(kyselyRepository(this.db, this.dialect, hooks, unit));
		unit.committed();
		hooks.committed();
		return result;
	}

	async transaction<T>(work: (repository: Repository) => Promise<T>): Promise<T> {
		if (this.group) {
			const group = this.group;
			return new Promise<T>((resolve, reject) => {
				// The unit's own error, whatever it threw.
				const fail: (error: unknown) => void = reject;
				const hooks = new TransactionHooks();
				const unit = new UnitCacheState(this.caches);
				group.submit<T>({
					run: (trx) => work(kyselyRepository(trx, this.dialect, hooks, unit)),
					committed: (result) => {
						unit.committed();
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
		const hooks = new TransactionHooks();
		const unit = new UnitCacheState(this.caches);
		let result: T;
		try {
			result = await this.db.transaction().execute((trx) => work(kyselyRepository(trx, this.dialect, hooks, unit)));
		} catch (error) {
			hooks.rolledBack();
			throw error;
		}
		unit.committed();
		hooks.committed();
		return result;
	}
}

export function openStore(options: StoreOptions): KyselyStore {
	if (options.databaseUrl && /^postgres(ql)?:\/\//.test(options.databaseUrl))
		return new KyselyStore('postgres', postgresDialect(options.databaseUrl));
	if (options.databaseUrl) throw new Error('databaseUrl must start with postgres:// (leave it out to use SQLite).');
	return new KyselyStore('sqlite', sqliteDialect(options.dataDir));
}
