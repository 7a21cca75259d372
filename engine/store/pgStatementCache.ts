import { randomBytes } from 'node:crypto';

/** Prepared statements a connection keeps at most; the least recently used beyond are closed. */
const MAX_STATEMENTS_PER_CONNECTION = 200;

/** The answers of `preparable` for the statements seen (an engine has a few hundred). */
const preparableTexts = new Map<string, boolean>();
const MAX_REMEMBERED_TEXTS = 2000;
const SUBQUERY_STAR = /\(\s*select\s+\*/gi;

/**
 * Whether a statement may be kept prepared on a connection. The server parses and plans a prepared
 * statement once (a workflow's detail costs several times its execution to plan), but refuses to run
 * one whose result columns changed since ("cached plan must not change result type"): a `*` result
 * gains a column when a later migration adds one, which another engine process may run while this
 * one is up. So only statements that name their result columns, or return none, are prepared. A
 * subquery's `(select *` does not count: its columns reach the result only through another `*`
 * (`w.*`), which does, or inside a value of fixed type (`to_json(w)`, `exists (...)`).
 */
export function preparable(sql: string): boolean {
	let answer = preparableTexts.get(sql);
	if (answer === undefined) {
		answer = !/(^|[\s,.])\*(\s|,|$)/.test(sql.replace(SUBQUERY_STAR, '(select _'));
		if (preparableTexts.size >= MAX_REMEMBERED_TEXTS) preparableTexts.clear();
		preparableTexts.set(sql, answer);
	}
	return answer;
}

/**
 * Drawn once per process: behind a transaction-mode pooler (PgBouncer) one server connection serves
 * several engine processes in turn, where two processes' `_1` would be the same statement name.
 */
const NAME_PREFIX = `sf_${randomBytes(4).toString('hex')}_`;
let lastName = 0;

/**
 * Whether one store (its pool) prepares statements. Off when told (`--database-prepared-statements
 * false`), or from the first error saying that a connection's statements are not its own: a name it
 * prepared is unknown (26000) or one it prepares exists already (42P05). A pooler in transaction
 * mode (PgBouncer) does that: it hands each transaction whichever server connection is free. From
 * then on the store sends unnamed statements only, which are parsed with each batch.
 */
export class PreparedStatements {
	constructor(
		private on = true,
		/** Told once, when the store turns them off by itself. */
		private readonly warn: (message: string) => void = () => undefined,
	) {}

	get enabled(): boolean {
		return this.on;
	}

	/** Turns them off when a batch's error says the connections are shared. */
	noteError(error: unknown): void {
		if (this.on && sharedConnectionError(error)) {
			this.on = false;
			this.warn(
				`PostgreSQL answered "${(error as Error).message}" (${(error as { code: string }).code}): this engine's connections seem to go through ` +
					'a pooler in transaction mode (PgBouncer). It sends unnamed statements only from now on; set ' +
					'SIGNFLOW_DATABASE_PREPARED_STATEMENTS=false (--database-prepared-statements false) to start that way.',
			);
		}
	}
}

/**
 * A named statement the connection did not have (26000), or had already (42P05): the batch failed
 * at that statement's Bind or Parse, before running it. Once the store's prepared statements are off
 * it may be sent again, unnamed, when nothing of it remains (an implicit transaction, rolled back).
 */
export function sharedConnectionError(error: unknown): boolean {
	const code = (error as { code?: unknown } | null)?.code;
	return code === '26000' || code === '42P05';
}

/** The statements prepared on one connection, by SQL text, and those it should close. */
export class StatementCache {
	private readonly names = new Map<string, string>();
	/** Statements to close with the connection's next batch: evicted, or possibly left half-made by a failed batch. */
	private closing: string[] = [];

	/** The name `sql` is prepared under, marked as just used; undefined when it is not prepared. */
	get(sql: string): string | undefined {
		const name = this.names.get(sql);
		if (name !== undefined) {
			this.names.delete(sql);
			this.names.set(sql, name);
		}
		return name;
	}

	/** A new name for `sql`, which the caller prepares now. */
	add(sql: string): string {
		if (this.names.size >= MAX_STATEMENTS_PER_CONNECTION) {
			const [oldest, name] = this.names.entries().next().value!;
			this.names.delete(oldest);
			this.closing.push(name);
		}
		const name = `${NAME_PREFIX}${(lastName += 1)}`;
		this.names.set(sql, name);
		return name;
	}

	/** Forgets `sql`'s statement, whose preparation may have failed; closing a name the server does not know is no error. */
	forget(sql: string): void {
		const name = this.names.get(sql);
		if (name === undefined) return;
		this.names.delete(sql);
		this.closing.push(name);
	}

	/** Forgets every statement (after the server refused one whose result changed). */
	forgetAll(): void {
		for (const sql of [...this.names.keys()]) this.forget(sql);
	}

	/** The statements to close now; they are sent ahead of the next batch's statements. */
	takeClosing(): string[] {
		const closing = this.closing;
		this.closing = [];
		return closing;
	}
}
