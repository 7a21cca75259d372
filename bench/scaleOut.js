// Scale-out: the same work done by 1, 2 and 3 engine processes on one PostgreSQL database (each
// with its own data folder, nothing shared but the database and the master key), requests spread
// over the processes one by one as a load balancer without sticky sessions does, next to one
// process on SQLite (the embedded engine's layout). Two figures, median of the repetitions:
//  - envelopes/s: CLIENTS clients each running whole envelopes (bench/envelope-client.js: a 1-page
//    PDF, two signers, sent, both sign, sealed, workflow.completed received);
//  - webhook deliveries/s end to end: 16 clients create EVENTS workflows, one webhook
//    configuration receives every workflow.created; timed from the first request to the last receipt.
// Each row's ratio is to one PostgreSQL process measured in the same run. On a machine with fewer
// cores than processes, more processes share the same cores: the ratio shows what the database and
// the claims cost, not more hardware.
//   BENCH_SCALE_ENVELOPES (default 40), BENCH_SCALE_EVENTS (default 1500), BENCH_SCALE_REPS (default 2),
//   BENCH_SCALE_PROCESSES (default 1,2,3), BENCH_SCALE_CLIENTS (default 12).
'use strict';
const { randomBytes } = require('node:crypto');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { Pool } = require('undici');
const { strokePng } = require('../test/helpers/pdf/pngs');
const { runEnvelope, startCompletions } = require('./envelope-client');
const { BENCH_ENV, createDatabase, createOrganization, serve } = require('./engineProcess');
const { median, record } = require('./report');

const PDF = path.join(__dirname, '../test/fixtures/pdf/a4-1page.pdf');
const ENVELOPES = Number(process.env.BENCH_SCALE_ENVELOPES ?? 40);
const EVENTS = Number(process.env.BENCH_SCALE_EVENTS ?? 1500);
const REPS = Number(process.env.BENCH_SCALE_REPS ?? 2);
const PROCESSES = (process.env.BENCH_SCALE_PROCESSES ?? '1,2,3').split(',').map(Number);
const CLIENTS = Number(process.env.BENCH_SCALE_CLIENTS ?? 12);
const PRODUCERS = 16;

/** `count` engine processes on one new PostgreSQL database (or one on SQLite when count is 0), one organization. */
async function startLayout(count) {
	const database = count ? await createDatabase('signflow_bench_scale') : null;
	const env = { ...BENCH_ENV, SIGNFLOW_MASTER_KEY: randomBytes(32).toString('hex') };
	const dataDirs = Array.from({ length: Math.max(1, count) }, () => mkdtempSync(path.join(os.tmpdir(), 'signflow-bench-scale-')));
	const argsOf = (dataDir) => ['--data', dataDir, ...(database ? ['--database-url', database.url] : [])];
	const engines = [];
	try {
		const apiKey = await createOrganization(argsOf(dataDirs[0]), 'Bench Ångström AG', env);
		for (const dataDir of dataDirs) engines.push(await serve(argsOf(dataDir), { env }));
		const pools = engines.map((engine) => new Pool(engine.url, { connections: CLIENTS * 2 }));
		let next = 0;
		return {
			apiKey,
			/** Each request to the next process in turn. */
			spread: { request: (options) => pools[next++ % pools.length].request(options) },
			async stop() {
				await Promise.all(pools.map((pool) => pool.close()));
				await Promise.all(engines.map((engine) => engine.stop()));
				for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
				await database?.drop();
			},
		};
	} catch (error) {
		await Promise.all(engines.map((engine) => engine.stop()));
		throw error;
	}
}

async function api(pool, apiKey, method, route, body) {
	const response = await pool.request({ method, path: `/api/v1${route}`, headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const text = await response.body.text();
	if (response.statusCode >= 300) throw new Error(`${method} ${route}: ${response.statusCode} ${text}`);
	return JSON.parse(text);
}

/** Counts distinct webhook-ids of workflow.created; resolves when `count` have arrived. */
function startCreatedReceiver() {
	let ids = new Set();
	let waiter = null;
	const server = http.createServer((request, response) => {
		request.resume();
		request.on('end', () => {
			response.writeHead(204).end();
			ids.add(request.headers['webhook-id']);
			waiter?.();
		});
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () =>
			resolve({
				url: `http://127.0.0.1:${server.address().port}/created`,
				reset: () => (ids = new Set()),
				waitFor: (count) =>
					new Promise((done, fail) => {
						const timer = setTimeout(() => fail(new Error(`only ${ids.size} of ${count} deliveries arrived`)), 300_000);
						waiter = () => ids.size >= count && (clearTimeout(timer), (waiter = null), done(Date.now()));
						waiter();
					}),
				close: () => new Promise((done) => server.close(done).closeAllConnections()),
			}),
		),
	);
}

async function envelopesPerSecond(layout, context, count) {
	let next = 0;
	const started = Date.now();
	await Promise.all(
		Array.from({ length: CLIENTS }, async () => {
			while (next < count) await runEnvelope({ ...context, pool: layout.spread, apiKey: layout.apiKey, index: next++ });
		}),
	);
	return count / ((Date.now() - started) / 1000);
}

async function deliveriesPerSecond(layout, receiver) {
	receiver.reset();
	let next = 0;
	const started = Date.now();
	await Promise.all(
		Array.from({ length: PRODUCERS }, async () => {
			while (next < EVENTS) await api(layout.spread, layout.apiKey, 'POST', '/workflows', { name: `Contrat n° ${next++} — Zoë` });
		}),
	);
	const lastAt = await receiver.waitFor(EVENTS);
	return EVENTS / ((lastAt - started) / 1000);
}

async function measure(count, completions, created) {
	const layout = await startLayout(count);
	try {
		await api(layout.spread, layout.apiKey, 'POST', '/webhooks', { name: 'Completions', url: completions.url, events: ['workflow.completed'] });
		await api(layout.spread, layout.apiKey, 'POST', '/webhooks', { name: 'Created – 作成', url: created.url, events: ['workflow.created'] });
		const context = { pdfBase64: readFileSync(PDF).toString('base64'), pngBase64: strokePng().toString('base64'), completions };
		// Warm-up: workers started, fonts read, the organization's seal key made, connections open.
		await envelopesPerSecond(layout, context, CLIENTS);
		return { envelopes: await envelopesPerSecond(layout, context, ENVELOPES), deliveries: await deliveriesPerSecond(layout, created) };
	} finally {
		await layout.stop();
	}
}

module.exports = async function scaleOutBench() {
	const completions = await startCompletions();
	const created = await startCreatedReceiver();
	const layouts = [0, ...PROCESSES];
	const samples = new Map(layouts.map((count) => [count, { envelopes: [], deliveries: [] }]));
	const label = (count) => (count ? `${count} PostgreSQL process${count > 1 ? 'es' : ''}` : 'SQLite, one process');
	try {
		for (let rep = 0; rep < REPS; rep += 1)
			for (const count of layouts) {
				const result = await measure(count, completions, created);
				samples.get(count).envelopes.push(result.envelopes);
				samples.get(count).deliveries.push(result.deliveries);
				console.log(`rep ${rep + 1}, ${label(count)}: ${result.envelopes.toFixed(2)} envelopes/s, ${result.deliveries.toFixed(0)} webhook deliveries/s`);
			}
	} finally {
		completions.close();
		await created.close();
	}
	const one = { envelopes: median(samples.get(1)?.envelopes ?? [NaN]), deliveries: median(samples.get(1)?.deliveries ?? [NaN]) };
	const note = `${CLIENTS} clients, requests spread over the processes; ${os.availableParallelism()} cores; ratio to 1 PostgreSQL process`;
	for (const count of layouts) {
		if (count === 1) continue;
		record({ path: `envelopes/s, ${label(count)}`, ours: median(samples.get(count).envelopes), floor: one.envelopes, unit: '/s', better: 'higher', note });
		record({ path: `webhook deliveries/s, ${label(count)}`, ours: median(samples.get(count).deliveries), floor: one.deliveries, unit: '/s', better: 'higher', note });
	}
};
