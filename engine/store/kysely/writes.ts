import type { CompiledQuery } from 'kysely';

/** An insert, update or delete built with Kysely. */
export interface WriteQuery {
	compile(): CompiledQuery;
	execute(): Promise<unknown>;
}

/**
 * Runs a write whose result its caller does not read. In a PostgreSQL transaction it is queued
 * and sent with the transaction's next statement or its commit (pgTransaction.ts): its error, if
 * any, fails the transaction there. Elsewhere it runs at once.
 */
export type Write = (query: WriteQuery) => Promise<void>;

export const writeNow: Write = async (query) => {
	await query.execute();
};

/** Whether `write` defers (a PostgreSQL transaction's): a write's error then fails the transaction later, not the write. */
export function defersWrites(write: Write): boolean {
	return write !== writeNow;
}
