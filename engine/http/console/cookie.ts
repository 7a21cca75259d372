import type { FastifyReply, FastifyRequest } from 'fastify';

/** The console session's cookie: its random token, which only the engine reads (HttpOnly). */
export const CONSOLE_COOKIE = 'sf_console';

/** The console cookie's value in the request, or null. */
export function consoleCookieOf(request: FastifyRequest): string | null {
	const header = request.headers.cookie;
	if (!header) return null;
	for (const part of header.split(';')) {
		const [name, ...value] = part.trim().split('=');
		if (name === CONSOLE_COOKIE) {
			const token = value.join('=');
			return /^[A-Za-z0-9_-]{20,100}$/.test(token) ? token : null;
		}
	}
	return null;
}

/** Sets the session's cookie for the whole engine (the console's pages and /api/v1). */
export function setConsoleCookie(reply: FastifyReply, token: string, maxAgeSeconds: number, secure: boolean): void {
	reply.header('set-cookie', `${CONSOLE_COOKIE}=${token}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`);
}

export function clearConsoleCookie(reply: FastifyReply, secure: boolean): void {
	reply.header('set-cookie', `${CONSOLE_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`);
}
