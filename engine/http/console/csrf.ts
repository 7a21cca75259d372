import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { SignflowError } from '../../domain';

/** Methods that change nothing: a cookie request with them needs no CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A change made with the console's cookie must come from the engine's own pages: its Origin is
 * the engine's (the public URL's, or the address the browser used), and it carries the session's
 * CSRF token in X-CSRF-Token (compared in constant time). 403 with a code otherwise.
 */
export function checkCsrf(request: FastifyRequest, csrfToken: string, publicUrl: string): void {
	if (SAFE_METHODS.has(request.method)) return;
	checkOrigin(request, publicUrl);
	checkCsrfToken(request.headers['x-csrf-token'], csrfToken);
}

/** The token a change carries (the header, or a form field where a form posts), compared in constant time. */
export function checkCsrfToken(sent: unknown, csrfToken: string): void {
	if (typeof sent !== 'string' || sent === '')
		throw new SignflowError('forbidden', 'csrf_token_missing', 'A change made with the console session must carry the X-CSRF-Token header the console page was given.');
	const expected = Buffer.from(csrfToken);
	const actual = Buffer.from(sent);
	if (actual.length !== expected.length || !timingSafeEqual(actual, expected))
		throw new SignflowError('forbidden', 'csrf_token_invalid', 'The X-CSRF-Token header does not belong to this console session: reload the console.');
}

/**
 * The request's Origin is the engine's own: its public URL's, or the one the browser reached it at.
 * A form posted from a console page (the login link's, the branding preview's) under its
 * no-referrer policy comes with "Origin: null" from Chromium; there the browser's own
 * Sec-Fetch-Site (which no page script can set) says it came from the same origin.
 */
export function checkOrigin(request: FastifyRequest, publicUrl: string): void {
	const origin = request.headers.origin;
	const allowed = [originOf(publicUrl), request.headers.host ? `${request.protocol}://${request.headers.host}` : null];
	if (typeof origin === 'string' && allowed.includes(origin.toLowerCase())) return;
	if ((origin === undefined || origin === 'null') && request.headers['sec-fetch-site'] === 'same-origin') return;
	throw new SignflowError(
		'forbidden',
		'origin_not_allowed',
		origin ? `A console change must come from the console's own origin, not ${origin}.` : 'A console change must carry the Origin header of the console.',
	);
}

function originOf(url: string): string | null {
	try {
		return new URL(url).origin.toLowerCase();
	} catch {
		return null;
	}
}
