// Where an envelope's CPU goes, request by request: the engine's CPU time during each request of
// one-client envelopes (and during the wait for the seal and the workflow.completed webhook, and
// between requests: timers, work left after a response, the collector's threads), on its
// main thread and on all its threads, read from /proc/<pid>/task/*/schedstat (nanoseconds, not
// clock ticks). Envelopes alternate with and without Idempotency-Keys on the API's POSTs, in one
// engine, so the keys' cost is read request by request from envelopes measured side by side.
// Beside the CPU, each step's write system calls and bytes written (all threads, /proc/<pid>/io:
// counts the host's noise leaves alone; on SQLite most are WAL frames, two writes each).
// Informational: no floor and no target (the envelope bench holds the target).
//   BENCH_STEPS_ENVELOPES (measured, default 200), BENCH_STEPS_WARMUP (default 300), BENCH_STEPS_STORE=postgres
'use strict';
const { readFileSync, readdirSync } = require('node:fs');
const { runEnvelope } = require('./envelope-client');
const { startEnvelopeEngine } = require('./envelopeEngine');

const ENVELOPES = Number(process.env.BENCH_STEPS_ENVELOPES ?? 200);
const WARMUP = Number(process.env.BENCH_STEPS_WARMUP ?? 300);
const STORE = process.env.BENCH_STEPS_STORE ?? 'sqlite';

/** CPU time the process `pid` has used so far, in ns: its main thread's and all its threads'. */
function cpuNs(pid) {
	let all = 0;
	let main = 0;
	for (const tid of readdirSync(`/proc/${pid}/task`)) {
		let ns;
		try {
			ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
		} catch {
			continue; // a thread that ended meanwhile
		}
		all += ns;
		if (tid === String(pid)) main = ns;
	}
	return { all, main };
}

/** Write system calls and bytes written by the process `pid` so far (all its threads). */
function writes(pid) {
	const io = readFileSync(`/proc/${pid}/io`, 'utf8');
	const field = (name) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(io)[1]);
	return { calls: field('syscw'), bytes: field('wchar') };
}

module.exports = async function envelopeSteps() {
	const { engine, context, stop } = await startEnvelopeEngine({ store: STORE, name: 'steps' });
	try {
		let index = 0;
		for (let n = 0; n < WARMUP; n += 1) await runEnvelope({ ...context, index: index++, idempotencyKeys: n % 2 === 0 });

		/** By step name: CPU ns summed over the measured envelopes, with keys and without. */
		const steps = new Map();
		const totals = { keyed: { main: 0, all: 0, calls: 0, bytes: 0 }, plain: { main: 0, all: 0, calls: 0, bytes: 0 } };
		/** From the first request of an envelope to the next envelope's first: what the steps leave out is spent between requests. */
		const whole = { keyed: { main: 0, all: 0, calls: 0, bytes: 0 }, plain: { main: 0, all: 0, calls: 0, bytes: 0 } };
		let previous = null;
		const mark = (mode) => {
			const now = { ...cpuNs(engine.child.pid), ...writes(engine.child.pid) };
			if (previous) for (const key of ['main', 'all', 'calls', 'bytes']) whole[previous.mode][key] += now[key] - previous.at[key];
			previous = { mode, at: now };
		};
		for (let n = 0; n < ENVELOPES; n += 1) {
			const mode = n % 2 === 0 ? 'keyed' : 'plain';
			const step = async (name, request) => {
				const before = { ...cpuNs(engine.child.pid), ...writes(engine.child.pid) };
				const result = await request();
				const after = { ...cpuNs(engine.child.pid), ...writes(engine.child.pid) };
				const sums = steps.get(name) ?? { keyed: { main: 0, all: 0, calls: 0, bytes: 0, count: 0 }, plain: { main: 0, all: 0, calls: 0, bytes: 0, count: 0 } };
				for (const sum of [sums[mode], totals[mode]]) for (const key of ['main', 'all', 'calls', 'bytes']) sum[key] += after[key] - before[key];
				sums[mode].count += 1;
				steps.set(name, sums);
				return result;
			};
			mark(mode);
			await runEnvelope({ ...context, index: index++, idempotencyKeys: mode === 'keyed', step });
		}
		mark(null);
		const perMode = ENVELOPES / 2;
		const ms = (ns, count) => Number((ns / count / 1e6).toFixed(2));
		const per = (value, count) => Number((value / count).toFixed(1));
		const rows = [...steps].map(([name, sums]) => ({
			step: name,
			'per envelope': sums.plain.count / perMode,
			'main ms, keys': ms(sums.keyed.main, sums.keyed.count),
			'main ms, no keys': ms(sums.plain.main, sums.plain.count),
			'all threads ms, keys': ms(sums.keyed.all, sums.keyed.count),
			'all threads ms, no keys': ms(sums.plain.all, sums.plain.count),
			'writes, keys': per(sums.keyed.calls, sums.keyed.count),
			'KB written, keys': per(sums.keyed.bytes / 1024, sums.keyed.count),
		}));
		const outside = (mode, key) => whole[mode][key] - totals[mode][key];
		rows.push({
			step: 'between requests',
			'per envelope': 1,
			'main ms, keys': ms(outside('keyed', 'main'), perMode),
			'main ms, no keys': ms(outside('plain', 'main'), perMode),
			'all threads ms, keys': ms(outside('keyed', 'all'), perMode),
			'all threads ms, no keys': ms(outside('plain', 'all'), perMode),
			'writes, keys': per(outside('keyed', 'calls'), perMode),
			'KB written, keys': per(outside('keyed', 'bytes') / 1024, perMode),
		});
		for (const mode of ['keyed', 'plain']) totals[mode] = whole[mode];
		rows.push({
			step: 'whole envelope',
			'per envelope': 1,
			'main ms, keys': ms(totals.keyed.main, perMode),
			'main ms, no keys': ms(totals.plain.main, perMode),
			'all threads ms, keys': ms(totals.keyed.all, perMode),
			'all threads ms, no keys': ms(totals.plain.all, perMode),
			'writes, keys': per(totals.keyed.calls, perMode),
			'KB written, keys': per(totals.keyed.bytes / 1024, perMode),
		});
		console.log(`${STORE}: engine CPU per request of one-client envelopes, ${perMode} with Idempotency-Keys and ${perMode} without, alternating, after ${WARMUP}`);
		console.table(rows);
	} finally {
		await stop();
	}
};
