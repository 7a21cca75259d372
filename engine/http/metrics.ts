import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './errors';

/** The engine's metrics as the HTTP server needs them (runtime/metrics/ builds them with prom-client). */
export interface MetricsExposition {
	/** The bearer token a scrape must send. */
	readonly token: string;
	readonly contentType: string;
	observeRequest(method: string, route: string, status: number, seconds: number): void;
	render(): Promise<string>;
}

/** The label of a request no route matched: the raw URL may hold anything (a token, a name). */
const UNMATCHED = 'unmatched';

/**
 * Counts every answered request by its route template (`/sign/:token`, never the URL sent) and
 * serves GET /metrics to a scraper holding the token. Without metrics nothing is registered: the
 * path answers 404 like any other unknown one.
 */
export function registerMetrics(app: FastifyInstance, metrics: MetricsExposition): void {
	app.addHook('onResponse', (request, reply, done) => {
		const route = request.routeOptions.url ?? UNMATCHED;
		metrics.observeRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
		done();
	});
	const expected = digest(metrics.token);
	app.get('/metrics', async (request, reply) => {
		const [scheme, token] = (request.headers.authorization ?? '').split(' ');
		// Hashes compared, so neither the token's length nor its bytes show in the time taken.
		if (scheme?.toLowerCase() !== 'bearer' || !token || !timingSafeEqual(digest(token), expected))
			return reply
				.status(401)
				.header('www-authenticate', 'Bearer realm="signflow-metrics"')
				.send(errorBody('invalid_metrics_token', 'Send the metrics token (SIGNFLOW_METRICS_TOKEN) as "Authorization: Bearer <token>".'));
		return reply.header('content-type', metrics.contentType).header('cache-control', 'no-store').send(await metrics.render());
	});
}

function digest(value: string): Buffer {
	return createHash('sha256').update(value).digest();
}
