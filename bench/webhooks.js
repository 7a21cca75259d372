// Webhook delivery, three figures next to floors measured in the same run (interleaved, median of
// the repetitions), each engine a `signflow serve` child process on a fresh SQLite data folder:
//  - pure delivery: events committed while no dispatcher runs, then an engine started to send them,
//    next to a plain keep-alive POST loop (undici, as many connections as the dispatcher opens per
//    endpoint, in a child process like the engine) posting the same number of bodies to the same receiver;
//  - burst end to end: 16 API clients creating workflows as fast as they can until every
//    workflow.created has arrived, next to the same 16 clients against the API write floor
//    (bench/floors/apiFloor.js: fastify + one fsynced INSERT); each server first takes a burst of
//    BENCH_WEBHOOK_BURST_WARMUP events (default as many as measured) as a running server would have,
//    the fresh engine's rate over it printed beside the measured one;
//  - p99 commit-to-receipt at a steady 500 events/s, next to the 250 ms budget, measured once the engine
//    has run at that rate for BENCH_WEBHOOK_STEADY_WARMUP_SECONDS (default 4; their p99 is printed beside it).
// Shrink with BENCH_WEBHOOK_EVENTS, BENCH_WEBHOOK_STEADY_SECONDS and BENCH_WEBHOOK_REPS (BENCH_WEBHOOK_STEADY_RATE
// compares latency below saturation on a loaded machine; the target is set at 500);
// BENCH_WEBHOOK_RUNS picks runs; BENCH_WEBHOOK_PROFILE=<folder> writes each engine's CPU profile
// there (node --cpu-prof). The engine's CPU time per event is printed too: steadier than rates on a
// machine that other work shares.
'use strict';
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { Pool } = require('undici');
const { startApiFloor } = require('./floors/apiFloor');
const { cpuMsOf, serve } = require('./engineProcess');
const { median, record } = require('./report');

const EVENTS = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 2000);
const REPS = Number(process.env.BENCH_WEBHOOK_REPS ?? 3);
const STEADY_RATE = Number(process.env.BENCH_WEBHOOK_STEADY_RATE ?? 500);
const STEADY_SECONDS = Number(process.env.BENCH_WEBHOOK_STEADY_SECONDS ?? 6);
const STEADY_WARMUP_SECONDS = Number(process.env.BENCH_WEBHOOK_STEADY_WARMUP_SECONDS ?? 4);
/**
 * Events of the burst each server takes before the measured one. Over its first 2,000 events a fresh
 * engine spends about a third of its CPU on V8 optimising its code (perf: 90% of the helper threads'
 * time is TurboFan, 0.4-0.5 ms per event on a 2-core machine; 1.16 ms CPU per event cold, 0.58 warm);
 * the floor has far less code to optimise. Both are measured warm, and both cold rates are printed.
 */
const BURST_WARMUP = Number(process.env.BENCH_WEBHOOK_BURST_WARMUP ?? EVENTS);
const PROFILE_DIR = process.env.BENCH_WEBHOOK_PROFILE;
/** Which runs to make, e.g. BENCH_WEBHOOK_RUNS=raw,pure for a quick look at delivery alone. */
const RUNS = (process.env.BENCH_WEBHOOK_RUNS ?? 'raw,pure,floor,burst,steady').split(',');
const PRODUCERS = 16;
/** The dispatcher's default connections per endpoint (webhookMaxInFlightPerEndpoint). */
const PER_ENDPOINT = 8;
const LATENCY_BUDGET_MS = 250;
const RECEIPT_TIMEOUT_MS = 180_000;

function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** The receiver every run posts to; it counts distinct webhook-ids so a duplicate is not counted twice. */
function startReceiver() {
	const state = { received: [], ids: new Set(), waiters: [] };
	const server = http.createServer((request, response) => {
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => {
			const at = Date.now();
			const id = request.headers['webhook-id'] ?? `raw-${state.received.length}`;
			state.received.push({ at, raw: Buffer.concat(chunks) });
			state.ids.add(id);
			response.writeHead(204);
			response.end();
			for (const waiter of [...state.waiters]) waiter();
		});
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () =>
			resolve({
				url: `http://127.0.0.1:${server.address().port}/hook`,
				reset() {
					state.received = [];
					state.ids = new Set();
				},
				get received() {
					return state.received;
				},
				distinct: () => state.ids.size,
				/** Resolves with the time the count-th distinct delivery arrived. */
				waitFor(count) {
					return new Promise((done, fail) => {
						const timer = setTimeout(() => fail(new Error(`only ${state.ids.size} of ${count} deliveries arrived`)), RECEIPT_TIMEOUT_MS);
						const check = () => {
							if (state.ids.size < count) return;
							clearTimeout(timer);
							state.waiters.splice(state.waiters.indexOf(check), 1);
							done(state.received[state.received.length - 1].at);
						};
						state.waiters.push(check);
						check();
					});
				},
				close: () => new Promise((done) => server.close(done).closeAllConnections()),
			}),
		),
	);
}

async function startEngine(dataDir, label) {
	const profile = PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR, '--cpu-prof-name', `engine-${label}-${Date.now()}.cpuprofile`] : [];
	const engine = await serve(['--data', dataDir, '--rate-limit-api', '0'], { env: { SIGNFLOW_LOG_LEVEL: 'warn', SIGNFLOW_ALLOW_PRIVATE_WEBHOOKS: '1' }, nodeArgs: profile });
	const startupCpuMs = cpuMsOf(engine.child.pid);
	return {
		url: engine.url,
		listeningAt: Date.now(),
		/** CPU time since it listens (its start-up left out). */
		cpuMs: () => cpuMsOf(engine.child.pid) - startupCpuMs,
		stop: engine.stop,
	};
}

/** A data folder with an organization, its API key and one webhook configuration to the receiver, made in-process. */
async function prepareData(receiverUrl, workflows = 0) {
	const { openCore } = require('../engine/runtime/bootstrap');
	const { resolveConfig } = require('../engine/runtime/config');
	const { CreateWebhookInput, CreateWorkflowInput } = require('../engine/domain');
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'signflow-bench-webhooks-'));
	const { store, service } = await openCore(resolveConfig({ dataDir, allowPrivateWebhooks: true }));
	try {
		const { apiKey } = await service.createOrganization({ name: 'Bench' });
		const principal = await service.authenticate(apiKey);
		await service.webhooks.create(principal, CreateWebhookInput.parse({ name: 'Bench', url: receiverUrl, events: ['workflow.created'] }));
		const context = { actor: { type: 'api_key', id: principal.apiKeyId }, ip: null, userAgent: null };
		for (let index = 0; index < workflows; index += 1)
			await service.createWorkflow(principal, CreateWorkflowInput.parse({ name: `Contrat n° ${index} — Zoë` }), context);
		return { dataDir, apiKey };
	} finally {
		await store.close();
	}
}

/** Events committed before any dispatcher runs; then an engine starts and sends them all. */
async function pureDelivery(receiver) {
	const { dataDir } = await prepareData(receiver.url, EVENTS);
	receiver.reset();
	const engine = await startEngine(dataDir, 'pure');
	try {
		const lastAt = await receiver.waitFor(EVENTS);
		return { eventsPerSecond: EVENTS / ((lastAt - engine.listeningAt) / 1000), cpuMsPerEvent: engine.cpuMs() / EVENTS, requests: receiver.received.length };
	} finally {
		await engine.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
}

/** The plain POST loop, in a child process: a delivery-sized body, PER_ENDPOINT keep-alive connections. */
const RAW_LOOP = `
const { Pool } = require('undici');
const [url, count, connections] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];
const pool = new Pool(new URL(url).origin, { connections });
const body = JSON.stringify({ event: 'workflow.created', uri: '/api/v1/workflows/0b5c', retryCount: 0, configurationId: 'c', apiVersion: 'v1',
  generatedDateTime: new Date().toISOString(), data: { organizationId: 'o', workflowId: 'w', name: 'Contrat n° 1 — Zoë', metadata: {}, requestFrom: null } });
let next = 0;
const started = Date.now();
Promise.all(Array.from({ length: connections }, async () => {
  while (next < count) {
    const id = 'msg_' + next++;
    const response = await pool.request({ path: new URL(url).pathname, method: 'POST', body,
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)) } });
    await response.body.text();
  }
})).then(() => { console.log(JSON.stringify({ ms: Date.now() - started })); return pool.close(); });
`;

async function rawLoop(receiver) {
	receiver.reset();
	const child = spawn(process.execPath, ['-e', RAW_LOOP, receiver.url, String(EVENTS), String(PER_ENDPOINT)], {
		stdio: ['ignore', 'pipe', 'inherit'],
		cwd: path.join(__dirname, '..'),
	});
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	await new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`raw loop exited ${code}`)))));
	const { ms } = JSON.parse(output);
	return { eventsPerSecond: EVENTS / (ms / 1000) };
}

/** PRODUCERS clients creating `count` workflows as fast as the server answers; resolves when all are answered. */
async function burstOfCreates(url, apiKey, count) {
	const api = new Pool(url, { connections: PRODUCERS });
	const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
	let next = 0;
	try {
		await Promise.all(
			Array.from({ length: PRODUCERS }, async () => {
				while (next < count) {
					const index = next++;
					const response = await api.request({ path: '/api/v1/workflows', method: 'POST', headers, body: JSON.stringify({ name: `Contrat n° ${index} — Zoë` }) });
					await response.body.text();
					if (response.statusCode !== 201) throw new Error(`POST answered ${response.statusCode}`);
				}
			}),
		);
	} finally {
		await api.close();
	}
}

/**
 * The burst a server takes before the measured one (BURST_WARMUP events, each answered and, when
 * `delivered` is given, received): its events/s, or NaN when there is none.
 */
async function firstBurst(url, apiKey, delivered) {
	if (BURST_WARMUP === 0) return NaN;
	const started = Date.now();
	await burstOfCreates(url, apiKey, BURST_WARMUP);
	const lastAt = delivered ? await delivered(BURST_WARMUP) : Date.now();
	return BURST_WARMUP / ((lastAt - started) / 1000);
}

async function apiFloorBurst() {
	const floor = await startApiFloor({ database: 'sqlite' });
	try {
		const coldPerSecond = await firstBurst(floor.url, 'none');
		const started = Date.now();
		await burstOfCreates(floor.url, 'none', EVENTS);
		return { eventsPerSecond: EVENTS / ((Date.now() - started) / 1000), coldPerSecond };
	} finally {
		await floor.close();
	}
}

async function burst(receiver) {
	const { dataDir, apiKey } = await prepareData(receiver.url);
	receiver.reset();
	const engine = await startEngine(dataDir, 'burst');
	try {
		// Every delivery of the first burst received: the engine meets the measured one as a running server.
		const coldPerSecond = await firstBurst(engine.url, apiKey, (count) => receiver.waitFor(count));
		const coldCpuMsPerEvent = BURST_WARMUP > 0 ? engine.cpuMs() / BURST_WARMUP : NaN;
		receiver.reset();
		const cpuBefore = engine.cpuMs();
		const started = Date.now();
		await burstOfCreates(engine.url, apiKey, EVENTS);
		const accepted = Date.now();
		const lastAt = await receiver.waitFor(EVENTS);
		const latencies = latenciesOf(receiver);
		return {
			eventsPerSecond: EVENTS / ((lastAt - started) / 1000),
			cpuMsPerEvent: (engine.cpuMs() - cpuBefore) / EVENTS,
			acceptedPerSecond: EVENTS / ((accepted - started) / 1000),
			p50: percentile(latencies, 50),
			coldPerSecond,
			coldCpuMsPerEvent,
		};
	} finally {
		await engine.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
}

/**
 * Workflows created at STEADY_RATE for `seconds` (open loop: a request is due every 1/rate s whatever
 * the answers do), numbered from `first`; resolves once every request is answered.
 */
async function offer(api, headers, seconds, first) {
	const count = STEADY_RATE * seconds;
	const pending = [];
	const started = performance.now();
	let sent = 0;
	while (sent < count) {
		const due = Math.min(count, Math.floor(((performance.now() - started) / 1000) * STEADY_RATE) + 1);
		for (; sent < due; sent += 1)
			pending.push(
				api
					.request({ path: '/api/v1/workflows', method: 'POST', headers, body: JSON.stringify({ name: `Reçu ${first + sent} 🧾` }) })
					.then((response) => response.body.text()),
			);
		await new Promise((resolve) => setTimeout(resolve, 1));
	}
	const sendingMs = performance.now() - started;
	await Promise.all(pending);
	return { count, offeredPerSecond: count / (sendingMs / 1000), acceptedPerSecond: count / ((performance.now() - started) / 1000) };
}

/** Each delivery's commit-to-receipt time: from its event's generatedDateTime to its arrival. */
function latenciesOf(receiver) {
	return receiver.received.map(({ at, raw }) => at - Date.parse(JSON.parse(raw).generatedDateTime));
}

/**
 * The steady rate on a fresh engine: first STEADY_WARMUP_SECONDS of it (the engine's code still being
 * optimised; their p99 is kept as `coldP99`), then STEADY_SECONDS measured once those have all arrived.
 */
async function steady(receiver) {
	const { dataDir, apiKey } = await prepareData(receiver.url);
	receiver.reset();
	const engine = await startEngine(dataDir, 'steady');
	const api = new Pool(engine.url, { connections: 64 });
	const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
	try {
		const warm = await offer(api, headers, STEADY_WARMUP_SECONDS, 0);
		await receiver.waitFor(warm.count);
		const coldP99 = percentile(latenciesOf(receiver), 99);
		receiver.reset();
		const measured = await offer(api, headers, STEADY_SECONDS, warm.count);
		await receiver.waitFor(measured.count);
		const latencies = latenciesOf(receiver);
		return {
			p50: percentile(latencies, 50),
			p99: percentile(latencies, 99),
			coldP99,
			offeredPerSecond: measured.offeredPerSecond,
			// Below the offered rate when the API itself cannot keep up.
			acceptedPerSecond: measured.acceptedPerSecond,
		};
	} finally {
		await api.close();
		await engine.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
}

module.exports = async function webhooksBench() {
	const receiver = await startReceiver();
	const runs = { raw: [], pure: [], floor: [], burst: [], steady: [] };
	try {
		for (let rep = 0; rep < REPS; rep += 1) {
			const make = { raw: rawLoop, pure: pureDelivery, floor: apiFloorBurst, burst, steady };
			for (const [name, run] of Object.entries(make)) if (RUNS.includes(name)) runs[name].push(await run(receiver));
			console.log(`repetition ${rep + 1}:`, JSON.stringify(Object.fromEntries(Object.entries(runs).map(([key, list]) => [key, list[rep]]))));
		}
	} finally {
		await receiver.close();
	}
	const mid = (list, key) => (list.length ? median(list.map((entry) => entry[key])) : NaN);
	// Rates swing with whatever else the machine runs: the ratio within each repetition is steadier.
	const pairedRatio = (ours, floor) =>
		ours.length && floor.length ? median(ours.map((entry, index) => entry.eventsPerSecond / floor[index].eventsPerSecond)).toFixed(2) : 'n/a';
	const cpu = (list) => `engine CPU ${mid(list, 'cpuMsPerEvent').toFixed(2)} ms/event after start-up`;
	/** What a server did over its first burst, on the fresh process. */
	const firstBurstNote = (list, server) =>
		BURST_WARMUP > 0 ? `its first ${BURST_WARMUP} on the fresh ${server}: ${Math.round(mid(list, 'coldPerSecond'))}/s` : `measured on the fresh ${server}`;
	const coldBurst = (list) => `${firstBurstNote(list, 'engine')}${BURST_WARMUP > 0 ? `, ${mid(list, 'coldCpuMsPerEvent').toFixed(2)} ms CPU/event` : ''}`;
	const rows = [
		{ what: `plain keep-alive POST loop, ${PER_ENDPOINT} connections (floor)`, 'events/s': Math.round(mid(runs.raw, 'eventsPerSecond')) },
		{ what: 'Signflow: pure delivery of committed events', 'events/s': Math.round(mid(runs.pure, 'eventsPerSecond')), note: cpu(runs.pure) },
		{
			what: 'API write floor: fastify + 1 fsynced INSERT, 16 clients (floor)',
			'events/s': Math.round(mid(runs.floor, 'eventsPerSecond')),
			note: firstBurstNote(runs.floor, 'server'),
		},
		{
			what: 'Signflow: burst, 16 API clients until all received',
			'events/s': Math.round(mid(runs.burst, 'eventsPerSecond')),
			note: `API accepted ${Math.round(mid(runs.burst, 'acceptedPerSecond'))}/s; p50 commit->receipt ${mid(runs.burst, 'p50')} ms; engine CPU ${mid(runs.burst, 'cpuMsPerEvent').toFixed(2)} ms/event; ${coldBurst(runs.burst)}`,
		},
		{
			what: `Signflow: steady ${STEADY_RATE} events/s for ${STEADY_SECONDS} s`,
			'p50 ms': mid(runs.steady, 'p50'),
			'p99 ms': mid(runs.steady, 'p99'),
			note: `offered ${Math.round(mid(runs.steady, 'offeredPerSecond'))}/s, API answered ${Math.round(mid(runs.steady, 'acceptedPerSecond'))}/s; the ${STEADY_WARMUP_SECONDS} s before, on the fresh engine: p99 ${mid(runs.steady, 'coldP99')} ms`,
		},
	];
	console.log(`\nWebhooks, ${EVENTS} events to one receiver on loopback, median of ${REPS}:`);
	console.table(rows);
	if (runs.pure.length && runs.raw.length)
		record({ path: 'webhook pure delivery (committed events)', ours: mid(runs.pure, 'eventsPerSecond'), floor: mid(runs.raw, 'eventsPerSecond'), unit: 'events/s', better: 'higher', target: 0.5, note: `floor: plain keep-alive POST loop to the same receiver; median of per-repetition ratios ${pairedRatio(runs.pure, runs.raw)}; ${cpu(runs.pure)}` });
	if (runs.burst.length && runs.floor.length)
		record({ path: 'webhook burst, end to end (SQLite)', ours: mid(runs.burst, 'eventsPerSecond'), floor: mid(runs.floor, 'eventsPerSecond'), unit: 'events/s', better: 'higher', target: 0.5, note: `floor: API write floor (fastify + 1 fsynced INSERT); median of per-repetition ratios ${pairedRatio(runs.burst, runs.floor)}; API accepted ${Math.round(mid(runs.burst, 'acceptedPerSecond'))}/s; ${coldBurst(runs.burst)}; the floor: ${firstBurstNote(runs.floor, 'server')}` });
	if (runs.steady.length)
		record({ path: `webhook p99 commit->receipt at ${STEADY_RATE}/s`, ours: mid(runs.steady, 'p99'), floor: LATENCY_BUDGET_MS, unit: 'ms', better: 'lower', target: 1, note: `floor is the ${LATENCY_BUDGET_MS} ms budget, not a measured script; API answered ${Math.round(mid(runs.steady, 'acceptedPerSecond'))}/s of the ${STEADY_RATE}/s offered; measured after ${STEADY_WARMUP_SECONDS} s at that rate on the fresh engine, whose p99 was ${mid(runs.steady, 'coldP99')} ms` });
	return rows;
};
