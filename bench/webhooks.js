// Webhook delivery: events/s and commit-to-receipt latency, next to a plain keep-alive POST loop
// (undici, the same concurrency as the dispatcher per endpoint) to the same receiver in the same run.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { Pool } = require('undici');

const CLI = path.join(__dirname, '../dist/engine/cli.js');
const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 2000);
const PRODUCERS = 16;
/** The steady scenario: events at this rate, well below saturation. */
const STEADY_RATE = 100;
const STEADY_EVENTS = 500;
const PER_ENDPOINT = 8;

function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function startReceiver() {
	const received = [];
	const server = http.createServer((request, response) => {
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => {
			const at = Date.now();
			try {
				received.push({ at, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
			} catch {
				received.push({ at, body: null });
			}
			response.writeHead(204);
			response.end();
		});
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => resolve({ server, received, url: `http://127.0.0.1:${server.address().port}/hook` })),
	);
}

function startEngine(dataDir) {
	const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data', dataDir], {
		env: { ...process.env, SIGNFLOW_LOG_LEVEL: 'warn', SIGNFLOW_ALLOW_PRIVATE_WEBHOOKS: '1' },
	});
	return new Promise((resolve, reject) => {
		let output = '';
		child.stdout.on('data', (chunk) => {
			output += chunk;
			const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(output);
			if (match) resolve({ child, url: match[1] });
		});
		child.on('exit', () => reject(new Error(`engine exited: ${output}`)));
	});
}

/** Produces events through the API: as fast as 16 clients can (burst), or one every 1/rate s (steady). */
async function produce(api, headers, count, mode) {
	if (mode === 'burst') {
		let next = 0;
		await Promise.all(
			Array.from({ length: PRODUCERS }, async () => {
				while (next < count) {
					next += 1;
					const response = await api.request({ path: '/api/v1/workflows', method: 'POST', headers, body: JSON.stringify({ name: `W${next}` }) });
					await response.body.text();
				}
			}),
		);
		return;
	}
	const pending = [];
	for (let index = 0; index < count; index += 1) {
		pending.push(api.request({ path: '/api/v1/workflows', method: 'POST', headers, body: JSON.stringify({ name: `S${index}` }) }).then((r) => r.body.text()));
		await new Promise((resolve) => setTimeout(resolve, 1000 / STEADY_RATE));
	}
	await Promise.all(pending);
}

async function signflow(receiver, mode) {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'signflow-bench-webhooks-'));
	const { apiKey } = JSON.parse(execFileSync(process.execPath, [CLI, 'org', 'create', '--name', 'Bench', '--json', '--data', dataDir], { encoding: 'utf8' }));
	const engine = await startEngine(dataDir);
	const api = new Pool(engine.url, { connections: PRODUCERS });
	const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
	try {
		await api.request({ path: '/api/v1/webhooks', method: 'POST', headers, body: JSON.stringify({ name: 'Bench', url: receiver.url, events: ['workflow.created'] }) }).then((r) => r.body.text());
		const count = mode === 'burst' ? EVENTS : STEADY_EVENTS;
		receiver.received.length = 0;
		const started = Date.now();
		await produce(api, headers, count, mode);
		const produced = Date.now();
		while (receiver.received.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
		const done = Date.now();
		const latencies = receiver.received.map(({ at, body }) => at - Date.parse(body.generatedDateTime));
		return {
			what: mode === 'burst' ? 'Signflow, burst (16 API clients, commit -> receipt)' : `Signflow, steady ${STEADY_RATE} events/s (commit -> receipt)`,
			events: count,
			'events/s': Math.round(count / ((done - started) / 1000)),
			'p50 ms': percentile(latencies, 50),
			'p99 ms': percentile(latencies, 99),
			note: `API accepted ${count} events in ${produced - started} ms; last delivered ${done - produced} ms later`,
		};
	} finally {
		await api.close();
		engine.child.kill('SIGTERM');
		await new Promise((resolve) => engine.child.on('exit', resolve));
		rmSync(dataDir, { recursive: true, force: true });
	}
}

async function plainLoop(receiver) {
	const pool = new Pool(new URL(receiver.url).origin, { connections: PER_ENDPOINT });
	receiver.received.length = 0;
	const latencies = [];
	const started = Date.now();
	let next = 0;
	const body = JSON.stringify({ event: 'workflow.created', data: { name: 'x'.repeat(200) } });
	await Promise.all(
		Array.from({ length: PER_ENDPOINT }, async () => {
			while (next < EVENTS) {
				next += 1;
				const sent = Date.now();
				const response = await pool.request({ path: '/hook', method: 'POST', headers: { 'content-type': 'application/json' }, body });
				await response.body.text();
				latencies.push(Date.now() - sent);
			}
		}),
	);
	const done = Date.now();
	await pool.close();
	return {
		what: `plain keep-alive POST loop (${PER_ENDPOINT} connections)`,
		events: EVENTS,
		'events/s': Math.round(EVENTS / ((done - started) / 1000)),
		'p50 ms': percentile(latencies, 50),
		'p99 ms': percentile(latencies, 99),
		note: 'request -> response',
	};
}

module.exports = async function webhooksBench() {
	const receiver = await startReceiver();
	try {
		const rows = [await plainLoop(receiver), await signflow(receiver, 'burst'), await signflow(receiver, 'steady')];
		console.log(`\nWebhook delivery of ${EVENTS} events to one receiver on loopback:`);
		console.table(rows);
		return rows;
	} finally {
		receiver.server.close();
	}
};
