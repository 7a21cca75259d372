import http from 'node:http';
import type { Socket } from 'node:net';
import type { HttpRequest } from './resolve';

export interface HttpResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
	ms: number;
}

export class RequestTimeout extends Error {
	constructor(
		readonly ms: number,
		/** What the connection carried before, so a hang can be told from a connection left out of step. */
		readonly connection: string,
	) {
		super(`no complete answer within ${ms} ms (${connection})`);
	}
}

/** The last exchanges of each connection. */
const history = new WeakMap<Socket, string[]>();

/**
 * Sends requests exactly as built (node:http, not fetch: bodies, headers and
 * content types are sent as they are, however wrong), over keep-alive
 * connections, and gives up after `timeoutMs`.
 */
export class Transport {
	private readonly agent: http.Agent;
	private readonly base: URL;

	constructor(baseUrl: string, maxSockets: number) {
		this.base = new URL(baseUrl);
		this.agent = new http.Agent({ keepAlive: true, maxSockets });
	}

	/**
	 * A keep-alive connection the server closed just as it was reused fails
	 * with ECONNRESET before the request reached the engine; like every
	 * keep-alive client, try once more on a fresh connection.
	 */
	async send(request: HttpRequest, timeoutMs: number): Promise<HttpResponse> {
		try {
			return await this.sendOnce(request, timeoutMs);
		} catch (error) {
			if (!(error as { reusedSocket?: boolean }).reusedSocket || (error as NodeJS.ErrnoException).code !== 'ECONNRESET') throw error;
			return this.sendOnce(request, timeoutMs);
		}
	}

	private sendOnce(request: HttpRequest, timeoutMs: number): Promise<HttpResponse> {
		const started = Date.now();
		return new Promise((resolve, reject) => {
			const headers: Record<string, string> = { ...request.headers };
			if (request.body) headers['content-length'] = String(request.body.length);
			const outgoing = http.request(
				{ host: this.base.hostname, port: this.base.port, method: request.method, path: request.path, headers, agent: this.agent },
				(incoming) => {
					const chunks: Buffer[] = [];
					incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
					incoming.on('end', () => {
						clearTimeout(timer);
						const past = socket ? history.get(socket) : undefined;
						if (past?.at(-1) === exchange) past[past.length - 1] = `${exchange} -> ${incoming.statusCode}`;
						resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks), ms: Date.now() - started });
					});
					incoming.on('error', fail);
				},
			);
			let socket: Socket | null = null;
			let answered = 'no answer yet';
			const exchange = `${request.method} ${request.path.slice(0, 80)}`;
			outgoing.on('socket', (assigned: Socket) => {
				socket = assigned;
				const past = history.get(assigned) ?? [];
				history.set(assigned, [...past.slice(-2), exchange]);
			});
			outgoing.on('response', (incoming) => (answered = `status ${incoming.statusCode} received, body incomplete`));
			const timer = setTimeout(() => {
				const past = socket ? (history.get(socket) ?? []).slice(0, -1) : [];
				outgoing.destroy();
				reject(
					new RequestTimeout(
						timeoutMs,
						`${answered}; ${outgoing.reusedSocket ? `reused connection, before: ${past.join(' | ') || 'unknown'}` : 'new connection'}`,
					),
				);
			}, timeoutMs);
			function fail(error: Error) {
				clearTimeout(timer);
				reject(Object.assign(error, { reusedSocket: outgoing.reusedSocket }));
			}
			outgoing.on('error', fail);
			outgoing.end(request.body ?? undefined);
		});
	}

	close(): void {
		this.agent.destroy();
	}
}

/** The request as a shell command (curl) that sends the very same bytes. */
export function reproduction(baseUrl: string, request: HttpRequest): string {
	const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
	const headers = Object.entries(request.headers).map(([name, value]) => `-H ${quote(`${name}: ${value}`)}`);
	const url = quote(`${baseUrl}${request.path}`);
	const curl = `curl -sS -i -X ${request.method} ${url} ${headers.join(' ')}`;
	if (!request.body) return curl;
	const printable = /^[\x20-\x7e\n\t]*$/.test(request.body.toString('latin1'));
	if (printable && request.body.length < 4000) return `${curl} --data-binary ${quote(request.body.toString('latin1'))}`;
	return `echo ${request.body.toString('base64')} | base64 -d | ${curl} --data-binary @-`;
}
