import { readFileSync } from 'node:fs';
import net from 'node:net';

/** Resident memory of a process, in bytes (Linux /proc). */
export function residentBytes(pid: number): number {
	const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	if (!match) throw new Error(`no VmRSS for process ${pid}`);
	return Number(match[1]) * 1024;
}

export interface RawExchange {
	/** Everything the server sent back. */
	answer: string;
	/** The status of the answer, or null when the server closed without one. */
	status: number | null;
	/** Body bytes the client had written when the first byte of the answer came (-1: no answer). */
	sentWhenAnswered: number;
	/** ms from the end of the headers to the first byte of the answer (null: none). */
	answeredAfterMs: number | null;
	/** Body bytes written before the exchange ended. */
	sent: number;
	/** ms from the end of the headers to the server closing the connection (null: still open when we gave up). */
	closedAfterMs: number | null;
}

export interface RawRequest {
	url: string;
	method: string;
	path: string;
	headers: Record<string, string>;
	/** The declared Content-Length. */
	contentLength: number;
	/** Produces the body bytes from `offset` on, one piece per call; the client writes as fast as the socket drains. */
	piece(offset: number): Buffer;
	/** Wait between pieces (a drip-feeding client). */
	pauseMs?: number;
	/** Give up after this long. */
	timeoutMs: number;
	/** Leave the last header line unterminated: the request never gets past its headers. */
	unfinishedHeaders?: boolean;
}

/**
 * An HTTP/1.1 request written by hand on a socket, the way an attacker's
 * client would: it keeps writing its body whatever the server says, until
 * the body is complete, the server closes the connection, or time is up.
 */
export async function rawRequest(request: RawRequest): Promise<RawExchange> {
	const { hostname, port } = new URL(request.url);
	const socket = net.connect(Number(port), hostname);
	await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
	let answer = '';
	let sent = 0;
	let sentWhenAnswered = -1;
	let closedAt: number | null = null;
	let answeredAt: number | null = null;
	socket.on('data', (chunk: Buffer) => {
		if (sentWhenAnswered < 0) {
			sentWhenAnswered = sent;
			answeredAt = Date.now();
		}
		answer += chunk.toString('latin1');
	});
	// The server may close while the client still writes: EPIPE or ECONNRESET are expected.
	socket.on('error', () => undefined);
	const closed = new Promise<void>((resolve) =>
		socket.once('close', () => {
			closedAt = Date.now();
			resolve();
		}),
	);
	const head = Object.entries({ host: `${hostname}:${port}`, ...request.headers, 'content-length': String(request.contentLength) })
		.map(([name, value]) => `${name}: ${value}\r\n`)
		.join('');
	socket.write(`${request.method} ${request.path} HTTP/1.1\r\n${request.unfinishedHeaders ? head.slice(0, -2) : `${head}\r\n`}`);
	const started = Date.now();
	const deadline = started + request.timeoutMs;
	const timeUp = new Promise<void>((resolve) => setTimeout(resolve, request.timeoutMs).unref());
	while (sent < request.contentLength && closedAt === null && Date.now() < deadline) {
		const piece = request.piece(sent).subarray(0, request.contentLength - sent);
		sent += piece.length;
		const flushed = socket.write(piece);
		if (!flushed) await Promise.race([new Promise((resolve) => socket.once('drain', resolve)), closed, timeUp]);
		if (request.pauseMs) await Promise.race([new Promise((resolve) => setTimeout(resolve, request.pauseMs)), closed, timeUp]);
	}
	// Wait for the answer (or the close) once the body is out.
	let done = false;
	await Promise.race([closed, timeUp, new Promise<void>((resolve) => waitForAnswer(() => answer, resolve, () => done))]);
	done = true;
	socket.destroy();
	const status = /^HTTP\/1\.1 (\d{3})/.exec(answer);
	return {
		answer,
		status: status ? Number(status[1]) : null,
		sentWhenAnswered,
		answeredAfterMs: answeredAt === null ? null : answeredAt - started,
		sent,
		closedAfterMs: closedAt === null ? null : closedAt - started,
	};
}

/** Resolves once a complete answer (headers and a Content-Length body) has arrived. */
function waitForAnswer(answer: () => string, resolve: () => void, stopped: () => boolean): void {
	const check = () => {
		if (stopped()) return;
		const text = answer();
		const end = text.indexOf('\r\n\r\n');
		const length = /\r\ncontent-length: (\d+)/i.exec(text);
		if (end >= 0 && length && text.length >= end + 4 + Number(length[1])) return resolve();
		setTimeout(check, 10).unref();
	};
	check();
}

/** The JSON body of a raw answer. */
export function answerBody(exchange: RawExchange): any {
	const end = exchange.answer.indexOf('\r\n\r\n');
	return end < 0 ? null : JSON.parse(Buffer.from(exchange.answer.slice(end + 4), 'latin1').toString('utf8'));
}
