import { readFileSync } from 'node:fs';
import { configureUntrustedParsers, DEFAULT_PARSER_LIMITS } from '../../engine/pdf/parserPool';
import { ApiClient } from '../helpers/engine/apiClient';
import { runCli, spawnEngine, type EngineProcess } from '../helpers/engine/cli';
import { startTestEngine, tempDataDir, type TestEngine } from '../helpers/engine/engine';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { objectStreamBomb } from '../helpers/pdf/hostilePdfs';

/*
 * Hostile uploads against the built engine in its own process (as `npm
 * start` runs it), where its memory can be read: a decompression bomb must be
 * refused in seconds with a clear code, while the API keeps answering.
 */

/** Peak and current resident memory of a process, in MB (Linux). */
function memory(pid: number): { peakMb: number; rssMb: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)![1]);
	return { peakMb: Math.round(kb('VmHWM') / 1024), rssMb: Math.round(kb('VmRSS') / 1024) };
}

/** Polls /healthz until `done` settles; returns the slowest answer in ms. */
async function worstHealthLatency(url: string, done: Promise<unknown>): Promise<number> {
	let finished = false;
	void done.finally(() => (finished = true));
	let worst = 0;
	while (!finished) {
		const started = performance.now();
		const response = await fetch(`${url}/healthz`);
		await response.arrayBuffer();
		worst = Math.max(worst, performance.now() - started);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return worst;
}

describe('a decompression bomb uploaded to Add File', () => {
	const dataDir = tempDataDir('bomb');
	let engine: EngineProcess;
	let api: ApiClient;

	beforeAll(async () => {
		const { apiKey } = JSON.parse((await runCli(['org', 'create', '--name', 'Bomb Squad', '--json', '--data', dataDir])).stdout);
		engine = await spawnEngine(['--data', dataDir]);
		api = new ApiClient(engine.url, apiKey);
	}, 60_000);

	afterAll(async () => {
		engine?.child.kill('SIGTERM');
		await engine?.exited;
	});

	it.each([
		['1 GB behind 1 MB', 1024],
		['3 GB behind 3 MB', 3072],
	])('%s: 422 file_too_complex in seconds, memory bounded, the API answering throughout', async (_label, inflatedMb) => {
		const bomb = await objectStreamBomb(inflatedMb);
		const workflow = (await api.post('/workflows', { name: 'Contrat de travail – Zoë' })).body;
		const before = memory(engine.child.pid!);
		const started = performance.now();
		const upload = api.upload(workflow.id, 'bombe.pdf', bomb);
		const worstMs = await worstHealthLatency(engine.url, upload);
		const response = await upload;
		const seconds = (performance.now() - started) / 1000;
		const after = memory(engine.child.pid!);
		console.log(
			`bomb ${inflatedMb} MB inflated in a ${(bomb.length / 1024 / 1024).toFixed(1)} MB file: ${response.status} in ${seconds.toFixed(1)} s, ` +
				`worst /healthz ${worstMs.toFixed(0)} ms, peak RSS ${before.peakMb} -> ${after.peakMb} MB`,
		);
		expect({ status: response.status, code: response.body.error?.code }).toEqual({ status: 422, code: 'file_too_complex' });
		expect(response.body.error.message).toMatch(/too complex/);
		expect(seconds).toBeLessThan(20);
		expect(worstMs).toBeLessThan(1000);
		expect(after.peakMb - before.peakMb).toBeLessThan(400);
		// Nothing half-written: the draft has no file.
		expect((await api.get(`/workflows/${workflow.id}`)).body.files).toEqual([]);
	}, 120_000);

	it('still takes ordinary PDFs afterwards, and stops promptly on SIGTERM', async () => {
		const workflow = (await api.post('/workflows', { name: 'Offer – 李雷' })).body;
		expect((await api.upload(workflow.id, 'offer.pdf', fixturePdf('pages-500.pdf'))).status).toBe(201);
	}, 60_000);
});

describe('the parser deadline', () => {
	let t: TestEngine;

	beforeAll(async () => {
		t = await startTestEngine();
	});

	afterAll(async () => {
		configureUntrustedParsers(DEFAULT_PARSER_LIMITS);
		await t.destroy();
	});

	it('ends a parse that runs past it: 422 file_too_complex, and the next upload works', async () => {
		const workflow = (await t.api.post('/workflows', { name: 'Deadline' })).body;
		configureUntrustedParsers({ timeoutMs: 1 });
		const late = await t.api.upload(workflow.id, 'big.pdf', fixturePdf('pages-500.pdf'));
		expect({ status: late.status, code: late.body.error?.code }).toEqual({ status: 422, code: 'file_too_complex' });
		expect(late.body.error.message).toMatch(/took longer than/);
		configureUntrustedParsers(DEFAULT_PARSER_LIMITS);
		expect((await t.api.upload(workflow.id, 'big.pdf', fixturePdf('pages-500.pdf'))).status).toBe(201);
	}, 60_000);
});
