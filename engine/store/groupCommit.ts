import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema';
import type { SqliteTransactions } from './sqliteTransactions';

/** One caller's transaction, waiting for its turn in a shared commit. */
export interface CommitUnit<T> {
	/** Runs the caller's work inside the shared transaction; throws to give up this unit alone. */
	run(trx: Kysely<Database>): Promise<T>;
	/** Called once the shared COMMIT (and its fsync) has returned. */
	committed(result: T): void;
	failed(error: unknown): void;
}

/** The most units one commit carries: the last caller of a large group waits no longer than this many units' work. */
const MAX_UNITS_PER_COMMIT = 256;

/**
 * Group commit for SQLite, which has one connection and one writer: transactions that arrive while
 * the engine is busy run one after another inside one database transaction, each under its own
 * savepoint, and share its COMMIT, so one fsync makes all of them durable. A unit that throws is
 * rolled back to its savepoint and fails alone; the others still commit. Nobody is answered before
 * the COMMIT has returned (synchronous=FULL: the WAL is fsynced by then), so what a caller was told
 * is committed survives a crash, as with one commit each.
 *
 * Units queued in the same turn of the event loop (the requests parsed together) form a group:
 * the group starts in setImmediate, after the I/O callbacks of that turn.
 */
export class GroupCommitter {
	private readonly queue: Array<CommitUnit<unknown>> = [];
	private scheduled = false;
	private running = false;
	/** Commits begun and units they carried, for tests and benchmarks; of those commits, the ones that succeeded (the store's commit count). */
	readonly stats = { commits: 0, units: 0, committed: 0 };

	constructor(
		private readonly transactions: SqliteTransactions,
		/** Called when a shared COMMIT failed: every unit in it failed, whatever it had done. */
		private readonly onCommitFailed: () => void,
	) {}

	submit<T>(unit: CommitUnit<T>): void {
		this.queue.push(unit);
		this.schedule();
	}

	private schedule(): void {
		if (this.scheduled || this.running) return;
		this.scheduled = true;
		setImmediate(() => {
			this.scheduled = false;
			void this.drain();
		});
	}

	private async drain(): Promise<void> {
		this.running = true;
		try {
			while (this.queue.length) await this.commitGroup(this.queue.splice(0, MAX_UNITS_PER_COMMIT));
		} finally {
			this.running = false;
		}
	}

	private async commitGroup(units: Array<CommitUnit<unknown>>): Promise<void> {
		this.stats.commits += 1;
		this.stats.units += units.length;
		// Alone, a unit needs no savepoint: its failure rolls back the transaction.
		if (units.length === 1) {
			const [unit] = units;
			let result: unknown;
			try {
				result = await this.transactions.execute((trx) => unit.run(trx));
			} catch (error) {
				unit.failed(error);
				return;
			}
			this.stats.committed += 1;
			unit.committed(result);
			return;
		}
		const done: Array<{ unit: CommitUnit<unknown>; result: unknown }> = [];
		const pending = new Set(units);
		try {
			await this.transactions.execute(async (trx) => {
				for (const unit of units) {
					await trx.executeQuery(SAVEPOINT);
					let result: unknown;
					try {
						result = await unit.run(trx);
					} catch (error) {
						// If the savepoint cannot be rolled back, the transaction is gone: the whole group fails below.
						await trx.executeQuery(ROLLBACK_TO_SAVEPOINT);
						await trx.executeQuery(RELEASE_SAVEPOINT);
						pending.delete(unit);
						unit.failed(error);
						continue;
					}
					await trx.executeQuery(RELEASE_SAVEPOINT);
					done.push({ unit, result });
				}
			});
		} catch (error) {
			this.onCommitFailed();
			for (const unit of pending) unit.failed(error);
			return;
		}
		this.stats.committed += 1;
		for (const { unit, result } of done) unit.committed(result);
	}
}

const SAVEPOINT = CompiledQuery.raw('savepoint unit');
const ROLLBACK_TO_SAVEPOINT = CompiledQuery.raw('rollback to unit');
const RELEASE_SAVEPOINT = CompiledQuery.raw('release unit');
