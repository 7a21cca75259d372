import { rmSync } from 'node:fs';
import { ApiClient } from '../helpers/engine/apiClient';
import { runCli, spawnEngine, type EngineProcess } from '../helpers/engine/cli';
import { tempDataDir } from '../helpers/engine/engine';
import { answerBody, rawRequest, residentBytes } from '../helpers/rawHttp';

/*
 * What an attacker without a key can do to the engine's HTTP edge, against
 * `signflow serve` in its own process (its memory is measured from /proc).
 */

const MB = 1024 * 1024;
const MISSING = '0190f0f0-0000-7000-8000-000000000000';

async function stopEngine(engine: EngineProcess | undefined): Promise<void> {
	if (!engine) return;
	engine.child.kill('SIGTERM');
	await engine.exited;
}

describe('an unauthenticated body is refused before it is read', () => {
	const dataDir = tempDataDir('large-bodies');
	let engine: EngineProcess;
	beforeAll(async () => {
		engine = await spawnEngine(['--data', dataDir]);
	});
	afterAll(async () => {
		await stopEngine(engine);
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('answers twenty 33 MB uploads without a valid key with 401 while they are still being sent, and memory stays flat', async () => {
		const BODY_BYTES = 33 * MB; // under AddFile's body limit (25 MB of PDF as base64)
		const pid = engine.child.pid!;
		// Warm up what any first request loads, so that only the bodies' cost is measured.
		expect((await fetch(`${engine.url}/healthz`)).status).toBe(200);
		const warmUp = await fetch(`${engine.url}/api/v1/workflows/${MISSING}/files`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
		expect(warmUp.status).toBe(401);
		const before = residentBytes(pid);
		let peak = before;
		const sampler = setInterval(() => (peak = Math.max(peak, residentBytes(pid))), 20);
		const prefix = Buffer.from('{"name":"offre d\u2019emploi \u2013 Zu\u0308rich.pdf","contentBase64":"');
		const filler = Buffer.alloc(MB, 'A');
		let exchanges;
		try {
			exchanges = await Promise.all(
				Array.from({ length: 20 }, (_, index) =>
					rawRequest({
						url: engine.url,
						method: 'POST',
						path: `/api/v1/workflows/${MISSING}/files`,
						headers: { 'content-type': 'application/json', ...(index % 2 ? { authorization: 'Bearer sf_live_not-a-real-key' } : {}) },
						contentLength: BODY_BYTES,
						piece: (offset) => {
							if (offset === 0) return Buffer.concat([prefix, filler]);
							const remaining = BODY_BYTES - offset;
							return remaining > MB ? filler : Buffer.concat([filler.subarray(0, remaining - 2), Buffer.from('"}')]);
						},
						timeoutMs: 120_000,
					}),
				),
			);
		} finally {
			clearInterval(sampler);
		}
		peak = Math.max(peak, residentBytes(pid));
		expect(Math.round((peak - before) / MB)).toBeLessThan(32);
		expect(
			exchanges.map((exchange) => ({
				status: exchange.status,
				code: answerBody(exchange)?.error?.code,
				// The answer came while most of the body was still unsent.
				answeredEarly: exchange.sentWhenAnswered >= 0 && exchange.sentWhenAnswered < BODY_BYTES / 2,
			})),
		).toEqual(exchanges.map((_, index) => ({ status: 401, code: index % 2 ? 'invalid_api_key' : 'missing_api_key', answeredEarly: true })));
	}, 180_000);

	it('answers a signature body for a link that does not exist with 404 while it is still being sent', async () => {
		const BODY_BYTES = 7 * MB; // under the 8 MB a signature may take
		const prefix = Buffer.from('{"consent":true,"values":{"x":{"type":"drawn","pngBase64":"');
		const filler = Buffer.alloc(MB, 'A');
		const exchanges = await Promise.all(
			Array.from({ length: 5 }, () =>
				rawRequest({
					url: engine.url,
					method: 'POST',
					path: `/sign/${'Q'.repeat(43)}/sign`,
					headers: { 'content-type': 'application/json' },
					contentLength: BODY_BYTES,
					piece: (offset) => {
						if (offset === 0) return Buffer.concat([prefix, filler]);
						const remaining = BODY_BYTES - offset;
						return remaining > MB ? filler : Buffer.concat([filler.subarray(0, remaining - 4), Buffer.from('"}}}')]);
					},
					// Paced, so that the kernel's socket buffers do not swallow most of the body at once.
					pauseMs: 50,
					timeoutMs: 60_000,
				}),
			),
		);
		expect(
			exchanges.map((exchange) => ({
				status: exchange.status,
				code: answerBody(exchange)?.error?.code,
				answeredEarly: exchange.sentWhenAnswered >= 0 && exchange.sentWhenAnswered < BODY_BYTES / 2,
			})),
		).toEqual(exchanges.map(() => ({ status: 404, code: 'link_invalid', answeredEarly: true })));
	}, 120_000);
});

describe('slow clients are cut off', () => {
	const dataDir = tempDataDir('slow-clients');
	let engine: EngineProcess;
	let apiKey: string;
	beforeAll(async () => {
		apiKey = JSON.parse((await runCli(['org', 'create', '--name', 'Slow Co', '--json', '--data', dataDir])).stdout).apiKey;
		engine = await spawnEngine(['--data', dataDir], { SIGNFLOW_REQUEST_TIMEOUT_S: '1.5' });
	});
	afterAll(async () => {
		await stopEngine(engine);
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('closes twenty drip-fed bodies once the request timeout is over, and serves others meanwhile', async () => {
		const dripping = Promise.all(
			Array.from({ length: 20 }, () =>
				rawRequest({
					url: engine.url,
					method: 'POST',
					path: '/api/v1/workflows',
					headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
					contentLength: 200,
					piece: (offset) => Buffer.from(offset === 0 ? '{' : ' '),
					pauseMs: 250,
					timeoutMs: 25_000,
				}),
			),
		);
		const api = new ApiClient(engine.url, apiKey);
		expect((await api.post('/workflows', { name: 'Contrat \u2013 \u6771\u4EAC' })).status).toBe(201);
		for (const exchange of await dripping) {
			expect(exchange.closedAfterMs).not.toBeNull();
			expect(exchange.closedAfterMs).toBeGreaterThanOrEqual(1_000);
			expect(exchange.closedAfterMs).toBeLessThan(12_000);
			expect(exchange.sent).toBeLessThan(200);
			expect([408, null]).toContain(exchange.status);
		}
		expect((await api.get('/me')).status).toBe(200);
	}, 60_000);

	it('closes a connection whose headers never end', async () => {
		const exchange = await rawRequest({
			url: engine.url,
			method: 'GET',
			path: '/api/v1/me',
			headers: { authorization: `Bearer ${apiKey}`, 'x-slow': 'a'.repeat(10) },
			// A header line without its end: the request never gets past its headers.
			contentLength: 0,
			piece: () => Buffer.alloc(0),
			timeoutMs: 25_000,
			unfinishedHeaders: true,
		});
		// Node answers 408 and closes.
		expect(exchange.status === 408 || exchange.closedAfterMs !== null).toBe(true);
		expect(exchange.answeredAfterMs ?? exchange.closedAfterMs).toBeLessThan(12_000);
	}, 60_000);
});
