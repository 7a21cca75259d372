import { setFlagsFromString } from 'node:v8';

/**
 * The old generation each worker isolate starts with, in MB: a parser thread's live heap is about
 * 11 MB and a finalization thread's about 25.
 */
const WORKER_INITIAL_OLD_GENERATION_MB = 64;

/**
 * For `signflow serve`, a process of its own, before its worker threads start: V8 flags that take
 * effect in the isolates made from then on (the finalization and parser workers; the main thread's
 * isolate already exists and keeps V8's defaults). V8 flags are the process's own, so the engine
 * embedded in n8n's process leaves them to n8n.
 */
export function tuneWorkerHeaps(): void {
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
export function keepOptimizedCodeWhenIdle(): void {
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
export function collectWorkersLessOften(): void {
	setFlagsFromString(`--initial-old-space-size=${WORKER_INITIAL_OLD_GENERATION_MB}`);
}
