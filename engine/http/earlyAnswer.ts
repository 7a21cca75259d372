import type { FastifyRequest } from 'fastify';

/** How long a connection answered before its body arrived stays open after the answer. */
const LINGER_MS = 2000;

/**
 * A request answered before its body arrived (no key, rate limited, too
 * large): nothing more of the body is read, the connection is half-closed
 * (the client sees the answer, then the end), and closed for good a moment
 * later. Closing at once would make the kernel answer the unread bytes with
 * a reset, which can wipe the answer out of the client's buffer before it
 * reads it; reading the rest to drop it would cost memory and time.
 */
export function closeAfterEarlyAnswer(request: FastifyRequest): void {
	if (request.raw.complete) return;
	const socket = request.raw.socket;
	socket.pause();
	socket.end();
	setTimeout(() => socket.destroy(), LINGER_MS).unref();
}
