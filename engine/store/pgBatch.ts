import type { QueryResult } from 'kysely';
import pg from 'pg';
import { preparable, StatementCache, type PreparedStatements } from './pgStatementCache';

/** A statement with $n placeholders and the values for them. */
export interface Statement {
	readonly sql: string;
	readonly parameters: readonly unknown[];
}

/** What one statement gave back: its command tag (INSERT, COMMIT, ...), the rows it touched, its rows. */
export interface StatementResult {
	command: string;
	rowCount: number | null;
	rows: Array<Record<string, unknown>>;
	/**
	 * The server ran the statement, but a row of it could not be read (a type parser threw): its rows
	 * are incomplete and its query fails with this; the batch's other statements are unaffected.
	 */
	rowError?: Error;
}

/** How a batch ended: the results of the statements that ran, and the error that stopped it, if any. */
export interface BatchOutcome {
	results: StatementResult[];
	/** The first error (the statement at `results.length` failed, or the connection did); null when all ran. */
	error: unknown;
}

/** pg's conversion of values to protocol text, as its own queries use it. */
const pgUtils = (pg as unknown as { utils: { prepareValue(value: unknown): unknown } }).utils;

/** The part of pg's connection a batch writes to (the messages pg's own extended queries send). */
interface ProtocolConnection {
	stream: { cork?(): void; uncork?(): void };
	parse(message: { text: string; name?: string }): void;
	bind(message: { statement?: string; values: unknown[] }): void;
	close(message: { type: 'S'; name: string }): void;
	describe(message: { type: 'P'; name: string }): void;
	execute(message: { portal: string }): void;
	sync(): void;
	sendCopyFail(message: string): void;
}

interface RowDescription {
	fields: unknown[];
}

/** pg's result builder (pg.Result): parses the rows of one statement with pg's type parsers. */
interface ResultBuilder {
	command: string | null;
	rowCount: number | null;
	rows: Array<Record<string, unknown>>;
	addFields(fields: unknown[]): void;
	parseRow(fields: unknown[]): Record<string, unknown>;
	addRow(row: Record<string, unknown>): void;
	addCommandComplete(message: unknown): void;
}

/** Each connection's prepared statements (pgStatementCache.ts). */
const statementCaches = new WeakMap<pg.ClientBase, StatementCache>();

/**
 * Runs statements on one pg client in one round trip: each statement's Parse (unless the connection
 * has it prepared already), Bind, Describe and Execute, then a single Sync, written at once. The
 * server runs them in order; after an error it skips the rest up to the Sync. Without an open
 * transaction block (BEGIN), the statements up to the Sync form one implicit transaction,
 * committed at the Sync or rolled back entirely on an error (PostgreSQL's extended query protocol,
 * "Pipelining"). The outcome is known once the server answered the Sync (ReadyForQuery): a commit
 * made by it is durable by then. Statements are sent unnamed when the store's prepared statements are off.
 */
export function runBatch(client: pg.ClientBase, statements: readonly Statement[], policy: PreparedStatements): Promise<BatchOutcome> {
	let cache: StatementCache | null = null;
	if (policy.enabled) {
		cache = statementCaches.get(client) ?? null;
		if (!cache) statementCaches.set(client, (cache = new StatementCache()));
	}
	const prepared = cache;
	return new Promise((resolve) => {
		// A custom query object (a "Submittable", as pg-cursor is): pg hands it the connection when
		// the client is free, and the server's answers until the Sync is answered.
		client.query(new Batch(statements, prepared, policy, resolve) as unknown as pg.Submittable);
	});
}

class Batch {
	private readonly results: StatementResult[] = [];
	private current: ResultBuilder = newResult();
	/** The current statement's first row that could not be read. */
	private rowError: Error | null = null;
	private ended = false;
	/** Statements this batch prepares, by position: if the batch stops at or before one, it is forgotten. */
	private readonly preparing = new Map<number, string>();

	constructor(
		private readonly statements: readonly Statement[],
		/** The connection's prepared statements; null: every statement unnamed. */
		private readonly prepared: StatementCache | null,
		/** The store's: off after an error saying its connections are shared. */
		private readonly policy: PreparedStatements,
		private readonly done: (outcome: BatchOutcome) => void,
	) {}

	submit(connection: ProtocolConnection): Error | null {
		let values: unknown[][];
		try {
			// Converted before anything is written: a value pg cannot send fails the batch, not the connection.
			values = this.statements.map((statement) => statement.parameters.map((value) => pgUtils.prepareValue(value)));
		} catch (error) {
			return error instanceof Error ? error : new Error(String(error));
		}
		connection.stream.cork?.();
		try {
			for (const name of this.prepared?.takeClosing() ?? []) connection.close({ type: 'S', name });
			this.statements.forEach((statement, index) => {
				let name = '';
				if (this.prepared && preparable(statement.sql)) {
					const known = this.prepared.get(statement.sql);
					if (known === undefined) {
						name = this.prepared.add(statement.sql);
						this.preparing.set(index, statement.sql);
						connection.parse({ text: statement.sql, name });
					} else name = known;
				} else connection.parse({ text: statement.sql });
				connection.bind({ statement: name, values: values[index] });
				connection.describe({ type: 'P', name: '' });
				connection.execute({ portal: '' });
			});
			connection.sync();
		} finally {
			connection.stream.uncork?.();
		}
		return null;
	}

	handleRowDescription(message: RowDescription): void {
		this.current.addFields(message.fields);
	}

	handleDataRow(message: RowDescription): void {
		if (this.rowError) return;
		try {
			this.current.addRow(this.current.parseRow(message.fields));
		} catch (error) {
			this.rowError = error instanceof Error ? error : new Error(String(error));
		}
	}

	handleCommandComplete(message: unknown): void {
		this.current.addCommandComplete(message);
		this.finishStatement();
	}

	handleEmptyQuery(): void {
		this.finishStatement();
	}

	handleError(error: unknown): void {
		this.end(error);
	}

	handleReadyForQuery(): void {
		this.end(null);
	}

	handlePortalSuspended(): void {
		// Portals run to completion (no row limit): never sent.
	}

	handleCopyInResponse(connection: ProtocolConnection): void {
		connection.sendCopyFail('COPY is not supported in a batch');
	}

	handleCopyData(): void {}

	private finishStatement(): void {
		const { command, rowCount, rows } = this.current;
		this.results.push({ command: command ?? '', rowCount, rows, ...(this.rowError ? { rowError: this.rowError } : {}) });
		this.current = newResult();
		this.rowError = null;
	}

	private end(error: unknown): void {
		if (this.ended) return;
		this.ended = true;
		if (error && this.prepared) {
			for (const [index, sql] of this.preparing) if (index >= this.results.length) this.prepared.forget(sql);
			// Another process's migration changed what a prepared statement returns, or its statements are gone: prepare anew.
			if (isStalePreparedStatement(error)) this.prepared.forgetAll();
			// A connection shared with others (a pooler): the store prepares nothing more.
			this.policy.noteError(error);
		}
		this.done({ results: this.results, error: error ?? null });
	}
}

function isStalePreparedStatement(error: unknown): boolean {
	const code = (error as { code?: unknown }).code;
	return (code === '0A000' && String((error as Error).message).includes('cached plan')) || code === '26000';
}

function newResult(): ResultBuilder {
	return new pg.Result('', pg.types) as unknown as ResultBuilder;
}

/** A query waiting for its statement's result. */
export interface WaitingQuery {
	statement: Statement;
	resolve(result: QueryResult<unknown>): void;
	reject(error: unknown): void;
}

/** Answers a query with its statement's result: its rows as Kysely's drivers report them, or the error met reading one. */
export function settle(query: WaitingQuery, result: StatementResult): void {
	if (result.rowError) query.reject(result.rowError);
	else query.resolve(kyselyResult(result));
}

/** A statement's result as Kysely's drivers report it. */
export function kyselyResult<R>(result: StatementResult): QueryResult<R> {
	const { command, rowCount, rows } = result;
	const counted = command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE';
	return { rows: rows as R[], numAffectedRows: counted ? BigInt(rowCount ?? 0) : undefined };
}
