import { setFlagsFromString } from 'node:v8';

/**
 * For `signflow serve`, a process of its own, before its worker threads start: V8's memory reducer
 * is off in the isolates made from then on (the finalization and parser workers; the main thread's
 * isolate already exists and keeps it). When a worker goes quiet for some seconds, the reducer runs
 * mark-compacts to hand memory back; they also drop optimized code whose maps died with the last
 * job, so the first documents after every pause run unoptimized and are compiled again. With
 * traffic that comes in bursts (an n8n schedule, a batch of offers), that was every burst: about a
 * tenth more CPU per envelope (bench/envelope.js pauses the engine before each rep). The price is
 * each worker's heap kept at the size its last job grew it to (the process some 60 MB larger after
 * a burst) instead of returned while idle; the usual limits on its growth stay. V8 flags are the
 * process's own, so the engine embedded in n8n's process leaves them to n8n.
 */
export function keepOptimizedCodeWhenIdle(): void {
	setFlagsFromString('--no-memory-reducer');
}
