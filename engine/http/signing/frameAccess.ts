import type { FastifyRequest } from 'fastify';

/*
 * The access grant of a signer whose page is framed by another site. There the grant's cookie
 * (SameSite=Strict) is a third-party cookie the browser does not send (and Safari keeps none at
 * all), so a page in a frame carries the grant itself: in its address (?access=, which reloads and
 * the completed page's refresh keep) and, for the page script's requests, in a header. A page
 * opened outside a frame keeps the cookie alone.
 */

export const ACCESS_HEADER = 'x-signflow-access';
const ACCESS_QUERY = 'access';

/** Whether the request loads a page inside a frame (Sec-Fetch-Dest; browsers without it keep the cookie). */
export function isFramedNavigation(request: FastifyRequest): boolean {
	return request.headers['sec-fetch-dest'] === 'iframe';
}

/** The grant a framed page carries in its address, if any. */
export function grantInUrl(request: FastifyRequest): string | undefined {
	const value = (request.query as Record<string, unknown> | undefined)?.[ACCESS_QUERY];
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The grant a framed page's script sends with its requests, if any. */
export function grantInHeader(request: FastifyRequest): string | undefined {
	const value = request.headers[ACCESS_HEADER];
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** "access=<grant>", to keep on the page's own links; "" when the grant is not in the address. */
export function accessParam(grant: string | undefined): string {
	return grant ? `${ACCESS_QUERY}=${encodeURIComponent(grant)}` : '';
}

/** A query ("?lang=de" or "") with the access parameter added when there is one. */
export function withAccess(query: string, grant: string | undefined): string {
	const param = accessParam(grant);
	if (!param) return query;
	return query ? `${query}&${param}` : `?${param}`;
}
