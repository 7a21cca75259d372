import type { FastifyInstance } from 'fastify';
import type { Store } from '../store/port';

/** Why the engine should not get traffic now; `code` is stable, `message` is for people. */
export interface ReadinessProblem {
	code: 'database_unreachable' | 'worker_stopped' | 'worker_failing' | 'outbox_stale';
	message: string;
}

/**
 * /healthz: liveness, the process answers and reaches its database. /readyz: readiness, 200
 * `{ ready: true }`, or 503 with every reason it is not (runtime/readiness.ts decides).
 */
export function registerHealth(app: FastifyInstance, store: Store, readiness: () => Promise<ReadinessProblem[]>): void {
	app.get('/healthz', async (_request, reply) => {
		try {
			await store.ping();
			return { status: 'ok' };
		} catch {
			return reply.status(503).send({ status: 'unavailable', reason: 'the database cannot be reached' });
		}
	});
	app.get('/readyz', async (_request, reply) => {
		const reasons = await readiness();
		reply.header('cache-control', 'no-store');
		return reasons.length === 0 ? { ready: true } : reply.status(503).send({ ready: false, reasons });
	});
}
