import { setFlagsFromString } from 'node:v8';

/**
 * The old generation each worker isolate starts with, in MB: a parser thread's live heap is about
 * 11 MB and a finalization thread's about 25.
 */
const WORKER_INITIAL_OLD_GENERATION_MB = 64;

/**
 * How `signflow serve` sets up its worker threads' heaps (`--worker-heaps`, SIGNFLOW_WORKER_HEAPS):
 * `roomy` (the default) as below, `lean` with V8's defaults, for a host short of memory (some 60 MB
 * less, about a tenth more CPU per envelope).
 */
export type WorkerHeaps = 'roomy' | 'lean';

/** The setting as given, or the default; any other value is an error that names the ones there are. */
export function workerHeapsSetting(value: string | undefined): WorkerHeaps {
	if (value === undefined || value === '') return 'roomy';
	if (value === 'roomy' || value === 'lean') return value;
	throw new Error(`--worker-heaps (SIGNFLOW_WORKER_HEAPS) is "roomy" (the default) or "lean", not "${value}".`);
}

/**
 * For `signflow serve`, a process of its own, before its worker threads start: V8 flags that take
 * effect in the isolates made from then on (the finalization and parser workers; the main thread's
 * isolate already exists and keeps V8's defaults). V8 flags are the process's own, so the engine
 * embedded in n8n's process leaves them to n8n; so does `lean`.
 */
export function tuneWorkerHeaps(setting: WorkerHeaps): void {
	if (setting === 'lean') return;
	keepOptimizedCodeWhenIdle();
	collectWorkersLessOften();
}

/**
 * V8's memory reducer off. When a worker goes quiet for some seconds, the reducer runs
 * mark-compacts to hand memory back; they also drop optimized code whose maps died with the last
 * job, so the first documents after every pause run unoptimized and are compiled again. With
 * traffic that comes in bursts (an n8n schedule, a batch of offers), that was every burst: about a
 * tenth more CPU per envelope (bench/envelope.js pauses the engine before each rep). The price is
 * each worker's heap kept at the size its last job grew it to (the process some 60 MB larger after
 * a burst) instead of returned while idle; the usual limits on its growth stay.
 */
function keepOptimizedCodeWhenIdle(): void {
	setFlagsFromString('--no-memory-reducer');
}

/**
 * A larger first old generation for the workers. With V8's own (sized from a heap of a few MB), a
 * parser thread ran a full mark-compact every 15 to 30 envelopes, each time at 12 to 15 MB of heap
 * holding 11 MB live: V8 starts marking again soon after each collection, whatever the young
 * generation's size (8 to 128 MB: the same). From 64 MB, none or one in 200 envelopes (counted by
 * `npm run bench envelopeVm`). The price is garbage kept up to that size: the process some 65 MB
 * larger in steady state (bench/envelope's load: 520-528 MB against 452-469).
 */
function collectWorkersLessOften(): void {
	setFlagsFromString(`--initial-old-space-size=${WORKER_INITIAL_OLD_GENERATION_MB}`);
}
