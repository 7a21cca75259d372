import type { ApiResponse } from '../helpers/engine/apiClient';
import { createReadyDraft } from '../helpers/engine/drafts';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { until } from '../helpers/waits';

/*
 * Rate limits at the HTTP edge: the signing pages per IP and per link, the
 * API per key (per IP without a valid key). Limits are lowered here; the
 * defaults are far above what the test suite and n8n flows send.
 */

function expectRateLimited(response: ApiResponse, windowSeconds: number): void {
	expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status: 429, code: 'rate_limited' });
	expect(response.body.error.message).toMatch(/retry/i);
	const retryAfter = Number(response.headers.get('retry-after'));
	expect(retryAfter).toBeGreaterThanOrEqual(1);
	expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
}

async function sequentially<T>(count: number, call: (index: number) => Promise<T>): Promise<T[]> {
	const results: T[] = [];
	for (let index = 0; index < count; index += 1) results.push(await call(index));
	return results;
}

/** The statuses of `count` requests made one after the other. */
const statusesOf = (count: number, request: (index: number) => Promise<ApiResponse>) =>
	sequentially(count, (index) => request(index).then((response) => response.status));

/** An engine with these limits for the tests of the enclosing describe block. */
function engineWithLimits(limits: Parameters<typeof startTestEngine>[0]): () => TestEngine {
	let t: TestEngine | undefined;
	beforeAll(async () => {
		t = await startTestEngine(limits);
	});
	afterAll(() => t?.destroy());
	return () => t!;
}

async function sentLinks(t: TestEngine, name: string): Promise<string[]> {
	const draft = await createReadyDraft(t.api, name);
	const sent = await t.api.post(`/workflows/${draft.workflowId}/send`);
	expect(sent.status).toBe(200);
	return sent.body.signers.map((signer: { signingUrl: string }) => signer.signingUrl);
}

describe('signing pages', () => {
	const engine = engineWithLimits({ rateLimitSigningPerToken: 5, rateLimitSigningPerIp: 12 });

	it('limits each link, then each IP, answering 429 with Retry-After and the error body', async () => {
		const t = engine();
		const [first, second] = await sentLinks(t, 'Lettre d\u2019offre \u2013 Zu\u0308rich');
		const ann = new SignerClient(first);
		const statuses = await statusesOf(5, () => ann.session());
		expect(statuses).toEqual([200, 200, 200, 200, 200]);
		expectRateLimited(await ann.session(), 60);
		expectRateLimited(await ann.page(), 60);

		// Another link from the same IP still works, until the IP's own limit.
		const bob = new SignerClient(second);
		expect((await bob.session()).status).toBe(200);
		// 8 requests from this IP so far (the two refused count too); 4 more reach its limit of 12.
		const more = await statusesOf(4, (index) => new SignerClient(`${t.engine.url}/sign/${'x'.repeat(42)}${index}`).session());
		expect(more).toEqual([404, 404, 404, 404]);
		expectRateLimited(await new SignerClient(`${t.engine.url}/sign/${'y'.repeat(43)}`).session(), 60);
		expectRateLimited(await bob.session(), 60);
	});
});

describe('the API', () => {
	const engine = engineWithLimits({ rateLimitApiPerKey: 8, rateLimitApiPerIp: 3 });

	it('limits each key, answering 429 with Retry-After and the error body; other keys are not affected', async () => {
		const t = engine();
		const { api: other } = await t.newOrganization('\u0634\u0631\u0643\u0629 \u0627\u0644\u0645\u062B\u0627\u0644');
		const statuses = await statusesOf(8, () => t.api.get('/me'));
		expect(statuses).toEqual(Array(8).fill(200));
		expectRateLimited(await t.api.get('/me'), 60);
		expectRateLimited(await t.api.post('/workflows', { name: 'Refused' }), 60);
		expect((await other.get('/me')).status).toBe(200);
	});

	it('limits requests without a valid key per IP', async () => {
		const t = engine();
		const nobody = t.api.withKey(null);
		const forged = t.api.withKey('sf_live_forged-key-that-does-not-exist');
		expect((await nobody.get('/me')).status).toBe(401);
		expect((await forged.get('/me')).status).toBe(401);
		expect((await nobody.post('/workflows', { name: 'x' })).status).toBe(401);
		expectRateLimited(await forged.get('/me'), 60);
		expectRateLimited(await nobody.get('/workflows'), 60);
	});
});

describe('the window', () => {
	const engine = engineWithLimits({ rateLimitApiPerKey: 2, rateLimitWindowMs: 1500 });

	it('lets a limited key through again once its window is over', async () => {
		const t = engine();
		await t.api.get('/me');
		await t.api.get('/me');
		expectRateLimited(await t.api.get('/me'), 2);
		const again = await until(
			() => new Promise<ApiResponse>((resolve) => setTimeout(() => resolve(t.api.get('/me')), 250)),
			(response) => response.status === 200,
			15_000,
		);
		expect(again.status).toBe(200);
	});
});

describe('limits set to 0', () => {
	const engine = engineWithLimits({ rateLimitApiPerKey: 0, rateLimitSigningPerToken: 0, rateLimitSigningPerIp: 0, rateLimitWindowMs: 60_000 });

	it('are off', async () => {
		const t = engine();
		const [link] = await sentLinks(t, 'Unlimited');
		const signer = new SignerClient(link);
		const api = await statusesOf(30, () => t.api.get('/me'));
		const signing = await statusesOf(30, () => signer.session());
		expect(new Set([...api, ...signing])).toEqual(new Set([200]));
	});
});
