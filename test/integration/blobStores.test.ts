import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { sha256Hex } from '../../engine/store/blobStore';
import { ApiClient } from '../helpers/engine/apiClient';
import { blobStored, rowsNamingMissingBlobs } from '../helpers/engine/blobs';
import { runCli, spawnEngine, type EngineProcess } from '../helpers/engine/cli';
import { withDatabase } from '../helpers/engine/database';
import { startTestEngine, tempDataDir, type TestEngine } from '../helpers/engine/engine';
import { TEST_DB } from '../helpers/engine/testDatabase';
import { largePdf } from '../helpers/pdf/largePdf';

const MB = 1024 * 1024;

/** JavaScript heap and buffers: where a blob's bytes live while a request handles them. */
function heapAndBuffers(): number {
	const { heapUsed, arrayBuffers } = process.memoryUsage();
	return heapUsed + arrayBuffers;
}

/** How far this process's heap and buffers (engine and client both) rose while `work` ran, sampled. */
async function peakRise<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number; ms: number }> {
	const before = heapAndBuffers();
	let peak = before;
	const sampler = setInterval(() => (peak = Math.max(peak, heapAndBuffers())), 2);
	const started = performance.now();
	try {
		const result = await work();
		return { result, peakMb: Math.round((peak - before) / MB), ms: Math.round(performance.now() - started) };
	} finally {
		clearInterval(sampler);
	}
}

describe(`blobs on ${TEST_DB}`, () => {
	let t: TestEngine;
	beforeAll(async () => {
		t = await startTestEngine({ maxFileBytes: 30 * MB });
	});
	afterAll(() => t?.destroy());

	it('takes a 25 MB PDF and gives the same bytes back', async () => {
		const pdf = await largePdf(25 * MB);
		const workflowId = (await t.api.post('/workflows', { name: 'Plans de la maison – Zoë 設計図' })).body.id as string;
		const upload = await peakRise(() => t.api.upload(workflowId, 'plans-Zoë.pdf', pdf));
		expect(upload.result.status).toBe(201);
		expect(upload.result.body).toMatchObject({ sha256: sha256Hex(pdf), size: pdf.length });
		expect(await blobStored(t.dataDir, sha256Hex(pdf))).toBe(true);
		const download = await peakRise(() => t.api.get(`/workflows/${workflowId}/files/${upload.result.body.id}/content`));
		expect(download.result.status).toBe(200);
		expect(download.result.bytes.equals(pdf)).toBe(true);
		const stored = await peakRise(() => t.engine.blobs.get(sha256Hex(pdf)));
		expect(stored.result.equals(pdf)).toBe(true);
		const other = randomBytes(25 * MB);
		const written = await peakRise(() => t.engine.blobs.put(other));
		expect((await t.engine.blobs.get(written.result)).equals(other)).toBe(true);
		// The figures for the record (bench/ has none for blobs yet): time, and the rise of heap and buffers.
		console.log(
			`25 MB on ${TEST_DB}: API upload ${upload.ms} ms (+${upload.peakMb} MB), API download ${download.ms} ms (+${download.peakMb} MB), ` +
				`blob store write ${written.ms} ms (+${written.peakMb} MB), read ${stored.ms} ms (+${stored.peakMb} MB)`,
		);
	}, 120_000);
});

describe(`an upload killed on ${TEST_DB} while its blob is being written`, () => {
	const dataDir = tempDataDir('killed-upload');
	let engine: EngineProcess | undefined;
	afterAll(async () => {
		if (engine && engine.child.exitCode === null && engine.child.signalCode === null) {
			engine.child.kill('SIGKILL');
			await engine.exited;
		}
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('leaves no row naming a missing blob, and the same upload then succeeds', async () => {
		const { apiKey } = JSON.parse((await runCli(['org', 'create', '--name', 'Kill Co – Ørsted', '--json', '--data', dataDir])).stdout);
		// Over one 1 MB chunk: the PostgreSQL store dies between two chunks, the disk store before its rename.
		const pdf = await largePdf(3 * MB);
		const sha256 = sha256Hex(pdf);
		const doomed = await spawnEngine(['--data', dataDir], { SIGNFLOW_FAILPOINT: 'blobs:mid-put' });
		engine = doomed;
		const workflowId = (await new ApiClient(doomed.url, apiKey).post('/workflows', { name: 'Contrat – مرحبا' })).body.id as string;
		await expect(new ApiClient(doomed.url, apiKey).upload(workflowId, 'contrat.pdf', pdf)).rejects.toThrow();
		expect(await doomed.exited).toMatchObject({ signal: 'SIGKILL' });

		expect(await blobStored(dataDir, sha256)).toBe(false);
		const files = await withDatabase(dataDir, (database) => database.all('select id from files where workflow_id = ?', [workflowId]));
		expect(files).toEqual([]);
		if (TEST_DB === 'postgres') {
			const chunks = await withDatabase(dataDir, (database) => database.all('select seq from blob_chunks where sha256 = ?', [sha256]));
			expect(chunks).toEqual([]);
		}
		expect(await rowsNamingMissingBlobs(dataDir)).toEqual([]);

		engine = await spawnEngine(['--data', dataDir]);
		const api = new ApiClient(engine.url, apiKey);
		const file = await api.upload(workflowId, 'contrat.pdf', pdf);
		expect(file.status).toBe(201);
		expect((await api.get(`/workflows/${workflowId}/files/${file.body.id}/content`)).bytes.equals(pdf)).toBe(true);
		expect(await rowsNamingMissingBlobs(dataDir)).toEqual([]);
		engine.child.kill('SIGTERM');
		await engine.exited;
	}, 120_000);
});
