// The signer's page on a phone over a slow link: bytes on the wire for a first load, and the time from
// navigation to the first PDF page drawn (the page marks it: `.page[data-rendered="true"]`, set once the
// canvas is rendered and the fields are placed), in Debian's Chromium with DevTools network emulation
// (9 Mbit/s down, 150 ms RTT, phone viewport, cache disabled, a fresh browser context per load).
//
// Floor, in the same run, interleaved: a bare node:http server answering the same URLs with the same
// bytes (the page's HTML as the engine rendered it, the assets, the document), every one precompressed
// with brotli at quality 11 and sent as it is: no engine work. It learns those bytes from the engine in
// a warm-up load before any measured one.
//
// Both servers sit behind a byte-counting TCP relay, so every byte the browser receives counts, headers
// and the pdf.js worker included. BENCH_SIGNING_PAGE_RUNS=1 for a quick run (default 3, medians).
// SIGNFLOW_BENCH_CLI=<another build's dist/engine/cli.js> measures another build (before/after).
// BENCH_DEBUG=1 prints each load's resource timings (start, first byte, end, bytes, URL).
'use strict';
const { existsSync, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { createHash } = require('node:crypto');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const { launchChromium, PHONE } = require('../test/e2e/support/browser');
const { createOrganization, serve } = require('./engineProcess');
const { median, record } = require('./report');

const CLI = process.env.SIGNFLOW_BENCH_CLI ?? path.join(__dirname, '../dist/engine/cli.js');
const RUNS = Number(process.env.BENCH_SIGNING_PAGE_RUNS ?? 3);
const PDF = readFileSync(path.join(__dirname, '../test/fixtures/pdf/a4-1page.pdf'));
const COMPRESSED_CACHE = path.join(__dirname, '../node_modules/.cache/signflow-signing-assets');
/** DevTools network emulation: a phone on a fair mobile link. */
const LINK = { offline: false, latency: 150, downloadThroughput: (9_000_000 / 8) | 0, uploadThroughput: (3_000_000 / 8) | 0 };
/** The page has finished loading once no byte has moved for this long after the first page is drawn. */
const QUIET_MS = 750;

function startEngine(dataDir) {
	return serve(['--data', dataDir], { env: { SIGNFLOW_LOG_LEVEL: 'warn' }, cli: CLI });
}

/** A workflow with a 1-page PDF sent to one signer with a signature field; the signer's link. */
async function sentWorkflow(engineUrl, apiKey) {
	const call = async (method, route, body) => {
		const response = await fetch(`${engineUrl}/api/v1${route}`, {
			method,
			headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const json = await response.json();
		if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${JSON.stringify(json)}`);
		return json;
	};
	const workflow = await call('POST', '/workflows', { name: 'Contrat de travail – Zoë Ångström', message: 'Merci de signer avant vendredi.' });
	const file = await call('POST', `/workflows/${workflow.id}/files`, { name: 'contrat.pdf', contentBase64: PDF.toString('base64') });
	const signer = await call('POST', `/workflows/${workflow.id}/signers`, { name: 'Zoë Ångström', email: 'zoe@example.com' });
	await call('POST', `/workflows/${workflow.id}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 72, y: 100 });
	const sent = await call('POST', `/workflows/${workflow.id}/send`);
	return new URL(sent.signers[0].signingUrl).pathname;
}

/** A TCP relay to `target` that counts the bytes the server sends back. */
function startCountingRelay(target) {
	const { hostname, port } = new URL(target);
	const relay = { received: 0, lastByteAt: 0, sockets: new Set() };
	relay.server = net.createServer((client) => {
		const upstream = net.connect(Number(port), hostname);
		relay.sockets.add(client).add(upstream);
		upstream.on('data', (chunk) => {
			relay.received += chunk.length;
			relay.lastByteAt = performance.now();
		});
		client.pipe(upstream).pipe(client);
		const close = () => {
			client.destroy();
			upstream.destroy();
			relay.sockets.delete(client);
			relay.sockets.delete(upstream);
		};
		client.on('error', close).on('close', close);
		upstream.on('error', close).on('close', close);
	});
	return new Promise((resolve) =>
		relay.server.listen(0, '127.0.0.1', () => {
			relay.url = `http://127.0.0.1:${relay.server.address().port}`;
			resolve(relay);
		}),
	);
}

const digestOf = (bytes) => createHash('sha256').update(bytes).digest('base64url');

/** Brotli at quality 11, from the build's cache of compressed copies when it has these bytes. */
function brotli(bytes) {
	const cached = path.join(COMPRESSED_CACHE, `${digestOf(bytes)}.br`);
	if (existsSync(cached)) return readFileSync(cached);
	return zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
}

/**
 * The floor: answers every URL it has learnt with the engine's bytes, precompressed with brotli. While
 * learning (the warm-up load), a GET it does not know yet is fetched once from the engine (uncompressed,
 * with the browser's cookie) and kept; a POST (the page saying it shows the document) answers {"ok":true}.
 */
function startFloor(engineUrl) {
	const known = new Map();
	const floor = { learning: true };
	const learn = async (request) => {
		const response = await fetch(engineUrl + request.url, { headers: { 'accept-encoding': 'identity', cookie: request.headers.cookie ?? '' }, redirect: 'manual' });
		const bytes = Buffer.from(await response.arrayBuffer());
		const compressed = brotli(bytes);
		const smaller = compressed.length < bytes.length;
		return { status: response.status, type: response.headers.get('content-type') ?? 'application/octet-stream', body: smaller ? compressed : bytes, br: smaller };
	};
	floor.server = http.createServer(async (request, response) => {
		if (request.method === 'POST') {
			request.resume();
			response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': 11 });
			response.end('{"ok":true}');
			return;
		}
		let answer = known.get(request.url);
		if (!answer && floor.learning) {
			answer = await learn(request);
			known.set(request.url, answer);
		}
		if (!answer) {
			response.writeHead(404, { 'content-length': 0 });
			response.end();
			return;
		}
		response.writeHead(answer.status, { 'content-type': answer.type, 'content-length': answer.body.length, ...(answer.br ? { 'content-encoding': 'br' } : {}) });
		response.end(answer.body);
	});
	return new Promise((resolve) => floor.server.listen(0, '127.0.0.1', () => resolve({ ...floor, url: `http://127.0.0.1:${floor.server.address().port}`, known })));
}

/** One first load of the page through a relay: bytes received and ms from navigation to the first page drawn. */
async function firstLoad(browser, relay, pagePath, { throttled = true } = {}) {
	const context = await browser.newContext(PHONE);
	try {
		const page = await context.newPage();
		const errors = [];
		page.on('pageerror', (error) => errors.push(error.message));
		page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
		// Kept by the page itself when the first page is drawn, so polling from here adds nothing to the figure.
		await page.addInitScript(() => {
			const observer = new MutationObserver(() => {
				if (!document.querySelector('.page[data-rendered="true"]')) return;
				globalThis.__firstPageDrawn = performance.now();
				observer.disconnect();
			});
			observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-rendered'] });
		});
		const cdp = await context.newCDPSession(page);
		await cdp.send('Network.enable');
		await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
		if (throttled) await cdp.send('Network.emulateNetworkConditions', LINK);
		const before = relay.received;
		await page.goto(relay.url + pagePath, { waitUntil: 'commit' });
		await page.waitForFunction(() => globalThis.__firstPageDrawn !== undefined, null, { timeout: 60_000, polling: 100 });
		const drawnMs = await page.evaluate(() => globalThis.__firstPageDrawn);
		if (process.env.BENCH_DEBUG)
			console.log(
				await page.evaluate(() =>
					[performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')]
						.map((e) => `${e.startTime.toFixed(0).padStart(5)} ${e.responseStart.toFixed(0).padStart(5)} ${e.responseEnd.toFixed(0).padStart(5)} ${String(e.encodedBodySize).padStart(8)} ${e.name.slice(-50)}`)
						.join('\n'),
				),
			);
		// What the page still loads after the first page (fonts, the view record) counts towards the first load too.
		await new Promise((resolve) => {
			const check = () => (performance.now() - relay.lastByteAt >= QUIET_MS ? resolve() : setTimeout(check, 100));
			check();
		});
		if (errors.length) throw new Error(`the page reported errors: ${errors.join('; ')}`);
		return { bytes: relay.received - before, drawnMs };
	} finally {
		await context.close();
	}
}

module.exports = async function signingPageBench() {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'signflow-bench-page-'));
	let engine;
	let browser;
	const servers = [];
	const relays = [];
	try {
		const apiKey = await createOrganization(['--data', dataDir], 'Bench Ångström', {}, CLI);
		engine = await startEngine(dataDir);
		const pagePath = await sentWorkflow(engine.url, apiKey);
		const floor = await startFloor(engine.url);
		const ours = await startCountingRelay(engine.url);
		const bare = await startCountingRelay(floor.url);
		servers.push(floor.server, ours.server, bare.server);
		relays.push(ours, bare);
		browser = await launchChromium();

		// Warm-up, unmeasured and unthrottled: the engine loads its files, the floor learns every URL of the page.
		await firstLoad(browser, ours, pagePath, { throttled: false });
		await firstLoad(browser, bare, pagePath, { throttled: false });
		floor.learning = false;
		console.log(`floor learnt ${floor.known.size} URLs from the engine`);

		const results = { ours: [], floor: [] };
		for (let run = 0; run < RUNS; run += 1) {
			// Interleaved, the order alternating, so drift on a busy machine falls on both alike.
			const order = run % 2 === 0 ? ['ours', 'floor'] : ['floor', 'ours'];
			for (const which of order) {
				const result = await firstLoad(browser, which === 'ours' ? ours : bare, pagePath);
				results[which].push(result);
				console.log(`run ${run + 1} ${which.padEnd(5)} ${(result.bytes / 1024).toFixed(0).padStart(5)} KB  first page drawn ${result.drawnMs.toFixed(0)} ms`);
			}
		}
		const bytes = (which) => median(results[which].map((result) => result.bytes)) / 1024;
		const drawn = (which) => median(results[which].map((result) => result.drawnMs));
		const note = `median of ${RUNS}, phone, 9 Mbit/s, 150 ms RTT`;
		record({ path: 'signing page bytes, first load', ours: bytes('ours'), floor: bytes('floor'), unit: 'KB', better: 'lower', target: 1.3, note });
		record({ path: 'navigation to first page drawn', ours: drawn('ours'), floor: drawn('floor'), unit: 'ms', better: 'lower', target: 1.3, note });
	} finally {
		await browser?.close();
		for (const server of servers) server.close();
		for (const relay of relays) for (const socket of relay.sockets) socket.destroy();
		await engine?.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
};
