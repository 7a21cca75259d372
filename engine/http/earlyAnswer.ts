import type { FastifyRequest } from 'fastify';

/** How long a connection answered before its body arrived stays open after the answer. */
const LINGER_MS = 2000;
/** Bodies up to this size are read and dropped instead. */
const DRAIN_BYTES = 64 * 1024;

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
	// A small body is read to its end and dropped: the connection then stays usable for the
	// client's next request, which a keep-alive client may already be sending on it.
	const length = Number(request.headers['content-length']);
	if (Number.isFinite(length) && length <= DRAIN_BYTES) {
		request.raw.resume();
		return;
	}
	const socket = request.raw.socket;
	socket.pause();
	socket.end();
	setTimeout(() => socket.destroy(), LINGER_MS).unref();
}
