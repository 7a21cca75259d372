import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SignflowService } from '../app/service';
import { SignflowError, type Principal } from '../domain';
import type { RateLimits } from './rateLimits';

/** Resolves `Authorization: Bearer <api key>` to the key's organization, or throws 401. */
export function bearerAuth(service: SignflowService) {
	return async (request: FastifyRequest): Promise<Principal> => {
		const header = request.headers.authorization;
		if (!header)
			throw new SignflowError('unauthorized', 'missing_api_key', 'Send your API key as "Authorization: Bearer <key>".');
		const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
		if (!match)
			throw new SignflowError('unauthorized', 'invalid_authorization_header', 'The Authorization header must be "Bearer <key>".');
		const principal = await service.authenticate(match[1]);
		if (!principal) throw new SignflowError('unauthorized', 'invalid_api_key', 'The API key is unknown or revoked.');
		return principal;
	};
}

export type ApiGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<Principal>;

/**
 * The API's onRequest check, before any byte of the body is read: the key,
 * then the rate limit (per key, or per IP for requests without a valid key,
 * so that failed attempts are limited too). Sets request.principal.
 */
export function apiGuard(service: SignflowService, limits: RateLimits): ApiGuard {
	const authenticate = bearerAuth(service);
	return async (request, reply) => {
		let principal: Principal | null = null;
		// Boxed: whatever authenticate threw is rethrown as it is, after the rate limit has counted the attempt.
		let refusal: { error: unknown } | null = null;
		try {
			principal = await authenticate(request);
			request.principal = principal;
		} catch (error) {
			refusal = { error };
		}
		await limits.api(request, reply, principal);
		if (refusal) throw refusal.error;
		return principal!;
	};
}
