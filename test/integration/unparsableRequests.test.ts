import net from 'node:net';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';

/** Sends raw bytes and returns all the engine answered before it closed the connection. */
function exchange(url: string, request: string): Promise<string> {
	const { hostname, port } = new URL(url);
	return new Promise((resolve, reject) => {
		const socket = net.connect(Number(port), hostname, () => socket.write(request));
		let answer = '';
		socket.setEncoding('latin1');
		socket.on('data', (chunk: string) => (answer += chunk));
		socket.on('close', () => resolve(answer));
		socket.on('error', reject);
	});
}

function parse(answer: string) {
	const end = answer.indexOf('\r\n\r\n');
	const [statusLine, ...headerLines] = answer.slice(0, end).split('\r\n');
	const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
	return { status: Number(statusLine.split(' ')[1]), headers, body: answer.slice(end + 4) };
}

describe('requests Node cannot parse', () => {
	let t: TestEngine;
	beforeAll(async () => {
		t = await startTestEngine();
	});
	afterAll(() => t.destroy());

	// A search term of 20,000 characters: the request line alone is past Node's 16 KB header limit.
	const longSearch = `/api/v1/workflows?q=${encodeURIComponent('Zürich Arbeitsvertrag 合同 ').repeat(400)}`;

	it('answers a request line past 16 KB with 431 in the engine error body', async () => {
		const answer = parse(await exchange(t.engine.url, `GET ${longSearch} HTTP/1.1\r\nHost: sign.example\r\n\r\n`));
		expect(answer.status).toBe(431);
		expect(answer.headers['connection']).toBe('close');
		expect(JSON.parse(answer.body)).toEqual({ error: { code: 'headers_too_large', message: expect.stringContaining('16 KB'), details: [] } });
		expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
	});

	it('answers the same as HEAD with headers only: no body bytes a client would read as the next response', async () => {
		const answer = parse(await exchange(t.engine.url, `HEAD ${longSearch} HTTP/1.1\r\nHost: sign.example\r\n\r\n`));
		expect(answer.status).toBe(431);
		expect(answer.body).toBe('');
	});

	it('answers bytes that are not HTTP with 400 malformed_request', async () => {
		const answer = parse(await exchange(t.engine.url, 'HELLO\0 there\r\n\r\n'));
		expect(answer.status).toBe(400);
		expect(JSON.parse(answer.body).error.code).toBe('malformed_request');
	});
});
