import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { ApiClient } from '../helpers/apiClient';
import { tempDataDir } from '../helpers/engine';
import { fixturePdf } from '../helpers/fixtures';

// The built CLI, as `npm start` and the package's bin run it (npm test builds first).
const CLI = path.resolve(__dirname, '../../dist/engine/cli.js');
const ENV = { ...process.env, SIGNFLOW_LOG_LEVEL: 'warn' };

function run(...args: string[]) {
	const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: ENV });
	return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function waitForOutput(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<RegExpMatchArray> {
	return new Promise((resolve, reject) => {
		let output = '';
		const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; got: ${output}`)), 15000);
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			const match = output.match(pattern);
			if (match) {
				clearTimeout(timer);
				resolve(match);
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
		child.on('exit', (code) => reject(new Error(`exited with ${code} before ${pattern}: ${output}`)));
	});
}

describe('signflow CLI', () => {
	const dataDir = tempDataDir('cli');
	afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

	it('migrates a new data folder', () => {
		const result = run('migrate', '--data', dataDir);
		expect(result.stderr).toBe('');
		expect(result).toMatchObject({ code: 0 });
		expect(result.stdout).toContain('up to date');
	});

	it('creates an organization and prints its id and a new API key as JSON', () => {
		const result = run('org', 'create', '--name', 'Acme', '--json', '--data', dataDir);
		expect(result.code).toBe(0);
		const printed = JSON.parse(result.stdout);
		expect(printed).toEqual({ organizationId: expect.any(String), name: 'Acme', apiKey: expect.stringMatching(/^sf_live_/) });
	});

	it('explains what is missing instead of failing obscurely', () => {
		const noName = run('org', 'create', '--data', dataDir);
		expect(noName.code).toBe(2);
		expect(noName.stderr).toMatch(/--name/);
		const unknown = run('frobnicate');
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toMatch(/Unknown command "frobnicate"/);
		expect(run('--version').stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
	});

	it('serves the API, then stops on SIGTERM after finishing requests in flight', async () => {
		const { apiKey } = JSON.parse(run('org', 'create', '--name', 'Serve Co', '--json', '--data', dataDir).stdout);
		const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data', dataDir], { env: ENV });
		const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
		try {
			const [, url] = await waitForOutput(child, /listening on (http:\/\/127\.0\.0\.1:\d+)\n/);
			const api = new ApiClient(url!, apiKey);
			expect((await api.get('/me')).body.organization.name).toBe('Serve Co');
			const workflow = await api.post('/workflows', { name: 'In flight' });

			// A 500-page upload takes a moment to parse: SIGTERM arrives while it is in flight.
			const upload = api.upload(workflow.body.id, 'big.pdf', fixturePdf('pages-500.pdf'));
			await new Promise((resolve) => setTimeout(resolve, 30));
			child.kill('SIGTERM');
			const response = await upload;
			expect(response.status).toBe(201);
			expect(response.body.pageCount).toBe(500);
			expect(await exited).toBe(0);
		} finally {
			child.kill('SIGKILL');
		}

		// What was accepted is there after the restart.
		const again = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data', dataDir], { env: ENV });
		try {
			const [, url] = await waitForOutput(again, /listening on (http:\/\/127\.0\.0\.1:\d+)\n/);
			const list = await new ApiClient(url!, apiKey).get('/workflows');
			expect(list.body.data[0]).toMatchObject({ name: 'In flight' });
			const detail = await new ApiClient(url!, apiKey).get(`/workflows/${list.body.data[0].id}`);
			expect(detail.body.files).toEqual([expect.objectContaining({ pageCount: 500 })]);
		} finally {
			again.kill('SIGTERM');
		}
	});
});
