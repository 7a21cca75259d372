import http from 'node:http';

export interface Received {
	headers: http.IncomingHttpHeaders;
	raw: string;
	body: any;
	at: number;
}

export interface Receiver {
	url: string;
	received: Received[];
	/** Decides each answer; the default is 200. */
	respond: (request: Received, index: number) => { status: number; headers?: Record<string, string>; delayMs?: number; body?: string; after?: Promise<unknown> };
	waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
	close(): Promise<void>;
}

/** A real HTTP server on loopback that records every webhook it receives. */
export async function startReceiver(path = '/hook'): Promise<Receiver> {
	const received: Received[] = [];
	const receiver: Receiver = {
		url: '',
		received,
		respond: () => ({ status: 200 }),
		async waitFor(count, timeoutMs = 10_000) {
			const deadline = Date.now() + timeoutMs;
			while (received.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
			return received;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			let body: unknown = null;
			try {
				body = JSON.parse(raw);
			} catch {
				body = raw;
			}
			const entry: Received = { headers: request.headers, raw, body, at: Date.now() };
			const index = received.length;
			received.push(entry);
			const answer = receiver.respond(entry, index);
			const send = () => {
				response.writeHead(answer.status, answer.headers ?? {});
				response.end(answer.body ?? '');
			};
			// An answer held until a promise settles: the request stays in flight meanwhile.
			if (answer.after) void answer.after.finally(send);
			else if (answer.delayMs) setTimeout(send, answer.delayMs);
			else send();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	receiver.url = `http://127.0.0.1:${(server.address() as { port: number }).port}${path}`;
	return receiver;
}
