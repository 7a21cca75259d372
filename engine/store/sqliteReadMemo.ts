import { BoundedMap } from './caches';
import { deepFreeze } from './deepFreeze';

const MAX_ENTRIES = 2_000;

/** The SQL of statements that never change what the connection reads; any other statement may (rollback does). */
const UNCHANGING = /^\s*(select|begin|commit|savepoint|release)\b/i;

/** Whether running `sql` may change what the connection reads next. */
export function changesReads(sql: string): boolean {
	return !UNCHANGING.test(sql);
}

/**
 * Reads of the SQLite store kept for as long as nothing could have changed them: every statement
 * that may change data (counted by the statement cache, sqlite.ts) and every commit by another
 * connection (SQLite's `data_version`) makes them stale. A signing link's workflow is read again
 * for each request and again inside the transaction that acts on it; when nothing was written in
 * between, those reads answer from here.
 *
 * Entries are made only by reads outside transactions, which see committed rows: a transaction's
 * own reads may see its uncommitted writes, which another request must not. Inside a transaction
 * an entry still answers while nothing was written since it was made. Kept values are frozen.
 */
export class SqliteReadMemo {
	private version = 0;
	private dataVersion: number | null = null;
	private readonly entries = new BoundedMap<string, { version: number; value: unknown }>(MAX_ENTRIES);

	constructor(
		/** SQLite's `pragma data_version` of the store's connection: changes when another connection commits. */
		private readonly readDataVersion: () => number,
	) {}

	/** A statement that may change data is about to run. */
	changing(): void {
		this.version += 1;
	}

	/**
	 * `key`'s value as `load` reads it, from here while nothing changed since; `fill` when the
	 * caller reads committed rows (outside a transaction), so the value may be kept.
	 *
	 * `data_version` is read only to trust a kept value (each read of it takes and drops the WAL's
	 * read lock: two system calls). A value loaded without reading it is kept under the version known
	 * before: if another connection had committed meanwhile, the next check sees it and drops the
	 * value, which may have been fresh, so it is read once more than needed, never served stale.
	 */
	async read<V>(key: string, fill: boolean, load: () => Promise<V>): Promise<V> {
		if (this.dataVersion === null) this.unchangedByOthers();
		const entry = this.entries.get(key);
		if (entry?.version === this.version && this.unchangedByOthers()) return entry.value as V;
		const version = this.version;
		const value = await load();
		// A change while it was read: it may be older or newer than `version`, so it is not kept.
		// Only what is kept is frozen: it is shared by every later reader.
		if (fill && this.version === version) this.entries.set(key, { version, value: deepFreeze(value) });
		return value;
	}

	/** Whether no other connection committed since the last check; if one did, every kept value is stale. */
	private unchangedByOthers(): boolean {
		const dataVersion = this.readDataVersion();
		if (dataVersion === this.dataVersion) return true;
		this.dataVersion = dataVersion;
		this.version += 1;
		return false;
	}
}

/** The memo as a repository uses it: `fill` where its reads see committed rows only (outside transactions). */
export interface SqliteMemoUse {
	memo: SqliteReadMemo;
	fill: boolean;
}
