import { rmSync } from 'node:fs';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import { engineScope, newId } from '../../engine/domain';
import type { Signer } from '../../engine/domain';
import { configFromEnv, resolveConfig } from '../../engine/runtime/config';
import { openStore, type KyselyStore } from '../../engine/store/kyselyStore';
import { runBatch } from '../../engine/store/pgBatch';
import { PostgresReads } from '../../engine/store/pgReads';
import { PreparedStatements } from '../../engine/store/pgStatementCache';
import { PostgresTransaction } from '../../engine/store/pgTransaction';
import type { Repository } from '../../engine/store/port';
import { openPostgres } from '../../engine/store/postgres';
import { aSigner, aWorkflow } from '../helpers/engine/builders';
import { tempDataDir } from '../helpers/engine/engine';
import { describeOnly } from '../helpers/engine/storeOnly';
import { TEST_DB, createTestDatabase, dropTestDatabase } from '../helpers/engine/testDatabase';
import { until } from '../helpers/waits';

/*
 * How the store talks to the real PostgreSQL server: transactions that send their writes with
 * the next statement or the commit (pgTransaction.ts), reads sent together (pgReads.ts), batches
 * with one Sync and prepared statements (pgBatch.ts, pgStatementCache.ts). Each test has tables of
 * its own in a database made for this file.
 */

let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
const onPostgres = describeOnly('postgres', 'it checks how the store talks to the PostgreSQL server');
/**
 * One connection, as the engine's pool makes them (its 'error' listeners: a connection the server
 * ends must not end the test's process): each test's statements meet what the previous ones left on it.
 */
let pool: pg.Pool;
/** Another connection, outside the transactions under test. */
let observer: pg.Client;
let table = 0;

beforeAll(async () => {
	if (TEST_DB !== 'postgres') return;
	database = await createTestDatabase();
	pool = openPostgres(database.url, { poolSize: 1 }).pool;
	observer = new pg.Client({ connectionString: database.url });
	await observer.connect();
});

afterAll(async () => {
	await observer?.end();
	await pool?.end();
	if (database) await dropTestDatabase(database.name);
});

/** A transaction or a read on the test's pool, which prepares statements. */
const newTransaction = () => new PostgresTransaction(pool, new PreparedStatements());
const newReads = () => new PostgresReads(pool, new PreparedStatements());

/** A fresh table `name (id int primary key, v text)`. */
async function newTable(): Promise<string> {
	const name = `t${(table += 1)}`;
	await observer.query(`create table ${name} (id int primary key, v text)`);
	return name;
}

const insert = (name: string, id: number, v = `v${id}`) => CompiledQuery.raw(`insert into ${name} (id, v) values ($1, $2)`, [id, v]);
const select = (sql: string, parameters: unknown[] = []) => CompiledQuery.raw(sql, parameters);

async function idsIn(name: string): Promise<number[]> {
	return (await observer.query<{ id: number }>(`select id from ${name} order by id`)).rows.map((row) => row.id);
}

/** Whether the pool's connection is outside any transaction block (pg's last ReadyForQuery status). */
async function connectionIsIdle(): Promise<boolean> {
	const client = await pool.connect();
	try {
		await client.query('select 1');
		return (client as unknown as { getTransactionStatus(): string }).getTransactionStatus() === 'I';
	} finally {
		client.release();
	}
}

onPostgres('a PostgreSQL transaction (pgTransaction.ts)', () => {
	it('sends writes nobody reads in one round trip at commit, without BEGIN, and commits them together', async () => {
		const name = await newTable();
		const transaction = newTransaction();
		transaction.defer(insert(name, 1));
		transaction.defer(insert(name, 2));
		expect(transaction.batches).toBe(0);
		await transaction.commit();
		expect(transaction.batches).toBe(1);
		expect(await idsIn(name)).toEqual([1, 2]);
		expect(await connectionIsIdle()).toBe(true);
	});

	it('rolls back every write of that batch when one fails, and its commit throws the server\'s error', async () => {
		const name = await newTable();
		await observer.query(`insert into ${name} (id, v) values (5, 'there before')`);
		const transaction = newTransaction();
		transaction.defer(insert(name, 3));
		transaction.defer(insert(name, 5));
		transaction.defer(insert(name, 4));
		const failure = await transaction.commit().catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(pg.DatabaseError);
		expect(failure).toMatchObject({ code: '23505', constraint: `${name}_pkey` });
		expect(await idsIn(name)).toEqual([5]);
		expect(await connectionIsIdle()).toBe(true);
	});

	it('sends BEGIN and the waiting writes with the first read, which sees them while nobody else does before the commit', async () => {
		const name = await newTable();
		const transaction = newTransaction();
		transaction.defer(insert(name, 10, 'ten'));
		const read = await transaction.executeQuery<{ v: string }>(select(`select v from ${name} where id = $1`, [10]));
		expect(read.rows).toEqual([{ v: 'ten' }]);
		expect(transaction.batches).toBe(1);
		expect(await idsIn(name)).toEqual([]);
		transaction.defer(insert(name, 11));
		await transaction.commit();
		expect(transaction.batches).toBe(2);
		expect(await idsIn(name)).toEqual([10, 11]);
		expect(await connectionIsIdle()).toBe(true);
	});

	it('reports a write that fails to the read it went with, then to every later query and to the commit, and keeps nothing', async () => {
		const name = await newTable();
		await observer.query(`insert into ${name} (id, v) values (5, 'there before')`);
		const transaction = newTransaction();
		transaction.defer(insert(name, 20));
		transaction.defer(insert(name, 5));
		const failure = await transaction.executeQuery(select('select 1 as one')).catch((error: unknown) => error);
		expect(failure).toMatchObject({ code: '23505' });
		await expect(transaction.executeQuery(select('select 2 as two'))).rejects.toBe(failure);
		await expect(transaction.commit()).rejects.toBe(failure);
		expect(await idsIn(name)).toEqual([5]);
		expect(await connectionIsIdle()).toBe(true);
	});

	it('fails as a whole when a read fails: the commit throws the read\'s error and its writes are gone', async () => {
		const name = await newTable();
		const transaction = newTransaction();
		transaction.defer(insert(name, 30));
		const failure = await transaction.executeQuery(select('select 1 / $1::int as x', [0])).catch((error: unknown) => error);
		expect(failure).toMatchObject({ code: '22012' });
		await expect(transaction.commit()).rejects.toBe(failure);
		expect(await idsIn(name)).toEqual([]);
		expect(await connectionIsIdle()).toBe(true);
	});

	it('sends queries asked for together in one round trip, in the order they were asked for', async () => {
		const name = await newTable();
		const transaction = newTransaction();
		transaction.defer(insert(name, 1));
		const [before, after] = await Promise.all([
			transaction.executeQuery<{ n: string }>(select(`select count(*) as n from ${name}`)),
			transaction.executeQuery<{ n: string }>(select(`insert into ${name} (id, v) values (2, 'two') returning id as n`)),
		]);
		expect(before.rows).toEqual([{ n: '1' }]);
		expect(after.rows).toEqual([{ n: 2 }]);
		expect(transaction.batches).toBe(1);
		await transaction.commit();
		expect(await idsIn(name)).toEqual([1, 2]);
	});

	it('sends nothing when rolled back before any statement went, and ROLLBACK once BEGIN went', async () => {
		const name = await newTable();
		const untouched = newTransaction();
		untouched.defer(insert(name, 40));
		await untouched.rollback();
		expect(untouched.batches).toBe(0);

		const begun = newTransaction();
		await begun.executeQuery(select(`select count(*) from ${name}`));
		begun.defer(insert(name, 41));
		await begun.rollback();
		expect(begun.batches).toBe(2);
		expect(await idsIn(name)).toEqual([]);
		expect(await connectionIsIdle()).toBe(true);
	});
	// Short: without the fix the second query waits forever.
	it('answers a query asked for the moment the one before it was answered', async () => {
		const transaction = newTransaction();
		expect((await transaction.executeQuery(select('select $1::text as first', ['Zoë']))).rows).toEqual([{ first: 'Zoë' }]);
		expect((await transaction.executeQuery(select('select $1::text as second', ['ß']))).rows).toEqual([{ second: 'ß' }]);
		await transaction.commit();
		const reads = newReads();
		expect((await reads.executeQuery(select('select $1::text as first', ['مرحبا']))).rows).toEqual([{ first: 'مرحبا' }]);
		expect((await reads.executeQuery(select('select $1::text as second', ['名前']))).rows).toEqual([{ second: '名前' }]);
		await reads.end();
	}, 10_000);

	it('refuses statements once its commit or rollback began, before it ended: none goes after the COMMIT or is dropped', async () => {
		const name = await newTable();
		const committing = newTransaction();
		await committing.executeQuery(select(`select count(*) from ${name}`));
		committing.defer(insert(name, 1, 'Zoë'));
		const commit = committing.commit();
		const late = committing.executeQuery(insert(name, 2, 'späť'));
		expect(() => committing.defer(insert(name, 3, 'مرحبا'))).toThrow('The transaction has ended.');
		await expect(late).rejects.toThrow('The transaction has ended.');
		await commit;
		expect(await idsIn(name)).toEqual([1]);

		const rollingBack = newTransaction();
		rollingBack.defer(insert(name, 4));
		await rollingBack.executeQuery(select(`select count(*) from ${name}`));
		const rollback = rollingBack.rollback();
		const alsoLate = rollingBack.executeQuery(insert(name, 5));
		expect(() => rollingBack.defer(insert(name, 6))).toThrow('The transaction has ended.');
		await expect(alsoLate).rejects.toThrow('The transaction has ended.');
		await rollback;
		expect(await idsIn(name)).toEqual([1]);
		expect(await connectionIsIdle()).toBe(true);
	});
});

onPostgres('a connection lost while checked out', () => {
	/** Ends a connection's server process, as an administrator or a server restart would, and waits until it is gone. */
	async function endServerProcess(pid: number): Promise<void> {
		await observer.query('select pg_terminate_backend($1)', [pid]);
		const left = await until(
			async () => (await observer.query<{ n: string }>('select count(*) as n from pg_stat_activity where pid = $1', [pid])).rows[0].n,
			(n) => n === '0',
		);
		expect(left).toBe('0');
	}

	it('fails the transaction with an error, keeps the process up, and the pool connects anew', async () => {
		const name = await newTable();
		const transaction = newTransaction();
		transaction.defer(insert(name, 1));
		const { rows } = await transaction.executeQuery<{ pid: number }>(select('select pg_backend_pid() as pid'));
		await endServerProcess(rows[0].pid);
		await expect(transaction.executeQuery(select('select 1'))).rejects.toThrow();
		await expect(transaction.commit()).rejects.toThrow();
		expect(await idsIn(name)).toEqual([]);
		const next = newTransaction();
		next.defer(insert(name, 2));
		await next.commit();
		expect(await idsIn(name)).toEqual([2]);
	});

	it('fails a read with an error, keeps the process up, and the pool connects anew', async () => {
		const reads = newReads();
		const { rows } = await reads.executeQuery<{ pid: number }>(select('select pg_backend_pid() as pid'));
		await endServerProcess(rows[0].pid);
		await expect(reads.executeQuery(select('select 1'))).rejects.toThrow();
		await reads.end();
		const again = newReads();
		expect((await again.executeQuery(select('select 2 as two'))).rows).toEqual([{ two: 2 }]);
		await again.end();
	});

	/*
	 * The server's FATAL message (57P01) answers the statement in flight, before the socket closes:
	 * pg then reports a server's error, yet the connection is gone. Ended during pg_sleep, the
	 * statement's server process is sure to take the interrupt while the statement runs.
	 */
	const endsItsOwnSession = select('select pg_terminate_backend(pg_backend_pid()), pg_sleep(5)');

	it('closes a connection whose read the server ended, instead of giving it to the next read', async () => {
		const reads = newReads();
		await expect(reads.executeQuery(endsItsOwnSession)).rejects.toMatchObject({ code: '57P01', severity: 'FATAL' });
		await reads.end();
		expect(pool.idleCount).toBe(0);
		const next = newReads();
		try {
			expect((await next.executeQuery(select('select $1::text as name', ['Zoë Ångström']))).rows).toEqual([{ name: 'Zoë Ångström' }]);
		} finally {
			await next.end();
		}
	});

	it('closes a connection whose transaction the server ended, instead of giving it to the next transaction', async () => {
		const name = await newTable();
		const transaction = newTransaction();
		transaction.defer(insert(name, 1, 'Ærøskøbing'));
		await expect(transaction.executeQuery(endsItsOwnSession)).rejects.toMatchObject({ code: '57P01', severity: 'FATAL' });
		await expect(transaction.commit()).rejects.toThrow();
		expect(pool.idleCount).toBe(0);
		const next = newTransaction();
		next.defer(insert(name, 2, 'Łódź'));
		await next.commit();
		expect(await idsIn(name)).toEqual([2]);
	});
});

onPostgres('reads outside a transaction (pgReads.ts)', () => {
	it('sends reads asked for together at once; one that fails fails alone', async () => {
		const reads = newReads();
		const [first, failed, third] = await Promise.allSettled([
			reads.executeQuery(select('select 1 as a')),
			reads.executeQuery(select('select 1 / $1::int as b', [0])),
			reads.executeQuery(select('select 3 as c')),
		]);
		await reads.end();
		expect(first).toEqual({ status: 'fulfilled', value: expect.objectContaining({ rows: [{ a: 1 }] }) });
		expect(failed).toEqual({ status: 'rejected', reason: expect.objectContaining({ code: '22012' }) });
		expect(third).toEqual({ status: 'fulfilled', value: expect.objectContaining({ rows: [{ c: 3 }] }) });
		expect(await connectionIsIdle()).toBe(true);
	});

	it('commits each write it is given on its own', async () => {
		const name = await newTable();
		const reads = newReads();
		const [written, failed] = await Promise.allSettled([reads.executeQuery(insert(name, 1)), reads.executeQuery(insert(name, 1))]);
		await reads.end();
		expect(written.status).toBe('fulfilled');
		expect(failed).toEqual({ status: 'rejected', reason: expect.objectContaining({ code: '23505' }) });
		expect(await idsIn(name)).toEqual([1]);
	});
});

onPostgres('a row the client cannot read (pgBatch.ts)', () => {
	const UNREADABLE = 'لا يُقرأ';
	let type: number;
	let before: ReturnType<typeof pg.types.getTypeParser>;

	beforeAll(async () => {
		await observer.query(`create type mood as enum ('heureux', 'ünlü 😊', '${UNREADABLE}')`);
		type = (await observer.query<{ oid: number }>("select 'mood'::regtype::oid as oid")).rows[0].oid;
	});

	// pg's type parsers are global: this one reads mood values, one of which it refuses, during each test only.
	beforeEach(() => {
		before = pg.types.getTypeParser(type, 'text');
		pg.types.setTypeParser(type, 'text', (value: string) => {
			if (value === UNREADABLE) throw new Error(`cannot read the mood ${value}`);
			return value;
		});
	});

	afterEach(() => pg.types.setTypeParser(type, 'text', before));

	const moods = (...values: string[]) => select(`select m from unnest($1::mood[]) with ordinality as u(m, n) order by n`, [values]);

	it('fails only the read whose row it is: the reads sent with it are answered', async () => {
		const reads = newReads();
		const [first, unreadable, third] = await Promise.allSettled([
			reads.executeQuery(moods('heureux')),
			reads.executeQuery(moods('ünlü 😊', UNREADABLE, 'heureux')),
			reads.executeQuery(moods('ünlü 😊', 'heureux')),
		]);
		await reads.end();
		expect(first).toEqual({ status: 'fulfilled', value: expect.objectContaining({ rows: [{ m: 'heureux' }] }) });
		expect(unreadable).toEqual({ status: 'rejected', reason: new Error(`cannot read the mood ${UNREADABLE}`) });
		expect(third).toEqual({ status: 'fulfilled', value: expect.objectContaining({ rows: [{ m: 'ünlü 😊' }, { m: 'heureux' }] }) });
		expect(await connectionIsIdle()).toBe(true);
	});

	it('in a transaction, rejects only the query whose row it is: the work decides, and may commit', async () => {
		const name = await newTable();
		const transaction = newTransaction();
		transaction.defer(insert(name, 1, 'Ångström'));
		const [unreadable, counted] = await Promise.allSettled([
			transaction.executeQuery(moods(UNREADABLE)),
			transaction.executeQuery<{ n: string }>(select(`select count(*) as n from ${name}`)),
		]);
		expect(transaction.batches).toBe(1);
		expect(unreadable).toEqual({ status: 'rejected', reason: new Error(`cannot read the mood ${UNREADABLE}`) });
		expect(counted).toEqual({ status: 'fulfilled', value: expect.objectContaining({ rows: [{ n: '1' }] }) });
		transaction.defer(insert(name, 2, 'Zoë'));
		await transaction.commit();
		expect(await idsIn(name)).toEqual([1, 2]);
		expect(await connectionIsIdle()).toBe(true);
	});
});

onPostgres('prepared statements (pgStatementCache.ts)', () => {
	/** The statements prepared on the pool's connection with this text. */
	async function preparedWith(text: string): Promise<number> {
		const client = await pool.connect();
		try {
			const { rows } = await client.query<{ n: string }>('select count(*) as n from pg_prepared_statements where statement = $1', [text]);
			return Number(rows[0].n);
		} finally {
			client.release();
		}
	}

	async function batchOf(text: string, parameters: unknown[]) {
		const client = await pool.connect();
		try {
			return await runBatch(client, [{ sql: text, parameters }], new PreparedStatements());
		} finally {
			client.release();
		}
	}

	it('prepares a statement whose result columns are named once per connection, and never one that returns `*`', async () => {
		const name = await newTable();
		await observer.query(`insert into ${name} (id, v) values (1, 'one')`);
		const named = `select v from ${name} where id = $1`;
		const star = `select * from ${name} where id = $1`;
		for (let run = 0; run < 3; run++) {
			expect((await batchOf(named, [1])).results[0].rows).toEqual([{ v: 'one' }]);
			expect((await batchOf(star, [1])).results[0].rows).toEqual([{ id: 1, v: 'one' }]);
		}
		expect(await preparedWith(named)).toBe(1);
		expect(await preparedWith(star)).toBe(0);
	});

	it('prepares anew a statement whose result type another session changed, after failing once', async () => {
		const name = await newTable();
		await observer.query(`insert into ${name} (id, v) values (1, 'one')`);
		const text = `select id from ${name} where v = $1`;
		expect((await batchOf(text, ['one'])).results[0].rows).toEqual([{ id: 1 }]);
		await observer.query(`alter table ${name} alter column id type bigint`);
		expect((await batchOf(text, ['one'])).error).toMatchObject({ code: '0A000' });
		expect((await batchOf(text, ['one'])).results[0].rows).toEqual([{ id: '1' }]);
		expect(await preparedWith(text)).toBe(1);
	});

	it('names its statements apart from another process\'s, which may share the connection behind a pooler', async () => {
		// Two engine processes: two copies of the batch module, each with its own names, on one server connection.
		const processes = [0, 1].map(() => {
			let copy!: typeof import('../../engine/store/pgBatch');
			jest.isolateModules(() => (copy = jest.requireActual<typeof import('../../engine/store/pgBatch')>('../../engine/store/pgBatch')));
			return copy;
		});
		const client = await pool.connect();
		try {
			const outcomes = [];
			for (const [index, copy] of processes.entries()) outcomes.push(
					await copy.runBatch(client, [{ sql: `select $1::text as ${['première', 'zweite'][index]}`, parameters: ['naïve 名前'] }], new PreparedStatements()),
				);
			expect(outcomes.map((outcome) => outcome.error)).toEqual([null, null]);
			expect(outcomes.map((outcome) => outcome.results[0].rows)).toEqual([[{ première: 'naïve 名前' }], [{ zweite: 'naïve 名前' }]]);
			const { rows } = await client.query<{ name: string }>("select name from pg_prepared_statements where statement like 'select $1::text as %'");
			const prefixes = rows.map((row) => /^(sf_[0-9a-f]{8})_\d+$/.exec(row.name)?.[1]);
			expect(prefixes).toHaveLength(2);
			expect(prefixes.every(Boolean)).toBe(true);
			expect(new Set(prefixes).size).toBe(2);
		} finally {
			client.release();
		}
	});

	it('prepares anew a statement of a batch that failed, closing what the failed batch left', async () => {
		const text = 'select 10 / $1::int as x';
		expect((await batchOf(text, [0])).error).toMatchObject({ code: '22012' });
		expect((await batchOf(text, [2])).results[0].rows).toEqual([{ x: 5 }]);
		expect(await preparedWith(text)).toBe(1);
	});
});

onPostgres('behind a pooler in transaction mode (prepared statements turned off)', () => {
	/*
	 * A pooler in transaction mode hands each transaction whichever server connection is free, so a
	 * statement prepared on one is unknown on the next. Here the server forgets them as it would:
	 * DEALLOCATE ALL on the pool's one connection, behind the statement caches' back.
	 */
	let warnings: string[];
	let policy: PreparedStatements;

	beforeEach(() => {
		warnings = [];
		policy = new PreparedStatements(true, (message) => warnings.push(message));
	});

	/** Prepares `texts` on the pool's connection under `policy`, then makes the server forget them. */
	async function preparedThenForgotten(...texts: string[]): Promise<void> {
		const reads = new PostgresReads(pool, policy);
		await Promise.all(texts.map((text) => reads.executeQuery(select(text, text.includes('$2') ? [0, 'x'] : text.includes('$1') ? ['x'] : []))));
		await reads.end();
		expect(await preparedCount()).toBeGreaterThanOrEqual(texts.length);
		await pool.query('deallocate all');
	}

	async function preparedCount(text?: string): Promise<number> {
		const { rows } = await pool.query<{ n: string }>('select count(*) as n from pg_prepared_statements where statement = coalesce($1, statement)', [text]);
		return Number(rows[0].n);
	}

	function expectTurnedOff(code: string): void {
		expect(policy.enabled).toBe(false);
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toContain(`(${code})`);
		expect(warnings[0]).toContain('SIGNFLOW_DATABASE_PREPARED_STATEMENTS=false');
	}

	it('sends a read\'s queries again, unnamed, and none of its writes twice', async () => {
		const name = await newTable();
		const known = 'select $1::text as greeting';
		await preparedThenForgotten(known);
		const reads = new PostgresReads(pool, policy);
		const [written, greeting] = await Promise.all([
			reads.executeQuery(insert(name, 1, 'Zoë')),
			reads.executeQuery<{ greeting: string }>(select(known, ['こんにちは 👋'])),
		]);
		await reads.end();
		expect(written.numAffectedRows).toBe(1n);
		expect(greeting.rows).toEqual([{ greeting: 'こんにちは 👋' }]);
		expect(await idsIn(name)).toEqual([1]);
		expectTurnedOff('26000');
		const again = new PostgresReads(pool, policy);
		const afterwards = `select v from ${name} where id = $1`;
		expect((await again.executeQuery(select(afterwards, [1]))).rows).toEqual([{ v: 'Zoë' }]);
		await again.end();
		expect(await preparedCount(afterwards)).toBe(0);
		expect(await preparedCount(known)).toBe(0);
		expect(warnings).toHaveLength(1);
	});

	it('sends a transaction\'s first batch again, unnamed, after rolling back the block its BEGIN opened', async () => {
		const name = await newTable();
		const count = `select count(*) as n from ${name}`;
		await preparedThenForgotten('begin', count);
		const transaction = new PostgresTransaction(pool, policy);
		transaction.defer(insert(name, 1, 'Ångström'));
		expect((await transaction.executeQuery(select(count))).rows).toEqual([{ n: '1' }]);
		transaction.defer(insert(name, 2, 'مرحبا'));
		await transaction.commit();
		// The first batch failed, its block rolled back, then sent again; then the commit.
		expect(transaction.batches).toBe(4);
		expect(await idsIn(name)).toEqual([1, 2]);
		expectTurnedOff('26000');
		expect(await connectionIsIdle()).toBe(true);
		expect(await preparedCount(count)).toBe(0);
	});

	it('sends writes alone (no BEGIN, rolled back by the server) again, unnamed, at the commit', async () => {
		const name = await newTable();
		await preparedThenForgotten(`insert into ${name} (id, v) values ($1, $2)`);
		await pool.query(`delete from ${name}`);
		const transaction = new PostgresTransaction(pool, policy);
		transaction.defer(insert(name, 7, 'Zoë'));
		transaction.defer(insert(name, 8, 'Zoë'));
		await transaction.commit();
		expect(transaction.batches).toBe(2);
		expect(await idsIn(name)).toEqual([7, 8]);
		expectTurnedOff('26000');
	});

	it('fails a transaction whose block was open with the server\'s error, keeping none of it; the next one works', async () => {
		const name = await newTable();
		const count = `select count(*) as n from ${name}`;
		const transaction = new PostgresTransaction(pool, policy);
		transaction.defer(insert(name, 1));
		await transaction.executeQuery(select(count));
		// The pool's one connection is the transaction's: the server forgets its statements through it.
		// Not preparable (a `*`), the DEALLOCATE goes unnamed.
		await transaction.executeQuery(select('deallocate all /* * */'));
		transaction.defer(insert(name, 2));
		const failure = await transaction.executeQuery(select(count)).catch((error: unknown) => error);
		expect(failure).toMatchObject({ code: '26000' });
		await expect(transaction.commit()).rejects.toBe(failure);
		expect(await idsIn(name)).toEqual([]);
		expectTurnedOff('26000');
		const next = new PostgresTransaction(pool, policy);
		next.defer(insert(name, 3));
		expect((await next.executeQuery(select(count))).rows).toEqual([{ n: '1' }]);
		await next.commit();
		expect(await idsIn(name)).toEqual([3]);
	});

	it('turns off on a name another process prepared already (42P05)', async () => {
		const name = await newTable();
		const client = await pool.connect();
		try {
			// Another engine process's statement under the name this process uses next (sf_<its prefix>_<n + 1>).
			const probe = new PreparedStatements();
			await runBatch(client, [{ sql: 'select 1 as probe', parameters: [] }], probe);
			const { rows } = await client.query<{ name: string }>("select name from pg_prepared_statements where statement = 'select 1 as probe'");
			const [, prefix, n] = /^(sf_[0-9a-f]{8}_)(\d+)$/.exec(rows[0].name)!;
			await client.query(`prepare ${prefix}${Number(n) + 1} as select 'another process' as who`);
		} finally {
			client.release();
		}
		const reads = new PostgresReads(pool, policy);
		expect((await reads.executeQuery(select(`select count(*) as n from ${name} where v = $1`, ['Zoë']))).rows).toEqual([{ n: '0' }]);
		await reads.end();
		expectTurnedOff('42P05');
		await pool.query('deallocate all');
	});

	it('turns off for the store whose connections are shared only, and never when told so from the start', async () => {
		const texts = Array.from({ length: 2 }, (_unused, index) => `select $1::text as "store ${index} 名"`);
		const stores = [0, 1].map((index) => openPostgres(`${database!.url}?application_name=pooler_${index}`, { poolSize: 1, warn: (message) => warnings.push(message) }));
		const off = openPostgres(database!.url, { poolSize: 1, preparedStatements: false, warn: (message) => warnings.push(message) });
		const prepared = async ({ pool: its, preparedStatements }: ReturnType<typeof openPostgres>, text: string) => {
			const reads = new PostgresReads(its, preparedStatements);
			expect((await reads.executeQuery(select(text, ['ß']))).rows).toHaveLength(1);
			const { rows } = await reads.executeQuery<{ n: string }>(select('select count(*) as n from pg_prepared_statements where statement = $1', [text]));
			await reads.end();
			return Number(rows[0].n);
		};
		try {
			for (const [index, store] of stores.entries()) expect(await prepared(store, texts[index])).toBe(1);
			await stores[0].pool.query('deallocate all');
			expect(await prepared(stores[0], texts[0])).toBe(0);
			expect(stores[0].preparedStatements.enabled).toBe(false);
			expect(stores[1].preparedStatements.enabled).toBe(true);
			expect(await prepared(stores[1], `${texts[1]} -- again`)).toBe(1);
			expect(await prepared(off, texts[0])).toBe(0);
			expect(warnings).toHaveLength(1);
		} finally {
			await Promise.all([...stores, off].map((store) => store.pool.end()));
		}
	});

	it('reads the setting from SIGNFLOW_DATABASE_PREPARED_STATEMENTS, on by default', () => {
		expect(resolveConfig({}).databasePreparedStatements).toBe(true);
		expect(resolveConfig(configFromEnv({ SIGNFLOW_DATABASE_PREPARED_STATEMENTS: 'false' })).databasePreparedStatements).toBe(false);
		expect(resolveConfig(configFromEnv({ SIGNFLOW_DATABASE_PREPARED_STATEMENTS: 'true' })).databasePreparedStatements).toBe(true);
		expect(() => resolveConfig(configFromEnv({ SIGNFLOW_DATABASE_PREPARED_STATEMENTS: 'maybe' }))).toThrow(
			'Invalid configuration: databasePreparedStatements: Must be true or false',
		);
	});
});

onPostgres('the store on PostgreSQL', () => {
	let store: KyselyStore;
	const dataDir = tempDataDir('postgres-round-trips');

	beforeAll(async () => {
		store = openStore({ dataDir, databaseUrl: database!.url });
		await store.migrate();
		await store.transaction((repository) =>
			repository.organizations.insert({ id: 'org', name: 'Org', adminEmail: null, createdAt: new Date().toISOString() }),
		);
	});

	afterAll(async () => {
		await store?.close();
		rmSync(dataDir, { recursive: true, force: true });
	});

	const aWorkflowOf = (organizationId = 'org') => aWorkflow({ organizationId, name: `Workflow ${newId()}` });
	const context = { actor: { type: 'system' as const, id: null }, ip: null, userAgent: null };

	it('rejects a transaction whose write fails at its commit with the server\'s error, and keeps none of it', async () => {
		const taken = aWorkflowOf();
		await store.transaction((repository) => repository.workflows.insert(taken));
		const fresh = aWorkflowOf();
		const failure = await store
			.transaction(async (repository) => {
				await repository.workflows.insert(fresh);
				await repository.events.append('org', { type: 'workflow.created', workflowId: fresh.id, data: { name: fresh.name } }, context, fresh.createdAt);
				await repository.workflows.insert(taken);
			})
			.catch((error: unknown) => error);
		expect(failure).toMatchObject({ code: '23505', constraint: 'workflows_pkey' });
		await store.read(async (repository) => {
			expect(await repository.workflows.get(engineScope('org'), fresh.id)).toBeNull();
			expect(await repository.events.listByWorkflow('org', fresh.id)).toEqual([]);
		});
		// The failed transaction's chain head was never published: the workflow's first event is sequence 1.
		await store.transaction(async (repository) => {
			await repository.workflows.insert(fresh);
			await repository.events.append('org', { type: 'workflow.created', workflowId: fresh.id, data: { name: fresh.name } }, context, fresh.createdAt);
		});
		const events = await store.read((repository) => repository.events.listByWorkflow('org', fresh.id));
		expect(events.map((event) => event.sequence)).toEqual([1]);
	});

	it('appends a new workflow\'s events and reads its aggregate, locked or not, as written', async () => {
		const workflow = aWorkflowOf();
		await store.transaction(async (repository) => {
			await repository.workflows.insert(workflow);
			for (const type of ['workflow.created', 'workflow.sent'] as const)
				await repository.events.append('org', { type, workflowId: workflow.id, data: {} }, context, workflow.createdAt);
		});
		const locked = await store.transaction((repository) => repository.loadAggregate(engineScope('org'), workflow.id, { forUpdate: true }));
		const read = await store.read((repository) => repository.loadAggregate(engineScope('org'), workflow.id));
		expect(locked).toEqual({ workflow, files: [], signers: [], signatures: [], annotations: [] });
		expect(read).toEqual(locked);
		expect(await store.transaction((repository) => repository.loadAggregate(engineScope('other-org'), workflow.id, { forUpdate: true }))).toBeNull();
		const events = await store.read((repository) => repository.events.listByWorkflow('org', workflow.id));
		expect(events.map((event) => [event.sequence, event.prevHash === (events[event.sequence - 2]?.hash ?? null)])).toEqual([
			[1, true],
			[2, true],
		]);
	});

	it('runs a transaction again, with the head read, when another process took the sequence its cached chain head gave its event', async () => {
		const workflow = aWorkflowOf();
		const event = (name: string) => ({ type: 'signer.added' as const, workflowId: workflow.id, data: { name } });
		await store.transaction(async (repository) => {
			await repository.workflows.insert(workflow);
			await repository.events.append('org', event('Zoë Ångström'), context, workflow.createdAt);
		});
		// Another process (a store of its own) appends twice: this store's cached head is now behind.
		const other = openStore({ dataDir, databaseUrl: database!.url });
		try {
			for (const name of ['محمد الأحمد', '山田 太郎'])
				await other.transaction((repository) => repository.events.append('org', event(name), context, workflow.createdAt));
		} finally {
			await other.close();
		}
		let runs = 0;
		const appended = await store.transaction(async (repository) => {
			runs += 1;
			return repository.events.append('org', event('José Müller 😀'), context, workflow.createdAt);
		});
		expect(runs).toBe(2);
		expect(appended.sequence).toBe(4);
		const events = await store.read((repository) => repository.events.listByWorkflow('org', workflow.id));
		expect(events.map((stored) => [stored.sequence, stored.prevHash === (events[stored.sequence - 2]?.hash ?? null)])).toEqual([
			[1, true],
			[2, true],
			[3, true],
			[4, true],
		]);
		// The head learnt by the second run is kept: the next append runs once.
		runs = 0;
		await store.transaction(async (repository) => {
			runs += 1;
			await repository.events.append('org', event('Ærøskøbing'), context, workflow.createdAt);
		});
		expect(runs).toBe(1);
	});

	it('finds a signing link\'s signer and aggregate by its token hash, read or locked', async () => {
		const workflow = aWorkflowOf();
		const signer = aSigner(workflow.id, 'Zoë');
		await store.transaction(async (repository) => {
			await repository.workflows.insert(workflow);
			await repository.signers.insert('org', { ...signer, accessCodeHash: 'code-hash' });
			await repository.signers.setTokenHash('org', signer.id, 'token-hash');
		});
		const expected = {
			organizationId: 'org',
			signerId: signer.id,
			accessCodeHash: 'code-hash',
			aggregate: { workflow, files: [], signers: [{ ...signer, hasAccessCode: true }], signatures: [], annotations: [] },
		};
		expect(await store.read((repository) => repository.loadAggregateByTokenHash('token-hash'))).toEqual(expected);
		expect(await store.transaction((repository) => repository.loadAggregateByTokenHash('token-hash', { forUpdate: true }))).toEqual(expected);
		expect(await store.read((repository) => repository.loadAggregateByTokenHash('unknown'))).toBeNull();
		expect(await store.transaction((repository) => repository.loadAggregateByTokenHash('unknown', { forUpdate: true }))).toBeNull();
	});

	describe('signing links read lately', () => {
		/** A workflow with one signer whose link's token hash is `tokenHash`. */
		async function aLink(tokenHash: string) {
			const workflow = aWorkflowOf();
			const signer = aSigner(workflow.id, 'Zoë Ångström');
			await store.transaction(async (repository) => {
				await repository.workflows.insert(workflow);
				await repository.signers.insert('org', { ...signer, accessCodeHash: null });
				await repository.signers.setTokenHash('org', signer.id, tokenHash);
			});
			return { workflow, signer };
		}
		const readLink = (from: KyselyStore, tokenHash: string) => from.read((repository) => repository.loadAggregateByTokenHash(tokenHash));
		const viewed = (signer: Signer, at: string) => ({ ...signer, viewedAt: at, updatedAt: at });

		it('answers a link read again from the first read, until this process commits a change to its workflow', async () => {
			const hash = `links-${newId()}`;
			const { workflow, signer } = await aLink(hash);
			const first = await readLink(store, hash);
			expect(await readLink(store, hash)).toBe(first);
			expect(Object.isFrozen(first!.aggregate.signers)).toBe(true);
			// A change with its audit event drops the workflow's links: the next read sees it.
			const at = new Date().toISOString();
			await store.transaction(async (repository) => {
				await repository.signers.update('org', viewed(signer, at), signer);
				await repository.events.append('org', { type: 'signer.viewed', workflowId: workflow.id, data: { signerId: signer.id } }, context, at);
			});
			const after = await readLink(store, hash);
			expect(after).not.toBe(first);
			expect(after!.aggregate.signers[0].viewedAt).toBe(at);
			// A change that names no workflow (no event) drops every link.
			expect(await readLink(store, hash)).toBe(after);
			await store.transaction((repository) => repository.signers.update('org', { ...viewed(signer, at), name: 'Zoë Ångström-Møller' }, viewed(signer, at)));
			expect((await readLink(store, hash))!.aggregate.signers[0].name).toBe('Zoë Ångström-Møller');
		});

		it('never answers a transaction from it: the transaction sees its own change', async () => {
			const hash = `links-${newId()}`;
			const { signer } = await aLink(hash);
			await readLink(store, hash);
			const at = new Date().toISOString();
			const seen = await store.transaction(async (repository) => {
				await repository.signers.update('org', viewed(signer, at), signer);
				return repository.loadAggregateByTokenHash(hash);
			});
			expect(seen!.aggregate.signers[0].viewedAt).toBe(at);
		});

		it('shows another process\'s change within the cache time', async () => {
			const hash = `links-${newId()}`;
			const { signer } = await aLink(hash);
			await readLink(store, hash);
			const other = openStore({ dataDir, databaseUrl: database!.url });
			const at = new Date().toISOString();
			try {
				await other.transaction((repository) => repository.signers.update('org', viewed(signer, at), signer));
			} finally {
				await other.close();
			}
			// This process trusts what it read for at most SHARED_CACHE_TTL_MS (1 s).
			const seen = await until(() => readLink(store, hash), (link) => link?.aggregate.signers[0].viewedAt === at, 10_000);
			expect(seen!.aggregate.signers[0].viewedAt).toBe(at);
		});
	});

	/**
	 * Runs `change` in a transaction that holds the workflow's lock while `waiter` (started once the
	 * lock is held) waits for it, and returns what `waiter` got.
	 */
	async function whileLocked<T>(workflowId: string, change: (repository: Repository) => Promise<void>, waiter: () => Promise<T>): Promise<T> {
		let locked!: () => void;
		const isLocked = new Promise<void>((resolve) => (locked = resolve));
		let release!: () => void;
		const released = new Promise<void>((resolve) => (release = resolve));
		const holder = store.transaction(async (repository) => {
			await repository.loadAggregate(engineScope('org'), workflowId, { forUpdate: true });
			locked();
			await released;
			await change(repository);
		});
		await isLocked;
		const waiting = waiter();
		const blocked = await until(
			async () => (await observer.query<{ n: string }>("select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'")).rows[0].n,
			(n) => n === '1',
		);
		expect(blocked).toBe('1');
		release();
		await holder;
		return waiting;
	}

	it('reads a locked workflow\'s parts, by id or by a link, as the transaction that held the lock left them', async () => {
		const workflow = aWorkflowOf();
		const signer = aSigner(workflow.id, 'Zoë');
		await store.transaction(async (repository) => {
			await repository.workflows.insert(workflow);
			await repository.signers.insert('org', { ...signer, accessCodeHash: null });
			await repository.signers.setTokenHash('org', signer.id, 'token-before');
		});
		const viewedAt = new Date().toISOString();
		const seen = await whileLocked(
			workflow.id,
			(repository) => repository.signers.update('org', { ...signer, viewedAt }),
			() => store.transaction((repository) => repository.loadAggregateByTokenHash('token-before', { forUpdate: true })),
		);
		expect(seen?.aggregate.signers).toEqual([{ ...signer, viewedAt }]);

		const renamed = { ...signer, viewedAt, name: 'Zoë Ångström' };
		const aggregate = await whileLocked(
			workflow.id,
			(repository) => repository.signers.update('org', renamed),
			() => store.transaction((repository) => repository.loadAggregate(engineScope('org'), workflow.id, { forUpdate: true })),
		);
		expect(aggregate?.signers).toEqual([renamed]);

		const reissued = await whileLocked(
			workflow.id,
			(repository) => repository.signers.setTokenHash('org', signer.id, 'token-after'),
			() => store.transaction((repository) => repository.loadAggregateByTokenHash('token-before', { forUpdate: true })),
		);
		expect(reissued).toBeNull();
	});

	it('keeps at most --database-pool-size connections open', async () => {
		const config = resolveConfig(configFromEnv({ SIGNFLOW_DATABASE_POOL_SIZE: '2' }));
		expect(config.databasePoolSize).toBe(2);
		expect(resolveConfig({}).databasePoolSize).toBe(10);
		const small = openStore({ dataDir, databaseUrl: `${database!.url}?application_name=small_pool`, poolSize: config.databasePoolSize });
		try {
			// Twelve reads at once: the pool opens connections up to its size, the others wait for one.
			const counts = await Promise.all(Array.from({ length: 12 }, () => small.read((repository) => repository.workflows.countByStatus('org', 'draft'))));
			expect(new Set(counts).size).toBe(1);
			const { rows } = await observer.query<{ n: string }>("select count(*) as n from pg_stat_activity where application_name = 'small_pool' and datname = current_database()");
			expect(Number(rows[0].n)).toBe(2);
		} finally {
			await small.close();
		}
	});
});
