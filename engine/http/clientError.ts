import type { Socket } from 'node:net';
import type { ConnectionError } from 'fastify';

/*
 * Node answers a request it cannot parse (headers past 16 KB, say, from a
 * long search term in the URL) before Fastify sees it. Fastify's default
 * writes its own JSON shape, and writes it after a HEAD request too, where
 * the client reads those body bytes as the start of the next response. This
 * answers in the engine's error body, with no body for HEAD, and closes.
 */

const ANSWERS: Record<string, { status: number; reason: string; code: string; message: string }> = {
	HPE_HEADER_OVERFLOW: {
		status: 431,
		reason: 'Request Header Fields Too Large',
		code: 'headers_too_large',
		message: 'The request line and headers exceed 16 KB: shorten the URL (a search term, for example) or the headers.',
	},
	ERR_HTTP_REQUEST_TIMEOUT: {
		status: 408,
		reason: 'Request Timeout',
		code: 'request_timeout',
		message: 'The request took too long to arrive: send it again.',
	},
};

const MALFORMED = { status: 400, reason: 'Bad Request', code: 'malformed_request', message: 'The request is not valid HTTP/1.1.' };

export function answerClientError(error: ConnectionError, socket: Socket): void {
	if (error.code === 'ECONNRESET' || socket.destroyed) return;
	const answer = ANSWERS[error.code] ?? MALFORMED;
	const body = JSON.stringify({ error: { code: answer.code, message: answer.message, details: [] } });
	// What Node had read of the request; typed by Fastify as a Buffer's JSON form, it is the Buffer.
	const raw: unknown = error.rawPacket;
	const head = Buffer.isBuffer(raw) && raw.toString('latin1', 0, 5) === 'HEAD ';
	socket.end(
		`HTTP/1.1 ${answer.status} ${answer.reason}\r\n` +
			'Content-Type: application/json; charset=utf-8\r\n' +
			`Content-Length: ${Buffer.byteLength(body)}\r\n` +
			'Connection: close\r\n\r\n' +
			(head ? '' : body),
	);
}
