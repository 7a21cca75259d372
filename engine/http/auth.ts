import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleSession, SignflowService } from '../app/service';
import { SignflowError, type Principal } from '../domain';
import { consoleCookieOf } from './console/cookie';
import { checkCsrf } from './console/csrf';
import type { RateLimits } from './rateLimits';

declare module 'fastify' {
	interface FastifyRequest {
		/** Set when the request was authorised by the console's session cookie rather than a key. */
		consoleSession?: ConsoleSession;
	}
}

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

/**
 * A bearer key when the request has an Authorization header; otherwise the console's session
 * cookie, if any, which stands for its organization and mode as a key would, and whose changes
 * must pass the CSRF check (console/csrf.ts).
 */
export function keyOrConsoleSession(service: SignflowService, publicUrl: () => string) {
	const bearer = bearerAuth(service);
	return async (request: FastifyRequest): Promise<Principal> => {
		const cookie = request.headers.authorization ? null : consoleCookieOf(request);
		if (!cookie) return bearer(request);
		const session = await service.console.resolve(cookie);
		if (!session) throw new SignflowError('unauthorized', 'console_session_ended', 'The console session has ended: sign in to the console again.');
		checkCsrf(request, session.csrfToken, publicUrl());
		request.consoleSession = session;
		return session.principal;
	};
}

export type ApiGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<Principal>;

/**
 * The API's onRequest check, before any byte of the body is read: the key (or the console's
 * session), then the rate limit (per key or session, or per IP for requests without a valid
 * one, so that failed attempts are limited too). Sets request.principal.
 */
export function apiGuard(service: SignflowService, limits: RateLimits, publicUrl: () => string): ApiGuard {
	const authenticate = keyOrConsoleSession(service, publicUrl);
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
