import { rmSync } from 'node:fs';
import { ApiClient } from '../helpers/engine/apiClient';
import { runCli, spawnEngine, type EngineProcess } from '../helpers/engine/cli';
import { tempDataDir } from '../helpers/engine/engine';
import { until } from '../helpers/waits';

/** The request log at info level: one line per request, written when it is answered, without signing-link tokens. */
describe('the request log', () => {
	const dataDir = tempDataDir('request-log');
	let engine: EngineProcess;
	afterAll(async () => {
		engine?.child.kill('SIGTERM');
		await engine?.exited;
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('has one line per request with method, redacted URL, status and time', async () => {
		const { apiKey } = JSON.parse((await runCli(['org', 'create', '--name', 'Journal Ünïcode', '--json', '--data', dataDir])).stdout);
		engine = await spawnEngine(['--data', dataDir], { SIGNFLOW_LOG_LEVEL: 'info' });
		const api = new ApiClient(engine.url, apiKey);
		expect((await api.get('/me')).status).toBe(200);
		expect((await api.post('/workflows', { name: 'Журнал – 日志' })).status).toBe(201);
		const token = 'a'.repeat(43);
		expect((await fetch(`${engine.url}/sign/${token}/session`)).status).toBe(404);
		// A framed page's address carries the signer's access grant: a credential too.
		const grant = 'g'.repeat(40);
		expect((await fetch(`${engine.url}/sign/${token}?lang=de&access=${grant}`)).status).toBe(404);

		const lines = () =>
			engine
				.output()
				.split('\n')
				.filter((line) => line.startsWith('{'))
				.map((line) => JSON.parse(line) as { msg: string; req?: { method: string; url: string }; res?: { statusCode: number }; responseTime?: number });
		const logged = await until(lines, (entries) => entries.filter((entry) => entry.req).length >= 4, 10_000);
		const requests = logged.filter((entry) => entry.req);
		expect(requests.map((entry) => [entry.msg, entry.req!.method, entry.req!.url, entry.res?.statusCode])).toEqual([
			['request completed', 'GET', '/api/v1/me', 200],
			['request completed', 'POST', '/api/v1/workflows', 201],
			['request completed', 'GET', '/sign/<token>/session', 404],
			['request completed', 'GET', '/sign/<token>?lang=de&access=<grant>', 404],
		]);
		for (const entry of requests) expect(entry.responseTime).toBeGreaterThan(0);
		expect(engine.output()).not.toContain(token);
		expect(engine.output()).not.toContain(grant);
	});
});
