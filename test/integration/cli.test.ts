import { rmSync } from 'node:fs';
import { ApiClient } from '../helpers/engine/apiClient';
import { runCli as run, spawnEngine } from '../helpers/engine/cli';
import { tempDataDir } from '../helpers/engine/engine';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { until } from '../helpers/waits';

describe('signflow CLI', () => {
	const dataDir = tempDataDir('cli');
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	it('migrates a new data folder', async () => {
		const result = await run(['migrate', '--data', dataDir]);
		expect(result.stderr).toBe('');
		expect(result).toMatchObject({ code: 0 });
		expect(result.stdout).toContain('up to date');
	});

	it('creates an organization and prints its id and a new API key as JSON', async () => {
		const result = await run(['org', 'create', '--name', 'Acme', '--json', '--data', dataDir]);
		expect(result.code).toBe(0);
		const printed = JSON.parse(result.stdout);
		expect(printed).toEqual({ organizationId: expect.any(String), name: 'Acme', apiKey: expect.stringMatching(/^sf_live_/) });
	});

	it('creates a test key with --test, whose workflows are test workflows', async () => {
		const org = JSON.parse((await run(['org', 'create', '--name', 'Bac à sable – 沙盒', '--json', '--data', dataDir])).stdout);
		const created = await run(['key', 'create', '--org', org.organizationId, '--name', 'n8n – Prüfung', '--test', '--json', '--data', dataDir]);
		expect(created.code).toBe(0);
		const key = JSON.parse(created.stdout);
		expect(key).toMatchObject({ mode: 'test', apiKey: expect.stringMatching(/^sf_test_/) });
		const engine = await spawnEngine(['--data', dataDir]);
		try {
			const api = new ApiClient(engine.url, key.apiKey);
			expect((await api.get('/me')).body.apiKey.mode).toBe('test');
			expect((await api.post('/workflows', { name: 'Essai' })).body.test).toBe(true);
			expect((await api.withKey(org.apiKey).post('/workflows', { name: 'Réel' })).body.test).toBe(false);
		} finally {
			engine.child.kill('SIGTERM');
			await engine.exited;
		}
	});

	it('creates another API key for an organization, lists its keys and revokes one, which the running engine then refuses', async () => {
		const org = JSON.parse((await run(['org', 'create', '--name', 'Schlüssel GmbH – 鍵', '--json', '--data', dataDir])).stdout);
		const created = await run(['key', 'create', '--org', org.organizationId, '--name', 'Zapier – Zoë 🔑', '--json', '--data', dataDir]);
		expect(created.code).toBe(0);
		const second = JSON.parse(created.stdout);
		expect(second).toMatchObject({ organizationId: org.organizationId, name: 'Zapier – Zoë 🔑', mode: 'live', apiKey: expect.stringMatching(/^sf_live_/) });
		const engine = await spawnEngine(['--data', dataDir]);
		try {
			const api = new ApiClient(engine.url, second.apiKey);
			expect((await api.get('/me')).status).toBe(200);
			const listed = await run(['key', 'list', '--org', org.organizationId, '--json', '--data', dataDir]);
			const keys = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
			expect(keys.map((entry) => [entry.name, entry.revokedAt])).toEqual([
				[expect.any(String), null],
				['Zapier – Zoë 🔑', null],
			]);
			// Neither the keys nor their hashes are printed.
			expect(listed.stdout).not.toContain(second.apiKey);
			expect(listed.stdout).not.toContain(org.apiKey);
			expect(listed.stdout).not.toMatch(/keyHash|key_hash|[0-9a-f]{64}/);
			const revoked = await run(['key', 'revoke', '--org', org.organizationId, '--id', second.id, '--data', dataDir]);
			expect(revoked.code).toBe(0);
			// The engine trusts a cached key for at most a second (caches.ts); the organization's first key keeps working.
			expect(await until(() => api.get('/me').then((response) => response.status), (status) => status === 401, 10_000)).toBe(401);
			expect((await api.withKey(org.apiKey).get('/me')).status).toBe(200);
			expect(JSON.parse((await run(['key', 'list', '--org', org.organizationId, '--json', '--data', dataDir])).stdout)[1].revokedAt).toEqual(expect.any(String));
		} finally {
			engine.child.kill('SIGTERM');
			await engine.exited;
		}
		const again = await run(['key', 'revoke', '--org', org.organizationId, '--id', second.id, '--data', dataDir]);
		expect(again).toMatchObject({ code: 1, stderr: expect.stringContaining(`No active key ${second.id}`) });
		const unknown = await run(['key', 'create', '--org', '01a23400-0000-7000-8000-000000000000', '--data', dataDir]);
		expect(unknown).toMatchObject({ code: 1, stderr: expect.stringContaining('No organization') });
		expect((await run(['key', 'create', '--data', dataDir])).stderr).toMatch(/--org/);
	});

	it('explains what is missing instead of failing obscurely', async () => {
		const noName = await run(['org', 'create', '--data', dataDir]);
		expect(noName.code).toBe(2);
		expect(noName.stderr).toMatch(/--name/);
		const unknown = await run(['frobnicate']);
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toMatch(/Unknown command "frobnicate"/);
		expect((await run(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
		expect((await run(['verify'])).code).toBe(2);
		// A setting read before the engine starts its workers: refused before anything starts.
		const heaps = await run(['serve', '--port', '0', '--worker-heaps', 'größer', '--data', dataDir], {}, { killAfterMs: 20_000 });
		expect(heaps).toMatchObject({ code: 2, stderr: expect.stringContaining('"roomy" (the default) or "lean", not "größer"') });
		const fromEnv = await run(['serve', '--port', '0', '--data', dataDir], { SIGNFLOW_WORKER_HEAPS: 'huge' }, { killAfterMs: 20_000 });
		expect(fromEnv).toMatchObject({ code: 2, stderr: expect.stringContaining('SIGNFLOW_WORKER_HEAPS') });
	});

	it('serves with lean worker heaps when told to (--worker-heaps lean)', async () => {
		const { apiKey } = JSON.parse((await run(['org', 'create', '--name', 'Schlank & Co – 精简', '--json', '--data', dataDir])).stdout);
		const engine = await spawnEngine(['--data', dataDir, '--worker-heaps', 'lean']);
		try {
			const api = new ApiClient(engine.url, apiKey);
			const workflow = await api.post('/workflows', { name: 'Zoë – مرحبا' });
			// An upload goes through a parser worker thread, started with V8's defaults.
			const file = await api.post(`/workflows/${workflow.body.id}/files`, { name: 'offer.pdf', contentBase64: fixturePdf('a4-1page.pdf').toString('base64') });
			expect(file.status).toBe(201);
			expect(file.body.pageCount).toBe(1);
		} finally {
			engine.child.kill('SIGTERM');
			await engine.exited;
		}
	});

	it('serves the API, then stops on SIGTERM after finishing requests in flight', async () => {
		const { apiKey } = JSON.parse((await run(['org', 'create', '--name', 'Serve Co', '--json', '--data', dataDir])).stdout);
		const engine = await spawnEngine(['--data', dataDir]);
		try {
			const api = new ApiClient(engine.url, apiKey);
			expect((await api.get('/me')).body.organization.name).toBe('Serve Co');
			const workflow = await api.post('/workflows', { name: 'In flight' });

			// A 500-page upload takes a moment to parse: SIGTERM arrives while it is in flight.
			const upload = api.upload(workflow.body.id, 'big.pdf', fixturePdf('pages-500.pdf'));
			await new Promise((resolve) => setTimeout(resolve, 30));
			engine.child.kill('SIGTERM');
			const response = await upload;
			expect(response.status).toBe(201);
			expect(response.body.pageCount).toBe(500);
			expect(await engine.exited).toEqual({ code: 0, signal: null });
		} finally {
			engine.child.kill('SIGKILL');
		}

		// What was accepted is there after the restart.
		const again = await spawnEngine(['--data', dataDir]);
		try {
			const api = new ApiClient(again.url, apiKey);
			const list = await api.get('/workflows');
			expect(list.body.data[0]).toMatchObject({ name: 'In flight' });
			const detail = await api.get(`/workflows/${list.body.data[0].id}`);
			expect(detail.body.files).toEqual([expect.objectContaining({ pageCount: 500 })]);
		} finally {
			again.child.kill('SIGTERM');
			await again.exited;
		}
	});
});
