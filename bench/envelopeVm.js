// What V8 still does for each envelope once the engine has run for a while: TurboFan compilations
// (those of functions compiled before counted apart: their optimized code was thrown away since),
// the compile threads' time, deoptimizations by reason, and each isolate's garbage collections
// (the main thread's and every worker's), read from V8's own traces (--trace-opt --trace-deopt
// --trace-gc) of one-client envelopes after a warm-up. Counts rather than CPU time: the host's noise
// moves CPU figures by a fifth between windows and leaves these alone, so a change aimed at V8's
// work (fewer recompilations, fewer collections) is judged on them.
// Informational: no floor and no target (the envelope bench holds the target).
//   BENCH_VM_ENVELOPES (measured, default 200), BENCH_VM_WARMUP (default 1500), BENCH_VM_STORE=postgres
'use strict';
const os = require('node:os');
const { runEnvelope } = require('./envelope-client');
const { startEnvelopeEngine } = require('./envelopeEngine');

const ENVELOPES = Number(process.env.BENCH_VM_ENVELOPES ?? 200);
const WARMUP = Number(process.env.BENCH_VM_WARMUP ?? 1500);
const STORE = process.env.BENCH_VM_STORE ?? 'sqlite';
const TRACES = ['--trace-opt', '--trace-deopt', '--trace-gc'];

const COMPILED = /^\[completed compiling 0x[0-9a-f]+ <JSFunction ?([^ >]*) ?\(sfi = (0x[0-9a-f]+)\)> \(target TURBOFAN\)(?: OSR)? - took [\d.]+, ([\d.]+), [\d.]+ ms\]/;
const BAILOUT = /^\[bailout \(kind: [^,]+, reason: (.*?)\): begin/;
const INVALIDATED = /^\[marking dependent code .* reason: (.+)\]$/;
const COLLECTED = /^\[\d+:(0x[0-9a-f]+)\]\s+[\d.]+ ms: (Scavenge|Mark-Compact|Minor Mark-Compact)[^\d]*([\d.]+) \(([\d.]+)\)/;

/** The traces' lines, split into those before the measured window and those in it. */
function traceReader(stdout) {
	const lines = { before: [], window: [] };
	let part = lines.before;
	let rest = '';
	stdout.on('data', (chunk) => {
		const text = rest + chunk;
		const complete = text.split('\n');
		rest = complete.pop();
		part.push(...complete);
	});
	return {
		lines,
		measure: () => (part = lines.window),
		stop: () => (part = []),
	};
}

/** What the window's lines count, per envelope, and which functions were compiled most often. */
function summarize({ before, window }, envelopes) {
	const compiledBefore = new Set();
	for (const line of before) {
		const match = COMPILED.exec(line);
		if (match) compiledBefore.add(match[2]);
	}
	const counts = { compiles: 0, again: 0, compileMs: 0, bailouts: new Map(), invalidations: 0, isolates: new Map() };
	const byFunction = new Map();
	const bump = (map, key, by = 1) => map.set(key, (map.get(key) ?? 0) + by);
	for (const line of window) {
		let match;
		if ((match = COMPILED.exec(line))) {
			counts.compiles += 1;
			counts.compileMs += Number(match[3]);
			if (compiledBefore.has(match[2])) counts.again += 1;
			compiledBefore.add(match[2]);
			bump(byFunction, match[1] || '(anonymous)');
		} else if ((match = BAILOUT.exec(line))) bump(counts.bailouts, match[1]);
		else if ((match = INVALIDATED.exec(line))) counts.invalidations += 1;
		else if ((match = COLLECTED.exec(line))) {
			const isolate = counts.isolates.get(match[1]) ?? { scavenges: 0, markCompacts: 0, heapMb: 0 };
			if (match[2] === 'Mark-Compact') isolate.markCompacts += 1;
			else isolate.scavenges += 1;
			isolate.heapMb = Math.max(isolate.heapMb, Number(match[4]));
			counts.isolates.set(match[1], isolate);
		}
	}
	const per = (value) => Number((value / envelopes).toFixed(2));
	console.table([
		{ what: 'TurboFan compilations', 'per envelope': per(counts.compiles) },
		{ what: '  of functions compiled before', 'per envelope': per(counts.again) },
		{ what: '  compile threads, ms', 'per envelope': per(counts.compileMs) },
		...[...counts.bailouts].sort((a, b) => b[1] - a[1]).map(([reason, count]) => ({ what: `deoptimization: ${reason}`, 'per envelope': per(count) })),
		{ what: 'optimized code invalidated (dependencies)', 'per envelope': per(counts.invalidations) },
	]);
	console.table(
		[...counts.isolates.values()]
			.sort((a, b) => b.heapMb - a.heapMb)
			.map((isolate, index) => ({
				isolate: index + 1,
				'largest heap, MB': isolate.heapMb,
				'scavenges per envelope': per(isolate.scavenges),
				'mark-compacts per envelope': per(isolate.markCompacts),
			})),
	);
	const most = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 12);
	console.log(`compiled most often in the window: ${most.map(([name, count]) => `${name} ${count}`).join(', ')}`);
}

module.exports = async function envelopeVm() {
	let traces = null;
	const { context: plain, stop } = await startEnvelopeEngine({ store: STORE, name: 'vm', nodeArgs: TRACES, started: (engine) => (traces = traceReader(engine.child.stdout)) });
	const context = { ...plain, idempotencyKeys: true };
	try {
		let index = 0;
		// As bench/envelope.js warms up: as many clients as cores.
		await Promise.all(Array.from({ length: os.availableParallelism() }, async () => {
			while (index < WARMUP) await runEnvelope({ ...context, index: index++ });
		}));
		traces.measure();
		for (let n = 0; n < ENVELOPES; n += 1) await runEnvelope({ ...context, index: index++ });
		traces.stop();
		console.log(`${STORE}: what V8 did per one-client envelope, ${ENVELOPES} envelopes after ${WARMUP}`);
		summarize(traces.lines, ENVELOPES);
	} finally {
		await stop();
	}
};
