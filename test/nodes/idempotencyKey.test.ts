import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { runSignflowNode, shutdownN8nCore } from '../helpers/n8n/inProcessNode';

/**
 * A flaky network between n8n and the engine: every request reaches the engine, but the answer
 * of the first `drop` POSTs is lost (the connection is cut once the engine has answered).
 */
async function flakyProxy(target: string, drop: number) {
	const seen: Array<{ method: string; path: string; key: string | undefined }> = [];
	let dropped = 0;
	const server: Server = createServer((incoming: IncomingMessage, outgoing) => {
		const key = incoming.headers['idempotency-key'] as string | undefined;
		seen.push({ method: incoming.method!, path: incoming.url!, key });
		const forwarded = httpRequest(new URL(incoming.url!, target), { method: incoming.method, headers: incoming.headers }, (answer) => {
			const chunks: Buffer[] = [];
			answer.on('data', (chunk: Buffer) => chunks.push(chunk));
			answer.on('end', () => {
				if (incoming.method === 'POST' && dropped < drop) {
					dropped++;
					incoming.socket.destroy();
					return;
				}
				outgoing.writeHead(answer.statusCode!, answer.headers).end(Buffer.concat(chunks));
			});
		});
		incoming.pipe(forwarded);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		seen,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

let t: TestEngine;
beforeAll(async () => {
	t = await startTestEngine();
});
afterAll(async () => {
	await t.destroy();
	shutdownN8nCore();
});

async function workflowsNamed(name: string) {
	const page = await t.api.get(`/workflows?limit=100&q=${encodeURIComponent(name)}`);
	return (page.body.data as Array<{ id: string; name: string }>).filter((workflow) => workflow.name === name);
}

describe('Idempotency-Key from the action node', () => {
	it('sends the same key when Retry On Fail retries an item whose answer was lost: one signing workflow, its answer in the output', async () => {
		const proxy = await flakyProxy(t.engine.url, 1);
		try {
			const credentials: ICredentialDataDecryptedObject = { mode: 'remote', url: proxy.url, apiKey: t.api.apiKey! };
			const name = 'Arbeitsvertrag – Zoë Wiederholung 🔁';
			const run = await runSignflowNode({ resource: 'workflow', operation: 'add', name, additionalFields: {} }, credentials, [{ json: {} }], {
				retry: { maxTries: 2, waitBetweenTries: 10 },
			});
			expect(run.error).toBeUndefined();
			const posts = proxy.seen.filter((request) => request.method === 'POST');
			expect(posts).toHaveLength(2);
			expect(posts[0].key).toMatch(/^n8n-[0-9a-f]{64}$/);
			expect(posts[1].key).toBe(posts[0].key);
			const created = await workflowsNamed(name);
			expect(created).toHaveLength(1);
			expect(run.items[0].json.id).toBe(created[0].id);
		} finally {
			await proxy.close();
		}
	});

	it('gives each item and each execution its own key, and a run without an execution id random ones', async () => {
		const proxy = await flakyProxy(t.engine.url, 0);
		try {
			const credentials: ICredentialDataDecryptedObject = { mode: 'remote', url: proxy.url, apiKey: t.api.apiKey! };
			const name = 'Offre – même nom, deux éléments';
			const items = [{ json: {} }, { json: {} }];
			const parameters = { resource: 'workflow', operation: 'add', name, additionalFields: {} };
			expect((await runSignflowNode(parameters, credentials, items)).error).toBeUndefined();
			expect((await runSignflowNode(parameters, credentials, items)).error).toBeUndefined();
			expect((await runSignflowNode(parameters, credentials, items, { executionId: '' })).error).toBeUndefined();
			const keys = proxy.seen.filter((request) => request.method === 'POST').map((request) => request.key);
			expect(keys).toHaveLength(6);
			expect(keys.every((key) => /^n8n-[0-9a-f-]{36,64}$/.test(key ?? ''))).toBe(true);
			expect(new Set(keys).size).toBe(6);
			expect(await workflowsNamed(name)).toHaveLength(6);
		} finally {
			await proxy.close();
		}
	});
});
