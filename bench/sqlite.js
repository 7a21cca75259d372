// SQLite drivers: libsql (what the engine ships: prebuilt binaries, no install script, so it
// survives n8n's `npm install --ignore-scripts`) next to better-sqlite3 (the baseline: compiled
// at install time), both opened exactly as the engine opens them (WAL, synchronous=FULL, the
// statement cache) and driven through Kysely in the same run.
'use strict';
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Kysely, sql } = require('kysely');
const { openSqliteDialect } = require('../engine/store/sqlite');

const COMMITS = Number(process.env.BENCH_SQLITE_COMMITS ?? 1000);
const BATCH = 10_000;
const READS = 20_000;

async function measure(label, Driver) {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'signflow-bench-sqlite-'));
	const db = new Kysely({ dialect: openSqliteDialect(dir, Driver).dialect });
	try {
		await sql`create table rows (id text primary key, workflow_id text not null, name text not null, data text not null)`.execute(db);
		await sql`create index rows_workflow on rows (workflow_id)`.execute(db);
		const row = (i) => ({ id: `row-${i}`, workflow_id: `wf-${i % 100}`, name: `Zoë Ångström ${i}`, data: JSON.stringify({ i, note: 'x'.repeat(200) }) });

		let start = process.hrtime.bigint();
		for (let i = 0; i < COMMITS; i++) await db.transaction().execute((trx) => trx.insertInto('rows').values(row(i)).execute());
		const commitMs = Number(process.hrtime.bigint() - start) / 1e6;

		start = process.hrtime.bigint();
		await db.transaction().execute(async (trx) => {
			for (let i = COMMITS; i < COMMITS + BATCH; i++) await trx.insertInto('rows').values(row(i)).execute();
		});
		const batchMs = Number(process.hrtime.bigint() - start) / 1e6;

		start = process.hrtime.bigint();
		for (let i = 0; i < READS; i++) await db.selectFrom('rows').selectAll().where('id', '=', `row-${(i * 7919) % (COMMITS + BATCH)}`).executeTakeFirst();
		const readMs = Number(process.hrtime.bigint() - start) / 1e6;

		start = process.hrtime.bigint();
		for (let i = 0; i < 500; i++) await db.selectFrom('rows').selectAll().where('workflow_id', '=', `wf-${i % 100}`).orderBy('id').limit(100).execute();
		const listMs = Number(process.hrtime.bigint() - start) / 1e6;

		return {
			driver: label,
			'commits/s': Math.round(COMMITS / (commitMs / 1000)),
			'batch inserts/s': Math.round(BATCH / (batchMs / 1000)),
			'point reads/s': Math.round(READS / (readMs / 1000)),
			'100-row lists/s': Math.round(500 / (listMs / 1000)),
		};
	} finally {
		await db.destroy();
		rmSync(dir, { recursive: true, force: true });
	}
}

module.exports = async function run() {
	const results = [];
	let baseline = null;
	try {
		baseline = require('better-sqlite3');
	} catch {
		console.log('better-sqlite3 (the baseline, a development dependency) is not built here: npm rebuild better-sqlite3');
	}
	// Alternate the drivers so neither always runs on a colder or warmer disk.
	for (let round = 0; round < 2; round++) {
		results.push(await measure('libsql (shipped)', require('libsql')));
		if (baseline) results.push(await measure('better-sqlite3 (baseline)', baseline));
	}
	console.table(results);
	const best = (label, key) => Math.max(...results.filter((r) => r.driver === label).map((r) => r[key]));
	if (baseline)
		for (const key of ['commits/s', 'batch inserts/s', 'point reads/s', '100-row lists/s'])
			console.log(`${key}: libsql ${best('libsql (shipped)', key)} vs better-sqlite3 ${best('better-sqlite3 (baseline)', key)} (${(best('libsql (shipped)', key) / best('better-sqlite3 (baseline)', key)).toFixed(2)}x)`);
};
