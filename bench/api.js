// The REST API under load: POST /api/v1/workflows and GET /api/v1/workflows/{id} from 32 keep-alive
// clients, Signflow (the built engine in a child process, a real organization and API key) next to
// the API floor (bench/floors/apiFloor.js: fastify + one INSERT or one SELECT, same durability),
// on SQLite and on PostgreSQL, interleaved, median of 3 repetitions.
// BENCH_API_SECONDS shortens each measurement (default 3), BENCH_API_DATABASES picks (sqlite,postgres).
'use strict';
const { spawn } = require('node:child_process');
const { closeSync, mkdtempSync, openSync, readFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Pool } = require('undici');
const { startApiFloor } = require('./floors/apiFloor');
const { CLI, createDatabase, createOrganization } = require('./engineProcess');
const { median, record } = require('./report');

const CLIENTS = 32;
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 3);
const REPETITIONS = 3;
const DATABASES = (process.env.BENCH_API_DATABASES ?? 'sqlite,postgres').split(',');
const TARGET = { sqlite: 0.5, postgres: 0.3 };
/** What a client sends: a name and metadata in several scripts, as real senders do. */
const BODY = JSON.stringify({ name: 'Contrat de travail – Zoë Ångström', message: 'Merci de signer ✍️', metadata: { crmId: 'deal-4711', owner: 'محمد', team: '営業' } });

/** The engine as users run it (`signflow serve`, info logging to a file), with an organization and its key. */
async function startSignflow(databaseUrl) {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'signflow-bench-api-'));
	const storeArgs = ['--data', dataDir, ...(databaseUrl ? ['--database-url', databaseUrl] : [])];
	const apiKey = await createOrganization(storeArgs, 'Bench Ångström');
	const logFile = path.join(dataDir, 'engine.log');
	const log = openSync(logFile, 'w');
	// The rate limit would answer 429 long before a benchmark's request count.
	const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--rate-limit-api', '100000000', ...storeArgs], { stdio: ['ignore', log, log] });
	closeSync(log);
	const exited = new Promise((resolve) => child.on('exit', resolve));
	let url = null;
	for (let waited = 0; !url; waited += 20) {
		if (child.exitCode !== null || waited > 30_000) throw new Error(`the engine did not start: ${readFileSync(logFile, 'utf8')}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
		url = /listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(readFileSync(logFile, 'utf8'))?.[1] ?? null;
	}
	return {
		url,
		headers: { authorization: `Bearer ${apiKey}` },
		async close() {
			child.kill('SIGTERM');
			await exited;
			rmSync(dataDir, { recursive: true, force: true });
		},
	};
}

/** Requests per second from CLIENTS keep-alive clients for SECONDS; `next()` gives each request. */
async function load(origin, next, onAnswer = () => undefined) {
	const pool = new Pool(origin, { connections: CLIENTS, pipelining: 1 });
	let done = 0;
	let failed = 0;
	const firstFailures = [];
	const until = Date.now() + SECONDS * 1000;
	const started = process.hrtime.bigint();
	await Promise.all(
		Array.from({ length: CLIENTS }, async () => {
			while (Date.now() < until) {
				const response = await pool.request(next());
				const text = await response.body.text();
				if (response.statusCode >= 300) {
					failed += 1;
					if (firstFailures.length < 3) firstFailures.push(`${response.statusCode} ${text.slice(0, 200)}`);
				} else {
					done += 1;
					onAnswer(text);
				}
			}
		}),
	);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	await pool.close();
	if (failed) throw new Error(`${failed} requests failed: ${firstFailures.join(' | ')}`);
	return done / seconds;
}

/** POST rps; keeps the first workflows' ids for the GET measurement. */
async function posts(server, ids) {
	const headers = { ...server.headers, 'content-type': 'application/json' };
	return load(
		server.url,
		() => ({ path: '/api/v1/workflows', method: 'POST', headers, body: BODY }),
		(text) => ids.length < 500 && ids.push(JSON.parse(text).id),
	);
}

async function gets(server, ids) {
	let index = 0;
	return load(server.url, () => ({ path: `/api/v1/workflows/${ids[index++ % ids.length]}`, method: 'GET', headers: server.headers }));
}

async function measureOn(database) {
	const databases = database === 'postgres' ? [await createDatabase('signflow_bench_api'), await createDatabase('signflow_bench_api')] : [];
	const signflow = await startSignflow(databases[0]?.url);
	const floor = await startApiFloor({ database, databaseUrl: databases[1]?.url });
	floor.headers = {};
	const figures = { signflow: { post: [], get: [] }, floor: { post: [], get: [] } };
	const ids = { signflow: [], floor: [] };
	try {
		// Warm both (JIT, statement caches, pools) before the first measured round.
		await load(signflow.url, () => ({ path: '/api/v1/me', method: 'GET', headers: signflow.headers }));
		for (let repetition = 0; repetition < REPETITIONS; repetition++) {
			// Alternate which goes first so neither always meets a warmer or colder disk.
			const order = repetition % 2 ? [['floor', floor], ['signflow', signflow]] : [['signflow', signflow], ['floor', floor]];
			for (const [name, server] of order) figures[name].post.push(await posts(server, ids[name]));
			for (const [name, server] of order) figures[name].get.push(await gets(server, ids[name]));
		}
	} finally {
		await signflow.close();
		await floor.close();
		for (const made of databases) await made.drop();
	}
	const label = database === 'sqlite' ? 'SQLite' : 'PostgreSQL';
	const rows = [];
	for (const [kind, pathLabel] of [['post', 'POST /api/v1/workflows'], ['get', 'GET /api/v1/workflows/{id}']]) {
		const rounded = (values) => values.map((value) => Math.round(value)).join(', ');
		rows.push(
			record({
				path: `API ${pathLabel}, ${label}, ${CLIENTS} clients`,
				ours: median(figures.signflow[kind]),
				floor: median(figures.floor[kind]),
				unit: 'rps',
				better: 'higher',
				target: TARGET[database],
				note: `runs: ours ${rounded(figures.signflow[kind])}; floor ${rounded(figures.floor[kind])}`,
			}),
		);
	}
	return rows;
}

module.exports = async function apiBench() {
	const rows = [];
	for (const database of DATABASES) rows.push(...(await measureOn(database)));
	console.log(`\nAPI, ${CLIENTS} keep-alive clients, ${SECONDS} s per measurement, median of ${REPETITIONS} interleaved repetitions:`);
	console.table(rows);
	return rows;
};
