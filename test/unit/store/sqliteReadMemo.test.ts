import { rmSync } from 'node:fs';
import { Kysely, sql } from 'kysely';
import { openSqlite, openSqliteDialect } from '../../../engine/store/sqlite';
import { changesReads, SqliteReadMemo } from '../../../engine/store/sqliteReadMemo';
import { tempDataDir } from '../../helpers/engine/engine';

type Row = { id: string; name: string };

describe('the SQLite memo of reads', () => {
	let dataDir: string;
	let db: Kysely<{ people: Row }>;
	let opened: ReturnType<typeof openSqliteDialect>;
	let loads: number;
	const names = async () => {
		loads += 1;
		const { rows } = await sql<Row>`select id, name from people order by id`.execute(db);
		return { names: rows.map((row) => row.name) };
	};
	const remembered = (fill = true) => opened.reads.read('people', fill, names);
	const insertByAnotherConnection = () => {
		const other = openSqlite(dataDir);
		try {
			(other.prepare("insert into people values ('2', '山田 花子')") as { run(parameters: unknown[]): unknown }).run([]);
		} finally {
			other.close();
		}
	};

	beforeEach(async () => {
		dataDir = tempDataDir('read-memo');
		opened = openSqliteDialect(dataDir);
		db = new Kysely({ dialect: opened.dialect });
		await sql`create table people (id text primary key, name text not null)`.execute(db);
		await sql`insert into people values ('1', 'Zoë Ångström-Nakamura 🦩')`.execute(db);
		loads = 0;
	});
	afterEach(async () => {
		await db.destroy();
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('answers a read again while only reads ran, frozen', async () => {
		const first = await remembered();
		await sql`select count(*) from people`.execute(db);
		const again = await remembered();
		expect([loads, again]).toEqual([1, first]);
		expect(Object.isFrozen(again) && Object.isFrozen(again.names)).toBe(true);
	});

	it('reads again after a statement of this connection changed data, and after a rollback', async () => {
		await remembered();
		await sql`update people set name = 'Jürgen Müller' where id = '1'`.execute(db);
		expect((await remembered()).names).toEqual(['Jürgen Müller']);
		// Read inside a transaction that then rolls back: what it saw is gone.
		await db
			.transaction()
			.execute(async (trx) => {
				await sql`insert into people values ('2', 'محمد علي')`.execute(trx);
				throw new Error('rolled back on purpose');
			})
			.catch(() => undefined);
		expect((await remembered()).names).toEqual(['Jürgen Müller']);
		expect(loads).toBe(3);
	});

	it('reads again after another connection committed', async () => {
		await remembered();
		insertByAnotherConnection();
		expect((await remembered()).names).toEqual(['Zoë Ångström-Nakamura 🦩', '山田 花子']);
	});

	it('after another connection committed, drops a read kept without a check as well as the ones kept before', async () => {
		await remembered();
		insertByAnotherConnection();
		// Loaded (and kept) without reading data_version: it has the new row, yet the memo cannot tell.
		const count = async () => (await sql<{ n: number }>`select count(*) as n from people`.execute(db)).rows[0].n;
		expect(await opened.reads.read('count', true, count)).toBe(2);
		expect((await remembered()).names).toEqual(['Zoë Ångström-Nakamura 🦩', '山田 花子']);
		expect(loads).toBe(2);
		let counted = 0;
		await opened.reads.read('count', true, async () => ((counted += 1), count()));
		expect(counted).toBe(1);
	});

	it('reads data_version only to trust a kept read, never for one it must load anyway', async () => {
		const connection = openSqlite(dataDir);
		try {
			const version = connection.prepare('pragma data_version') as { raw(on: boolean): unknown; get(parameters: unknown[]): unknown[] };
			version.raw(true);
			let checks = 0;
			const memo = new SqliteReadMemo(() => ((checks += 1), Number(version.get([])[0])));
			await memo.read('people', true, names);
			const first = checks;
			await memo.read('others', true, names);
			await memo.read('people', true, names);
			expect([loads, checks - first]).toEqual([2, 1]);
			await sql`update people set name = 'Jürgen Müller' where id = '1'`.execute(db);
			memo.changing();
			expect((await memo.read('people', true, names)).names).toEqual(['Jürgen Müller']);
			expect([loads, checks - first]).toEqual([3, 1]);
		} finally {
			connection.close();
		}
	});

	it('keeps nothing a transaction read (it may see its own uncommitted writes), yet answers it from what was kept', async () => {
		await remembered(false);
		await remembered(false);
		expect(loads).toBe(2);
		await remembered(true);
		await remembered(false);
		expect(loads).toBe(3);
	});

	it.each(['select 1', ' SELECT * from people', 'begin', 'commit', 'savepoint unit', 'release unit'])('takes %s for a statement that changes no data', (text) => {
		expect(changesReads(text)).toBe(false);
	});

	it.each(['insert into people values (1)', 'update people set name = 1', 'delete from people', 'rollback', 'rollback to unit', 'with x as (delete from people returning *) select * from x', 'pragma foreign_keys = on', 'selector'])(
		'takes %s for a statement that may change data',
		(text) => {
			expect(changesReads(text)).toBe(true);
		},
	);
});
