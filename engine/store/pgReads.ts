import type { CompiledQuery, ConnectionProvider, DatabaseConnection, QueryResult } from 'kysely';
import type pg from 'pg';
import { runBatch, settle, type WaitingQuery } from './pgBatch';
import { checkIn, checkOut, connectionLost } from './pgCheckout';
import { sharedConnectionError, type PreparedStatements } from './pgStatementCache';

/**
 * The queries of one read (Store.read) on PostgreSQL: one connection from the pool, taken at the
 * first query and given back at the end, through which queries asked for at once go in one round
 * trip, as prepared statements where they can (pgBatch.ts). Each query commits on its own, as
 * outside a transaction: statements sent together share an implicit transaction, so when one fails
 * the others of its batch are sent again (they were skipped or rolled back) and fail or succeed alone.
 * A row the client cannot read fails its own query only.
 */
export class PostgresReads implements ConnectionProvider, DatabaseConnection {
	private client: pg.PoolClient | null = null;
	private connecting: Promise<pg.PoolClient> | null = null;
	private readonly waiting: WaitingQuery[] = [];
	private sending: Promise<void> | null = null;
	/** A connection that failed other than by a server's error, or that the server ended: closed instead of given back. */
	private broken: Error | null = null;
	private ended = false;

	constructor(
		private readonly pool: pg.Pool,
		private readonly policy: PreparedStatements,
	) {}

	provideConnection<T>(consumer: (connection: DatabaseConnection) => Promise<T>): Promise<T> {
		return consumer(this);
	}

	executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
		if (this.ended) return Promise.reject(new Error('The read has ended.'));
		return new Promise<QueryResult<R>>((resolve, reject) => {
			this.waiting.push({ statement: query, resolve: resolve as WaitingQuery['resolve'], reject });
			this.sending ??= this.send();
		});
	}

	streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
		throw new Error('Streaming is not supported.');
	}

	/** Sends what waits until nothing does; lets go of `sending` with no await after the last answers (pgTransaction.ts says why). */
	private async send(): Promise<void> {
		let client: pg.PoolClient;
		try {
			client = await (this.client ? Promise.resolve(this.client) : (this.connecting ??= checkOut(this.pool).then((taken) => (this.client = taken))));
		} catch (error) {
			for (const query of this.waiting.splice(0)) query.reject(error);
			this.sending = null;
			return;
		}
		while (this.waiting.length && !this.broken) {
			const queries = this.waiting.splice(0);
			const { results, error } = await runBatch(client, queries.map((query) => query.statement), this.policy);
			if (!error) {
				queries.forEach((query, index) => settle(query, results[index]));
				continue;
			}
			if (sharedConnectionError(error) && !this.policy.enabled) {
				// A pooler's doing, not the queries': all of them again, unnamed (what ran of the batch was rolled back).
				this.waiting.unshift(...queries);
				continue;
			}
			const failed = results.length;
			const lost = connectionLost(error);
			if (lost || failed >= queries.length) {
				// The connection failed, or the batch's commit did: every query of it fails.
				if (lost) this.broken = error as Error;
				for (const query of queries) query.reject(error);
				continue;
			}
			queries[failed].reject(error);
			this.waiting.unshift(...queries.filter((_query, index) => index !== failed));
		}
		for (const query of this.waiting.splice(0)) query.reject(this.broken);
		this.sending = null;
	}

	/** Gives the connection back once the queries asked for are answered. */
	async end(): Promise<void> {
		while (this.sending) await this.sending;
		this.ended = true;
		const client = this.client ?? (await this.connecting?.catch(() => null)) ?? null;
		this.client = null;
		if (client) checkIn(client, this.broken ?? undefined);
	}
}
