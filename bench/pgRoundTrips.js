// What the engine asks of PostgreSQL per POST /api/v1/workflows and per envelope (bench/envelope-client.js):
// statements executed and round trips (Syncs and simple queries), counted by a TCP proxy between the
// engine (`signflow serve`, its own database) and the server, with the statements most often run.
// The engine's pollers run all along: their rate while idle is measured and taken off the envelopes'.
// The floor of a POST is the API floor's (bench/floors/apiFloor.js): one INSERT, one round trip.
//   BENCH_PG_POSTS (default 400), BENCH_PG_ENVELOPES (default 6), BENCH_PG_TOP (statements listed, default 15).
'use strict';
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { Pool } = require('undici');
const { runEnvelope, startCompletions } = require('./envelope-client');
const { record } = require('./report');
const { strokePng: signaturePng } = require('../test/helpers/pdf/pngs');
const { BENCH_ENV, POSTGRES_ADMIN_URL, createDatabase, createOrganization, serve } = require('./engineProcess');

const PDF = path.join(__dirname, '../test/fixtures/pdf/a4-1page.pdf');
const POSTS = Number(process.env.BENCH_PG_POSTS ?? 400);
const ENVELOPES = Number(process.env.BENCH_PG_ENVELOPES ?? 6);
const TOP = Number(process.env.BENCH_PG_TOP ?? 15);
const BODY = JSON.stringify({ name: 'Contrat de travail – Zoë Ångström', metadata: { crmId: 'deal-4711' } });

/**
 * A proxy to the server that reads what clients send: Execute messages (a statement run, prepared or
 * not, with the text it was prepared with), simple Query messages, and Syncs (each ends a round trip).
 */
function startCountingProxy(target) {
	const counts = { statements: 0, roundTrips: 0, texts: new Map() };
	const server = net.createServer((client) => {
		const upstream = net.connect(target);
		const names = new Map();
		let pending = Buffer.alloc(0);
		let started = false;
		let bound = null;
		const count = (text) => {
			const key = text.replace(/\s+/g, ' ').trim().slice(0, 110);
			counts.texts.set(key, (counts.texts.get(key) ?? 0) + 1);
		};
		client.on('data', (chunk) => {
			upstream.write(chunk);
			pending = Buffer.concat([pending, chunk]);
			for (;;) {
				if (!started) {
					// The startup message (or an SSL request) has no type byte.
					if (pending.length < 8 || pending.length < pending.readInt32BE(0)) break;
					if (pending.readInt32BE(4) !== 80877103) started = true;
					pending = pending.subarray(pending.readInt32BE(0));
					continue;
				}
				if (pending.length < 5 || pending.length < 1 + pending.readInt32BE(1)) break;
				const type = String.fromCharCode(pending[0]);
				const body = pending.subarray(5, 1 + pending.readInt32BE(1));
				const cstring = (from) => body.subarray(from, body.indexOf(0, from)).toString();
				if (type === 'P') names.set(cstring(0), cstring(body.indexOf(0) + 1));
				if (type === 'B') bound = names.get(cstring(body.indexOf(0) + 1)) ?? '?';
				if (type === 'E') (counts.statements += 1), count(bound ?? '?');
				if (type === 'Q') (counts.statements += 1), (counts.roundTrips += 1), count(cstring(0));
				if (type === 'S') counts.roundTrips += 1;
				pending = pending.subarray(1 + pending.readInt32BE(1));
			}
		});
		upstream.on('data', (chunk) => client.write(chunk));
		client.on('error', () => upstream.destroy());
		upstream.on('error', () => client.destroy());
		client.on('close', () => upstream.end());
		upstream.on('close', () => client.end());
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () =>
			resolve({
				port: server.address().port,
				take() {
					const taken = { statements: counts.statements, roundTrips: counts.roundTrips, texts: new Map(counts.texts) };
					counts.statements = 0;
					counts.roundTrips = 0;
					counts.texts.clear();
					return taken;
				},
				close: () => server.close(),
			}),
		),
	);
}

/** `signflow serve` on a database of its own, reached through the proxy (the CLI runs asynchronously: the proxy lives in this process). */
async function startEngine(proxyPort) {
	const database = await createDatabase('signflow_bench_pg', proxyPort);
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'signflow-bench-pg-'));
	const args = ['--data', dataDir, '--database-url', database.url];
	const apiKey = await createOrganization(args, 'Bench GmbH', BENCH_ENV);
	const engine = await serve(args, { env: BENCH_ENV });
	return {
		url: engine.url,
		apiKey,
		async stop() {
			await engine.stop();
			rmSync(dataDir, { recursive: true, force: true });
			await database.drop();
		},
	};
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function top(counts, per) {
	return [...counts.texts]
		.sort((a, b) => b[1] - a[1])
		.slice(0, TOP)
		.map(([text, count]) => ({ 'per op': Number((count / per).toFixed(2)), statement: text }));
}

module.exports = async function pgRoundTripsBench() {
	const target = new URL(POSTGRES_ADMIN_URL);
	const proxy = await startCountingProxy({ host: target.hostname, port: Number(target.port || 5432) });
	const completions = await startCompletions();
	const engine = await startEngine(proxy.port);
	const pool = new Pool(engine.url, { connections: 8 });
	const headers = { authorization: `Bearer ${engine.apiKey}`, 'content-type': 'application/json' };
	try {
		const post = async () => {
			const response = await pool.request({ method: 'POST', path: '/api/v1/workflows', headers, body: BODY });
			const text = await response.body.text();
			if (response.statusCode !== 201) throw new Error(`POST /workflows: ${response.statusCode} ${text}`);
		};
		// Warm: caches filled, statements prepared on the pool's connections.
		for (let i = 0; i < 40; i++) await post();
		const idleStart = Date.now();
		proxy.take();
		await sleep(2000);
		const idle = proxy.take();
		const idleSeconds = (Date.now() - idleStart) / 1000;

		let started = Date.now();
		let issued = 0;
		await Promise.all(Array.from({ length: 8 }, async () => { while (issued++ < POSTS) await post(); }));
		const posts = proxy.take();
		const postSeconds = (Date.now() - started) / 1000;

		const hook = await pool.request({ method: 'POST', path: '/api/v1/webhooks', headers, body: JSON.stringify({ name: 'Bench receiver', url: completions.url, events: ['workflow.completed'] }) });
		await hook.body.text();
		const context = { apiKey: engine.apiKey, pdfBase64: readFileSync(PDF).toString('base64'), pngBase64: signaturePng().toString('base64'), completions, pool };
		for (let i = 0; i < 2; i++) await runEnvelope({ ...context, index: i });
		proxy.take();
		started = Date.now();
		for (let i = 0; i < ENVELOPES; i++) await runEnvelope({ ...context, index: 100 + i });
		const envelopes = proxy.take();
		const envelopeSeconds = (Date.now() - started) / 1000;

		// What the pollers did meanwhile, at their idle rate, is not the envelopes' (nor the posts').
		const pollers = (figure, seconds) => (idle[figure] / idleSeconds) * seconds;
		const perPost = (figure) => (posts[figure] - pollers(figure, postSeconds)) / POSTS;
		const perEnvelope = (figure) => (envelopes[figure] - pollers(figure, envelopeSeconds)) / ENVELOPES;
		record({ path: 'PostgreSQL statements per POST /api/v1/workflows', ours: perPost('statements'), floor: 1, unit: 'statements', better: 'lower', note: 'floor: the API floor\'s one INSERT' });
		record({ path: 'PostgreSQL round trips per POST /api/v1/workflows', ours: perPost('roundTrips'), floor: 1, unit: 'round trips', better: 'lower' });
		console.log(`\nPostgreSQL per POST /api/v1/workflows (${POSTS}, 8 clients): ${perPost('statements').toFixed(2)} statements, ${perPost('roundTrips').toFixed(2)} round trips`);
		console.table(top(posts, POSTS));
		console.log(`PostgreSQL per envelope (${ENVELOPES}, one at a time, ${envelopeSeconds.toFixed(1)} s): ${perEnvelope('statements').toFixed(1)} statements, ${perEnvelope('roundTrips').toFixed(1)} round trips (pollers' ${(idle.statements / idleSeconds).toFixed(1)} statements/s taken off)`);
		console.table(top(envelopes, ENVELOPES));
	} finally {
		await pool.close();
		await engine.stop();
		completions.close();
		proxy.close();
	}
};
