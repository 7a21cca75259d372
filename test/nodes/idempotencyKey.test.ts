import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { openDatabase } from '../helpers/engine/database';
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

/**
 * Between n8n and the engine: hands every POST to `onPost` with its body and key before
 * forwarding it, and the engine's answer to `onAnswer` before n8n gets it.
 */
async function watchingProxy(
	target: string,
	hooks: { onPost(body: Buffer, key: string | undefined): Promise<void>; onAnswer(status: number, body: string): Promise<void> },
) {
	const posts: Array<{ key: string | undefined; status: number; code?: string }> = [];
	const server: Server = createServer((incoming: IncomingMessage, outgoing) => {
		const chunks: Buffer[] = [];
		incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
		incoming.on('end', () => void forward(Buffer.concat(chunks)));
		async function forward(body: Buffer) {
			const key = incoming.headers['idempotency-key'] as string | undefined;
			if (incoming.method === 'POST') await hooks.onPost(body, key);
			const answer = await fetch(new URL(incoming.url!, target), {
				method: incoming.method,
				headers: Object.fromEntries(Object.entries(incoming.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name))) as Record<string, string>,
				body: incoming.method === 'GET' || incoming.method === 'HEAD' ? undefined : body,
			});
			const text = await answer.text();
			if (incoming.method === 'POST') {
				posts.push({ key, status: answer.status, code: answer.status >= 400 ? (JSON.parse(text) as { error: { code: string } }).error.code : undefined });
				await hooks.onAnswer(answer.status, text);
			}
			outgoing.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(text);
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		posts,
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

	/*
	 * An earlier try of the item (its answer lost on the way) committed its work but has not kept its
	 * answer yet: the engine answers the item's next try 409 idempotency_key_in_progress until it has.
	 * The row is put in that state from outside, the moment the engine is in it between a commit and
	 * the answer's, so that the test does not depend on winning a race.
	 */
	async function itemWhoseEarlierTryIsFinishing(name: string, keepAnswerAfter409s: number) {
		const outside = await openDatabase(t.dataDir);
		let kept: { status: number; answer: string } | undefined;
		let conflicts = 0;
		const proxy = await watchingProxy(t.engine.url, {
			async onPost(body, key) {
				if (kept || !key) return;
				// The earlier try: the same request with the same key, straight to the engine.
				const earlier = await t.api.request('POST', '/workflows', { body, headers: { 'content-type': 'application/json', 'Idempotency-Key': key } });
				expect(earlier.status).toBe(201);
				[kept] = await outside.all<{ status: number; answer: string }>('select status, answer from idempotency_keys where key = ?', [key]);
				await outside.run("update idempotency_keys set state = 'committed', status = null, answer = null where key = ?", [key]);
			},
			async onAnswer(status, text) {
				if (status !== 409 || !text.includes('idempotency_key_in_progress')) return;
				conflicts += 1;
				if (conflicts === keepAnswerAfter409s) {
					await outside.run("update idempotency_keys set state = 'done', status = ?, answer = ? where state = 'committed' and status is null", [kept!.status, kept!.answer]);
				}
			},
		});
		const credentials: ICredentialDataDecryptedObject = { mode: 'remote', url: proxy.url, apiKey: t.api.apiKey! };
		const started = Date.now();
		const run = await runSignflowNode({ resource: 'workflow', operation: 'add', name, additionalFields: {} }, credentials, [{ json: {} }]);
		const waitedMs = Date.now() - started;
		await proxy.close();
		await outside.close();
		return { run, posts: proxy.posts, waitedMs };
	}

	it('waits for the answer of an earlier try the engine is still finishing, and outputs it: one signing workflow', async () => {
		const name = 'Contrat de travail – Zoë Déjà-vu ⏳';
		const { run, posts } = await itemWhoseEarlierTryIsFinishing(name, 2);
		expect(run.error).toBeUndefined();
		expect(posts.map((post) => post.code ?? post.status)).toEqual(['idempotency_key_in_progress', 'idempotency_key_in_progress', 201]);
		expect(new Set(posts.map((post) => post.key)).size).toBe(1);
		const created = await workflowsNamed(name);
		expect(created).toHaveLength(1);
		expect(run.items[0].json.id).toBe(created[0].id);
	});

	it('gives up after a while when the earlier try never keeps its answer, and says so', async () => {
		const name = 'Договор – מסמך שנתקע 🧊';
		const { run, posts, waitedMs } = await itemWhoseEarlierTryIsFinishing(name, Number.POSITIVE_INFINITY);
		expect(run.error?.message).toMatch(/still being processed/);
		expect((run.error as { description?: string } | undefined)?.description).toMatch(/idempotency_key_in_progress/);
		expect(posts.length).toBeGreaterThan(3);
		expect(posts.every((post) => post.code === 'idempotency_key_in_progress')).toBe(true);
		expect(waitedMs).toBeGreaterThanOrEqual(10_000);
		expect(await workflowsNamed(name)).toHaveLength(1);
	}, 60_000);
});
