import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { eventually } from '../helpers/waits';

const SERVER_HEAP = path.join(__dirname, '../../engine/runtime/serverHeap.ts');
const PARSER_WORKER = path.join(__dirname, '../../dist/engine/pdf/parserWorker.js');
const PNGS = path.join(__dirname, '../helpers/pdf/pngs.ts');
const PDF = path.join(__dirname, '../fixtures/pdf/a4-1page.pdf');

/**
 * A process with a worker thread that allocates for a moment, then idles (as a finalization worker
 * between bursts), V8 printing its collections (a worker's reducer acts some 40 s into the idling
 * here). With `keep`, the process first does what `signflow serve` does at its start.
 */
function idlingProcess(keep: boolean): { child: ChildProcess; output: () => string; idleSince: () => number | null } {
	const script = `
		${keep ? `require(${JSON.stringify(SERVER_HEAP)}).keepOptimizedCodeWhenIdle();` : ''}
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
	const child = spawn(process.execPath, ['--require', 'tsx/cjs', '--trace-gc', '-e', script], {
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	let text = '';
	let idleSince: number | null = null;
	child.stdout.on('data', (chunk: Buffer) => {
		text += chunk.toString();
		if (idleSince === null && text.includes('IDLE\n')) idleSince = Date.now();
	});
	return { child, output: () => text, idleSince: () => idleSince };
}

/**
 * Whether the worker's isolate ran a memory-reducing mark-compact. --trace-gc names each isolate
 * (`[pid:address]`); the worker's is the one whose heap grew past 25 MB (the main thread's stays
 * near 5). The main thread's isolate exists before any code runs, so it keeps its reducer either way.
 */
function workerReduced(output: string): boolean {
	const lines = output.split('\n').map((line) => /^\[\d+:(0x[0-9a-f]+)\]\s+\d+ ms: (\S+( \(reduce\))?) ([\d.]+)/.exec(line)).filter((match) => match !== null);
	const worker = lines.find((match) => Number(match[4]) > 25)?.[1];
	if (!worker) throw new Error(`no worker isolate in:\n${output}`);
	return lines.some((match) => match[1] === worker && match[2] === 'Mark-Compact (reduce)');
}

describe('signflow serve keeps its optimized code through idle pauses', () => {
	let processes: Array<ReturnType<typeof idlingProcess>> = [];
	afterEach(() => {
		for (const { child } of processes) child.kill('SIGKILL');
		processes = [];
	});

	it("turns V8's memory reducer off for the worker threads it starts", async () => {
		const plain = idlingProcess(false);
		const served = idlingProcess(true);
		processes = [plain, served];
		// The plain process shows what idling leads to: the reducer's mark-compacts.
		await eventually(() => plain.idleSince() !== null && workerReduced(plain.output()), (reduced) => reduced, 150_000);
		const plainIdleMs = Date.now() - plain.idleSince()!;
		// The other, idle longer by now (the reducer acts on timers of seconds), has had none.
		const servedIdleMs = () => (served.idleSince() === null ? 0 : Date.now() - served.idleSince()!);
		await eventually(servedIdleMs, (idleMs) => idleMs > 1.25 * plainIdleMs + 2000, 150_000);
		expect(served.output()).toContain('IDLE');
		expect(workerReduced(served.output())).toBe(false);
	}, 360_000);
});

/**
 * The mark-compacts of a parser worker (the engine's own, built) that reads what 300 envelopes give
 * it (the PDF, two drawn signatures each), V8 printing its collections; with `served`, the process
 * first does what `signflow serve` does at its start. The worker's isolate is the one whose heap
 * passed 8 MB (it holds about 11 MB live; the main thread's stays near 5).
 */
async function parserMarkCompacts(served: boolean): Promise<number> {
	const script = `
		${served ? `require(${JSON.stringify(SERVER_HEAP)}).collectWorkersLessOften();` : ''}
		const { Worker } = require('node:worker_threads');
		const pdf = require('node:fs').readFileSync(${JSON.stringify(PDF)});
		const png = require(${JSON.stringify(PNGS)}).strokePng();
		const worker = new Worker(${JSON.stringify(PARSER_WORKER)}, { resourceLimits: { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 64 } });
		let id = 0;
		const run = (job) => new Promise((resolve, reject) => {
			const mine = id++;
			const onMessage = (answer) => {
				if (answer.id !== mine) return;
				worker.off('message', onMessage);
				'error' in answer ? reject(new Error(answer.error.message)) : resolve();
			};
			worker.on('message', onMessage);
			worker.postMessage({ id: mine, job });
		});
		(async () => {
			for (let n = 0; n < 300; n++) {
				await run({ kind: 'pdf', bytes: new Uint8Array(pdf), inflateBudgetBytes: 64 * 1024 * 1024 });
				await run({ kind: 'png', bytes: new Uint8Array(png) });
				await run({ kind: 'png', bytes: new Uint8Array(png) });
			}
			await worker.terminate();
		})();
	`;
	const { stdout } = await promisify(execFile)(process.execPath, ['--require', 'tsx/cjs', '--trace-gc', '-e', script], { maxBuffer: 16 * 1024 * 1024 });
	const lines = stdout.split('\n').map((line) => /^\[\d+:(0x[0-9a-f]+)\]\s+\d+ ms: (\S+) ([\d.]+)/.exec(line)).filter((match) => match !== null);
	const worker = lines.find((match) => Number(match[3]) > 8)?.[1];
	if (!worker) throw new Error(`no worker isolate in:\n${stdout}`);
	return lines.filter((match) => match[1] === worker && match[2] === 'Mark-Compact').length;
}

describe('signflow serve starts its workers with room for their garbage', () => {
	it('runs a parser thread through 300 envelopes with a mark-compact or two, not one every few dozen', async () => {
		const [plain, served] = await Promise.all([parserMarkCompacts(false), parserMarkCompacts(true)]);
		// V8's own first old generation: 9 to 12 here; from 64 MB: 0 or 1.
		expect(plain).toBeGreaterThanOrEqual(5);
		expect(served).toBeLessThanOrEqual(2);
	}, 120_000);
});
