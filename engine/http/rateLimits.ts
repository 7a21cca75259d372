import rateLimit, { normalizeIP, type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SignflowError, type Principal } from '../domain';

/** Requests allowed per window; 0 turns a limit off. */
export interface RateLimitSettings {
	windowMs: number;
	/** API requests with a valid key (or console session), per key. */
	apiPerKey: number;
	/** API requests without a valid key, per client IP. */
	apiPerIp: number;
	/** Signing-page requests (pages, assets, JSON, documents), per client IP. */
	signingPerIp: number;
	/** Signing-page requests per signing link. */
	signingPerToken: number;
}

export interface RateLimits {
	/** Counts an API request against its key, or its IP when it has no valid key. */
	api(request: FastifyRequest, reply: FastifyReply, principal: Principal | null): Promise<void>;
	/** Counts a request to the public /sign/... routes against its IP and its link. */
	signing(request: FastifyRequest, reply: FastifyReply): Promise<void>;
}

/** Counters kept per limiter; the least recently seen clients are forgotten first. */
const CLIENTS_REMEMBERED = 10_000;

type Check = (request: FastifyRequest) => Promise<{ isAllowed: true } | { isAllowed: false; isExceeded: boolean; ttlInSeconds: number }>;

/**
 * Fixed-window counters in this process's memory (@fastify/rate-limit). With
 * several engines behind a load balancer each counts its own share. Behind a
 * reverse proxy, set trustProxy so the client's address is counted, not the proxy's.
 */
export async function registerRateLimits(app: FastifyInstance, settings: RateLimitSettings): Promise<RateLimits> {
	await app.register(rateLimit, { global: false });
	const limiter = (max: number, keyGenerator: (request: FastifyRequest) => string): Check | null => {
		if (max <= 0) return null;
		const options: RateLimitOptions = { max, timeWindow: settings.windowMs, keyGenerator, cache: CLIENTS_REMEMBERED };
		return app.createRateLimit(options);
	};
	const clientIp = (request: FastifyRequest) => normalizeIP(request.ip ?? 'unknown');
	// A console session counts against the key it was opened with, or (opened with a login link) on its own.
	const apiPerKey = limiter(settings.apiPerKey, (request) => request.principal?.apiKeyId || (request.consoleSession ? `console:${request.consoleSession.id}` : ''));
	const apiPerIp = limiter(settings.apiPerIp, clientIp);
	const signingPerIp = limiter(settings.signingPerIp, clientIp);
	const signingPerToken = limiter(settings.signingPerToken, (request) => (request.params as { token?: string }).token ?? '');

	return {
		async api(request, reply, principal) {
			if (principal) await enforce(apiPerKey, request, reply, 'this API key');
			else await enforce(apiPerIp, request, reply, 'this address without a valid API key');
		},
		async signing(request, reply) {
			await enforce(signingPerIp, request, reply, 'this address');
			if ((request.params as { token?: string }).token) await enforce(signingPerToken, request, reply, 'this signing link');
		},
	};
}

async function enforce(check: Check | null, request: FastifyRequest, reply: FastifyReply, who: string): Promise<void> {
	if (!check) return;
	const limit = await check(request);
	if (limit.isAllowed || !limit.isExceeded) return;
	const seconds = Math.max(1, limit.ttlInSeconds);
	reply.header('retry-after', String(seconds));
	throw new SignflowError('rate_limited', 'rate_limited', `Too many requests from ${who}; retry in ${seconds} s.`, [
		{ message: 'Seconds to wait before retrying', retryAfterSeconds: seconds },
	]);
}
