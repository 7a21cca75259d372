#!/usr/bin/env node
// The tests on both stores, as `npm test` runs them (after type checks, lint and the build):
//   1. every test, on SQLite (SIGNFLOW_TEST_DB=sqlite);
//   2. if that passed, the tests that run the engine (test/integration and the API fuzz test)
//      again on PostgreSQL (SIGNFLOW_TEST_DB=postgres), each engine in a database of its own on
//      the server of SIGNFLOW_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test;
//      its user must be allowed to create databases). When no server answers there, the pass is
//      skipped with one line saying so, unless SIGNFLOW_TEST_POSTGRES=required (then it fails).
//
//   node scripts/test-stores.js [JEST ARGS]     arguments go to both passes (then they, not the
//                                               list above, choose the PostgreSQL pass's tests)
//   node scripts/test-stores.js --postgres-only [JEST ARGS]
'use strict';
const { spawnSync } = require('node:child_process');
const pg = require('pg');

const ADMIN_URL = process.env.SIGNFLOW_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test';
const POSTGRES_TESTS = ['test/integration/', 'test/fuzz/api\\.fuzz\\.test\\.ts'];
// Test databases are named signflow_test_<creation time, base 36>_...; a run killed before it
// dropped its own leaves them behind. Older than a day, no run still uses them.
const STALE_AFTER_MS = 24 * 3600_000;
const CONNECT_TIMEOUT_MS = 5000;

function jest(store, args) {
	const started = Date.now();
	const result = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), ...args], {
		stdio: 'inherit',
		env: { ...process.env, SIGNFLOW_TEST_DB: store },
	});
	return { code: result.status ?? 1, seconds: Math.round((Date.now() - started) / 1000) };
}

function shown(url) {
	const parsed = new URL(url);
	if (parsed.password) parsed.password = '***';
	return parsed.toString();
}

/** null when the server answers and lets the user in, else why not. */
async function unusable() {
	const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
	const started = Date.now();
	try {
		await client.connect();
		const old = await client.query("select datname from pg_database where datname like 'signflow\\_test\\_%'");
		for (const { datname } of old.rows) {
			const created = parseInt(datname.split('_')[2], 36);
			if (Date.now() - created > STALE_AFTER_MS) await client.query(`drop database if exists ${datname} with (force)`);
		}
		return null;
	} catch (error) {
		if (Date.now() - started >= CONNECT_TIMEOUT_MS) return `no answer within ${CONNECT_TIMEOUT_MS / 1000} s`;
		return error instanceof Error ? error.message || error.constructor.name : String(error);
	} finally {
		await client.end().catch(() => undefined);
	}
}

async function main(argv) {
	const postgresOnly = argv[0] === '--postgres-only';
	const args = postgresOnly ? argv.slice(1) : argv;
	if (!postgresOnly) {
		const sqlite = jest('sqlite', args);
		if (sqlite.code !== 0) return sqlite.code;
	}
	const why = await unusable();
	if (why) {
		const required = process.env.SIGNFLOW_TEST_POSTGRES === 'required';
		console.log(
			`\n${required ? 'PostgreSQL pass FAILED' : 'PostgreSQL pass skipped'}: no PostgreSQL to use at ${shown(ADMIN_URL)} (${why}).` +
				' Set SIGNFLOW_TEST_POSTGRES_URL to a server where the user may create databases to run it.',
		);
		return required ? 1 : 0;
	}
	console.log(`\nPostgreSQL pass: the engine's tests again, each engine in a database of its own on ${shown(ADMIN_URL)}`);
	const postgres = jest('postgres', args.length ? [...args, '--passWithNoTests'] : POSTGRES_TESTS);
	console.log(`PostgreSQL pass ${postgres.code === 0 ? 'passed' : 'FAILED'} in ${postgres.seconds} s.`);
	return postgres.code;
}

main(process.argv.slice(2)).then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
