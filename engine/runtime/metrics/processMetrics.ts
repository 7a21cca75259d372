import { Registry, collectDefaultMetrics } from 'prom-client';

let shared: Registry | null = null;

/**
 * prom-client's default metrics (event-loop lag, CPU, memory, handles, GC), which describe the
 * process, not an engine: one registry for every engine of this process, made on first use. Each
 * collectDefaultMetrics call starts an event-loop monitor and a GC observer that are never
 * stopped, so an engine per test (or per embedded data folder) must not start its own.
 */
export function processRegistry(): Registry {
	if (!shared) {
		shared = new Registry();
		collectDefaultMetrics({ register: shared });
	}
	return shared;
}
