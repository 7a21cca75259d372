import type { CompiledQuery, ConnectionProvider, DatabaseConnection, QueryResult } from 'kysely';
import type pg from 'pg';
import { runBatch, settle, type Statement, type WaitingQuery } from './pgBatch';
import { checkIn, checkOut, connectionLost } from './pgCheckout';
import { sharedConnectionError, type PreparedStatements } from './pgStatementCache';

const BEGIN: Statement = { sql: 'begin', parameters: [] };
const COMMIT: Statement = { sql: 'commit', parameters: [] };
const ROLLBACK: Statement = { sql: 'rollback', parameters: [] };

/**
 * One transaction on PostgreSQL in as few round trips as its work allows. Nothing is sent, and no
 * connection taken from the pool, until a statement needs an answer: BEGIN goes with that first
 * statement. Writes whose result nobody reads (`defer`) wait and go with the next statement that
 * needs an answer, or with the COMMIT; a transaction of such writes alone is sent as one batch
 * without BEGIN, which the server runs as one implicit transaction (pgBatch.ts). Statements asked
 * for while a batch is out go together in the next one.
 *
 * The server runs the statements in the order the work issued them, so what the work reads
 * includes what it wrote. A statement that fails fails the whole transaction: the query that
 * carried it (or the commit) rejects with the server's error, later queries reject with the same
 * error, and the commit throws it after rolling back; nothing of the transaction remains. A row the
 * client cannot read (a type parser threw) fails only its query: the server ran it, and the work decides.
 */
export class PostgresTransaction implements ConnectionProvider, DatabaseConnection {
	private client: pg.PoolClient | null = null;
	private connecting: Promise<pg.PoolClient> | null = null;
	/** BEGIN has been sent: the server holds an open transaction block. */
	private begun = false;
	private deferred: Statement[] = [];
	private readonly waiting: WaitingQuery[] = [];
	private sending: Promise<void> | null = null;
	/** The first error: the transaction is lost. */
	private failure: { error: Error } | null = null;
	private ended = false;
	/**
	 * commit() or rollback() was called: later statements are refused, as after the end. One let in
	 * now could be sent after the COMMIT (outside the transaction) or, deferred, be dropped unsent.
	 */
	private closing = false;
	/** Round trips made, for tests and benchmarks. */
	batches = 0;

	constructor(
		private readonly pool: pg.Pool,
		private readonly policy: PreparedStatements,
	) {}

	/** Kysely asks for a connection per query: it is always this transaction's. */
	provideConnection<T>(consumer: (connection: DatabaseConnection) => Promise<T>): Promise<T> {
		return consumer(this);
	}

	/** Queues a write whose result is not needed; it is sent with the next query or the commit. */
	defer(query: CompiledQuery): void {
		if (this.closing) throw new Error('The transaction has ended.');
		this.deferred.push(query);
	}

	executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
		if (this.closing) return Promise.reject(new Error('The transaction has ended.'));
		if (this.failure) return Promise.reject(this.failure.error);
		return new Promise<QueryResult<R>>((resolve, reject) => {
			this.waiting.push({ statement: query, resolve: resolve as WaitingQuery['resolve'], reject });
			this.sending ??= this.send();
		});
	}

	streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
		throw new Error('Streaming is not supported in a transaction.');
	}

	/**
	 * Sends what waits, one batch at a time, until nothing does. It lets go of `sending` in the step
	 * that answered the last queries, with no await between: a query asked for by their awaiter (a
	 * microtask later) would otherwise join a send that has finished, and wait forever.
	 */
	private async send(): Promise<void> {
		try {
			const client = await this.connect();
			while (this.waiting.length && !this.failure) {
				const queries = this.waiting.splice(0);
				const opening = !this.begun;
				const head = opening ? [BEGIN, ...this.deferred] : this.deferred;
				this.deferred = [];
				this.begun = true;
				const { results, error } = await this.run(client, [...head, ...queries.map((query) => query.statement)]);
				if (opening && (await this.reopenedAfter(client, error))) {
					this.deferred = [...head.slice(1), ...this.deferred];
					this.waiting.unshift(...queries);
					continue;
				}
				queries.forEach((query, index) => {
					const result = results[head.length + index];
					if (result) settle(query, result);
					else query.reject(error);
				});
				if (error) this.failure = { error: toError(error) };
			}
		} catch (error) {
			this.failure ??= { error: toError(error) };
		}
		for (const query of this.waiting.splice(0)) query.reject(this.failure!.error);
		this.sending = null;
	}

	/**
	 * Whether the transaction's first batch failed only because its connection is shared (a pooler),
	 * and is to be sent again, unnamed: nothing of the transaction ran yet but that batch, whose
	 * transaction block is rolled back here.
	 */
	private async reopenedAfter(client: pg.PoolClient, error: unknown): Promise<boolean> {
		if (!error || !sharedConnectionError(error) || this.policy.enabled) return false;
		const { error: rollbackError } = await this.run(client, [ROLLBACK]);
		if (rollbackError) return false;
		this.begun = false;
		return true;
	}

	/** Commits what the work did; throws (after rolling back) when any of it failed. */
	async commit(): Promise<void> {
		this.closing = true;
		while (this.sending) await this.sending;
		if (this.failure) {
			await this.rollback();
			throw this.failure.error;
		}
		if (!this.begun && !this.deferred.length) {
			this.end();
			return;
		}
		const statements = this.begun ? [...this.deferred, COMMIT] : this.deferred;
		this.deferred = [];
		let outcome: Awaited<ReturnType<PostgresTransaction['run']>>;
		try {
			const client = await this.connect();
			outcome = await this.run(client, statements);
			// Writes alone, without BEGIN: the server rolled them back at the Sync; again, unnamed, if a pooler failed them.
			if (!this.begun && sharedConnectionError(outcome.error) && !this.policy.enabled) outcome = await this.run(client, statements);
		} catch (error) {
			this.failure = { error: toError(error) };
			await this.rollback();
			throw this.failure.error;
		}
		if (outcome.error) {
			this.failure = { error: toError(outcome.error) };
			await this.rollback();
			throw this.failure.error;
		}
		this.end();
		// COMMIT of a transaction block the server had already aborted answers ROLLBACK.
		if (this.begun && outcome.results.at(-1)?.command !== 'COMMIT') throw new Error('The transaction was rolled back by the server.');
	}

	/** Gives up the transaction: what was deferred is dropped, an open block is rolled back. */
	async rollback(): Promise<void> {
		this.closing = true;
		while (this.sending) await this.sending;
		this.deferred = [];
		const client = this.client;
		if (!client || this.ended) return this.end();
		// A batch without BEGIN that failed was rolled back by the server at its Sync.
		if (!this.begun) return this.end();
		try {
			const { error } = await this.run(client, [ROLLBACK]);
			this.end(error ?? undefined);
		} catch (error) {
			this.end(error);
		}
	}

	private async run(client: pg.PoolClient, statements: Statement[]) {
		this.batches += 1;
		return runBatch(client, statements, this.policy);
	}

	private connect(): Promise<pg.PoolClient> {
		if (this.client) return Promise.resolve(this.client);
		return (this.connecting ??= checkOut(this.pool).then((client) => (this.client = client)));
	}

	/** Hands the connection back; one that failed other than by a server's error, or that the server ended, is closed instead. */
	private end(error?: unknown): void {
		if (this.ended) return;
		this.ended = true;
		const brokenConnection = this.failure && connectionLost(this.failure.error);
		const client = this.client;
		this.client = null;
		if (!client) {
			// A connection still on its way goes straight back.
			void this.connecting?.then((late) => checkIn(late)).catch(() => undefined);
			return;
		}
		checkIn(client, error !== undefined || brokenConnection ? toError(error ?? this.failure!.error) : undefined);
	}
}

function toError(error: unknown): Error {
	return error instanceof Error ? error : new Error(String(error));
}
