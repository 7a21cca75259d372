import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { WorkerHeaps } from '../../engine/runtime/serverHeap';
import { eventually } from '../helpers/waits';

const SERVER_HEAP = path.join(__dirname, '../../engine/runtime/serverHeap.ts');
const PARSER_POOL = path.join(__dirname, '../../engine/pdf/parserPool.ts');
const PNGS = path.join(__dirname, '../helpers/pdf/pngs.ts');
const PDF = path.join(__dirname, '../fixtures/pdf/a4-1page.pdf');

/**
 * Node's arguments for a script run as `signflow serve` starts with `heaps` (--worker-heaps), V8
 * printing its collections. The script first collects once with gc() (workerIsolate below).
 */
function servedProcessArgs(heaps: WorkerHeaps, script: string): string[] {
	const served = `gc();\nrequire(${JSON.stringify(SERVER_HEAP)}).tuneWorkerHeaps(${JSON.stringify(heaps)});\n${script}`;
	return ['--require', 'tsx/cjs', '--expose-gc', '--trace-gc', '-e', served];
}

/**
 * A process with a worker thread that allocates for a moment, then idles (as a finalization worker
 * between bursts), V8 printing its collections (a worker's reducer acts some 40 s into the idling
 * here).
 */
function idlingProcess(heaps: WorkerHeaps): { child: ChildProcess; output: () => string; idleSince: () => number | null } {
	const script = `
		const { Worker } = require('node:worker_threads');
		const worker = new Worker(\`
			const { parentPort } = require('node:worker_threads');
			let kept = [];
			const allocating = setInterval(() => {
				for (let i = 0; i < 20000; i++) kept.push({ n: i, text: 'Zoë Ångström ' + i });
				if (kept.length > 300000) kept = [];
			}, 5);
			setTimeout(() => { clearInterval(allocating); kept = []; parentPort.postMessage('idle'); }, 1500);
			setInterval(() => {}, 60000);
		\`, { eval: true });
		worker.on('message', () => console.log('IDLE'));
	`;
	const child = spawn(process.execPath, servedProcessArgs(heaps, script), { stdio: ['ignore', 'pipe', 'inherit'] });
	let text = '';
	let idleSince: number | null = null;
	child.stdout.on('data', (chunk: Buffer) => {
		text += chunk.toString();
		if (idleSince === null && text.includes('IDLE\n')) idleSince = Date.now();
	});
	return { child, output: () => text, idleSince: () => idleSince };
}

/** Each collection --trace-gc printed: the isolate it names (`[pid:address]`), its kind, the heap before it in MB, whether gc() asked for it. */
function collections(output: string): Array<{ isolate: string; kind: string; heapMb: number; forced: boolean }> {
	return output
		.split('\n')
		.map((line) => /^\[\d+:(0x[0-9a-f]+)\]\s+\d+ ms: (\S+(?: \(reduce\))?) ([\d.]+).*?(testing)?;/.exec(line))
		.filter((match) => match !== null)
		.map(([, isolate, kind, heapMb, testing]) => ({ isolate, kind, heapMb: Number(heapMb), forced: testing !== undefined }));
}

/**
 * The worker's isolate. Each script below collects once on its main thread with gc() (the only
 * collection asked for so), which names the main thread's isolate; tsx's loader thread has one of its
 * own, which stays near 5 MB. The worker's is the other one whose heap passed `mb`.
 */
function workerIsolate(output: string, mb: number): string {
	const all = collections(output);
	const main = all.find((collection) => collection.forced)?.isolate;
	const workers = new Set(all.filter((collection) => collection.isolate !== main && collection.heapMb > mb).map((collection) => collection.isolate));
	if (!main || workers.size !== 1) throw new Error(`expected the main thread's isolate and one worker's in:\n${output}`);
	return [...workers][0];
}

/**
 * Whether the worker's isolate (its heap passes 25 MB) ran a memory-reducing mark-compact. The main thread's isolate exists
 * before any code runs, so it keeps its reducer either way.
 */
function workerReduced(output: string): boolean {
	const worker = workerIsolate(output, 25);
	return collections(output).some((collection) => collection.isolate === worker && collection.kind === 'Mark-Compact (reduce)');
}

describe('signflow serve keeps its optimized code through idle pauses', () => {
	let processes: Array<ReturnType<typeof idlingProcess>> = [];
	afterEach(() => {
		for (const { child } of processes) child.kill('SIGKILL');
		processes = [];
	});

	it("turns V8's memory reducer off for the worker threads it starts, unless told to keep their heaps lean", async () => {
		const lean = idlingProcess('lean');
		const roomy = idlingProcess('roomy');
		processes = [lean, roomy];
		// The lean process (V8's defaults) shows what idling leads to: the reducer's mark-compacts.
		await eventually(() => lean.idleSince() !== null && workerReduced(lean.output()), (reduced) => reduced, 150_000);
		const leanIdleMs = Date.now() - lean.idleSince()!;
		// The other, idle longer by now (the reducer acts on timers of seconds), has had none.
		const roomyIdleMs = () => (roomy.idleSince() === null ? 0 : Date.now() - roomy.idleSince()!);
		await eventually(roomyIdleMs, (idleMs) => idleMs > 1.25 * leanIdleMs + 2000, 150_000);
		expect(roomy.output()).toContain('IDLE');
		expect(workerReduced(roomy.output())).toBe(false);
	}, 360_000);
});

/**
 * The mark-compacts of the engine's parser thread (its own pool, as uploads reach it) reading what
 * 300 envelopes give it (the PDF, two drawn signatures each).
 */
async function parserMarkCompacts(heaps: WorkerHeaps): Promise<number> {
	const script = `
		const { ParserPool } = require(${JSON.stringify(PARSER_POOL)});
		const pdf = require('node:fs').readFileSync(${JSON.stringify(PDF)});
		const png = require(${JSON.stringify(PNGS)}).strokePng();
		const parsers = new ParserPool();
		(async () => {
			for (let n = 0; n < 300; n++) {
				await parsers.run({ kind: 'pdf', bytes: new Uint8Array(pdf) });
				await parsers.run({ kind: 'png', bytes: new Uint8Array(png) });
				await parsers.run({ kind: 'png', bytes: new Uint8Array(png) });
			}
			await parsers.close();
		})();
	`;
	const { stdout } = await promisify(execFile)(process.execPath, servedProcessArgs(heaps, script), { maxBuffer: 16 * 1024 * 1024 });
	const worker = workerIsolate(stdout, 8);
	return collections(stdout).filter((collection) => collection.isolate === worker && collection.kind === 'Mark-Compact').length;
}

describe('signflow serve starts its workers with room for their garbage', () => {
	it('runs a parser thread through 300 envelopes with a mark-compact or two, not one every few dozen', async () => {
		const [lean, roomy] = await Promise.all([parserMarkCompacts('lean'), parserMarkCompacts('roomy')]);
		// V8's own first old generation (--worker-heaps lean): 9 to 13 here; from 64 MB (the default): 0 or 1.
		expect(lean).toBeGreaterThanOrEqual(5);
		expect(roomy).toBeLessThanOrEqual(2);
	}, 120_000);
});
