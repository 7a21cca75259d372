import { rmSync } from 'node:fs';
import { runCli, spawnEngine, type EngineProcess } from '../helpers/engine/cli';
import { tempDataDir } from '../helpers/engine/engine';
import { until } from '../helpers/waits';

/*
 * At info level the engine writes one log line per answered request (method, redacted path,
 * status, time), not Fastify's pair of "incoming request" and "request completed" lines.
 */
describe('request log', () => {
	const dataDir = tempDataDir('request-log');
	let engine: EngineProcess | null = null;
	afterAll(async () => {
		engine?.child.kill('SIGTERM');
		await engine?.exited;
		rmSync(dataDir, { recursive: true, force: true });
	});

	it('writes one line per request at info level, with its status and without signing tokens', async () => {
		const { apiKey } = JSON.parse(runCli(['org', 'create', '--name', 'Łódź Société 東京', '--json', '--data', dataDir]).stdout);
		engine = await spawnEngine(['--data', dataDir], { SIGNFLOW_LOG_LEVEL: 'info' });
		const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
		const created = await fetch(`${engine.url}/api/v1/workflows`, { method: 'POST', headers, body: JSON.stringify({ name: 'Contrat de René 📄' }) });
		expect(created.status).toBe(201);
		const { id } = (await created.json()) as { id: string };
		expect((await fetch(`${engine.url}/api/v1/workflows/${id}`, { headers })).status).toBe(200);
		const token = 'A'.repeat(43);
		expect((await fetch(`${engine.url}/sign/${token}/session`)).status).toBe(404);

		const requestLines = () =>
			engine!
				.output()
				.split('\n')
				.filter((line) => line.startsWith('{'))
				.map((line) => JSON.parse(line) as { msg: string; req?: { method: string; url: string }; res?: { statusCode: number }; responseTime?: number })
				.filter((line) => line.req || line.res);
		const lines = await until(requestLines, (found) => found.length >= 3);
		expect(lines.map((line) => [line.msg, line.req?.method, line.req?.url, line.res?.statusCode])).toEqual([
			['request completed', 'POST', '/api/v1/workflows', 201],
			['request completed', 'GET', `/api/v1/workflows/${id}`, 200],
			['request completed', 'GET', '/sign/<token>/session', 404],
		]);
		for (const line of lines) expect(line.responseTime).toEqual(expect.any(Number));
		expect(engine.output()).not.toContain(token);
	}, 60_000);
});
