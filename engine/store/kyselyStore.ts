import { CamelCasePlugin, Kysely, Migrator, sql, type Dialect as KyselyDialect } from 'kysely';
import type { Dialect } from './dialect';
import { kyselyRepository } from './kysely/repository';
import { migrationProvider } from './migrations';
import type { Repository, Store } from './port';
import { postgresDialect } from './postgres';
import type { Database } from './schema';
import { sqliteDialect } from './sqlite';

export interface StoreOptions {
	/** Folder for the SQLite file (when no databaseUrl is given). */
	dataDir: string;
	/** postgres://... to use PostgreSQL instead of the embedded SQLite file. */
	databaseUrl?: string;
}

export class KyselyStore implements Store {
	private readonly db: Kysely<Database>;

	constructor(
		readonly dialect: Dialect,
		driver: KyselyDialect,
	) {
		this.db = new Kysely<Database>({ dialect: driver, plugins: [new CamelCasePlugin()] });
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
		const afterCommit: Array<() => void> = [];
		const result = await work(kyselyRepository(this.db, this.dialect, afterCommit));
		for (const callback of afterCommit) callback();
		return result;
	}

	async transaction<T>(work: (repository: Repository) => Promise<T>): Promise<T> {
		const afterCommit: Array<() => void> = [];
		const result = await this.db.transaction().execute((trx) => work(kyselyRepository(trx, this.dialect, afterCommit)));
		for (const callback of afterCommit) callback();
		return result;
	}
}

export function openStore(options: StoreOptions): KyselyStore {
	if (options.databaseUrl && /^postgres(ql)?:\/\//.test(options.databaseUrl))
		return new KyselyStore('postgres', postgresDialect(options.databaseUrl));
	if (options.databaseUrl) throw new Error('databaseUrl must start with postgres:// (leave it out to use SQLite).');
	return new KyselyStore('sqlite', sqliteDialect(options.dataDir));
}
