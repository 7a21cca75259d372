import { rmSync } from 'node:fs';
import { ApiClient } from '../helpers/engine/apiClient';
import { runCli as run, spawnEngine } from '../helpers/engine/cli';
import { tempDataDir } from '../helpers/engine/engine';
import { fixturePdf } from '../helpers/pdf/fixtures';

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

	it('explains what is missing instead of failing obscurely', async () => {
		const noName = await run(['org', 'create', '--data', dataDir]);
		expect(noName.code).toBe(2);
		expect(noName.stderr).toMatch(/--name/);
		const unknown = await run(['frobnicate']);
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toMatch(/Unknown command "frobnicate"/);
		expect((await run(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
		expect((await run(['verify'])).code).toBe(2);
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
