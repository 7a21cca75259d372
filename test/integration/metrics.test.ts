import { rmSync } from 'node:fs';
import { embeddedConnection, embeddedOrganizationKey, stopEmbeddedEngines } from '../../engine/runtime/embedded';
import { ApiClient } from '../helpers/engine/apiClient';
import { runCli, spawnEngine, type EngineProcess } from '../helpers/engine/cli';
import { startTestEngine, tempDataDir, type TestEngine } from '../helpers/engine/engine';
import { parseExposition, type Exposition } from '../helpers/engine/prometheus';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { SignerClient } from '../helpers/engine/signerClient';
import { dropDatabaseOf } from '../helpers/engine/testDatabase';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { eventually } from '../helpers/waits';

const TOKEN = 'metrics-7f3a9c1e5b2d8406aa19';

async function scrape(baseUrl: string, authorization?: string): Promise<Response> {
	return fetch(`${baseUrl}/metrics`, { headers: authorization === undefined ? {} : { authorization } });
}

async function metricsOf(baseUrl: string, token = TOKEN): Promise<Exposition> {
	const response = await scrape(baseUrl, `Bearer ${token}`);
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
	return parseExposition(await response.text());
}

describe('GET /metrics switched off', () => {
	let t: TestEngine;
	beforeAll(async () => {
		t = await startTestEngine();
	});
	afterAll(() => t.destroy());

	it('is an unknown route (404) without a metrics token, whatever the request carries', async () => {
		for (const authorization of [undefined, `Bearer ${TOKEN}`]) {
			const response = await scrape(t.engine.url, authorization);
			expect(response.status).toBe(404);
			expect(((await response.json()) as { error: { code: string } }).error.code).toBe('route_not_found');
		}
		expect(t.engine.metrics).toBeNull();
	});
});

describe('GET /metrics of a signflow serve process', () => {
	let dataDir: string;
	let engine: EngineProcess;
	let api: ApiClient;
	let receiver: Receiver;
	const people = [
		{ name: 'Zoë Lefèvre-Ångström', email: 'zoe.lefevre-angstrom@exemple.fr' },
		{ name: '山田 太郎', email: 'taro.yamada@example.jp' },
		{ name: 'Renée 🚀 Ødegaard', email: 'renee.odegaard@example.no' },
	];
	const organizationName = 'Société Générale d’Écriture – 株式会社 ✍️';

	beforeAll(async () => {
		dataDir = tempDataDir('metrics');
		receiver = await startReceiver();
		// The flag on the command line, as an operator starts it.
		engine = await spawnEngine(['--data', dataDir, '--allow-private-webhooks', '--metrics-token', TOKEN]);
		const created = await runCli(['org', 'create', '--name', organizationName, '--admin-email', 'elodie.admin@example.fr', '--json', '--data', dataDir]);
		expect([created.code, created.stderr]).toEqual([0, '']);
		api = new ApiClient(engine.url, JSON.parse(created.stdout).apiKey);
	});
	afterAll(async () => {
		engine?.child.kill('SIGTERM');
		await engine?.exited;
		await receiver?.close();
		rmSync(dataDir, { recursive: true, force: true });
		await dropDatabaseOf(dataDir);
	});

	it('answers 401 without the token, with a wrong one or another scheme', async () => {
		const refused = { method: 'GET', route: '/metrics', status: '401' };
		const before = (await metricsOf(engine.url)).value('signflow_http_requests_total', refused) ?? 0;
		for (const authorization of [undefined, '', 'Bearer', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN, `Bearer  ${TOKEN}`]) {
			const response = await scrape(engine.url, authorization);
			expect([authorization, response.status]).toEqual([authorization, 401]);
			expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
			const body = (await response.json()) as { error: { code: string } };
			expect(body.error.code).toBe('invalid_metrics_token');
			expect(JSON.stringify(body)).not.toContain(TOKEN);
		}
		expect((await metricsOf(engine.url)).value('signflow_http_requests_total', refused)).toBe(before + 8);
	});

	it('moves with real traffic and names no token, person, organization or id but webhook configurations', async () => {
		const before = await metricsOf(engine.url);
		const createdBefore = before.value('signflow_http_requests_total', { method: 'POST', route: '/api/v1/workflows', status: '201' }) ?? 0;
		expect(before.families.get('nodejs_eventloop_lag_seconds')?.type).toBe('gauge');
		expect(before.value('signflow_outbox_due', { outbox: 'finalizations' })).toBe(0);

		// The receiver fails the first delivery with 500; its retry (at once) and the rest get 200.
		receiver.respond = (_request, index) => ({ status: index === 0 ? 500 : 200 });
		const webhook = await api.post('/webhooks', { name: 'Büro Zürich – 通知 🔔', url: receiver.url, events: ['*'], retryIntervals: ['PT0S', 'PT1S'] });
		expect(webhook.status).toBe(201);

		const workflow = await api.post('/workflows', { name: 'Contrat de travail – Zoë 山田 🚀', metadata: { crmId: 'CRM-Łódź-42' } });
		expect(workflow.status).toBe(201);
		const workflowId = workflow.body.id as string;
		const file = await api.upload(workflowId, 'Vertrag für Jürgen – 契約書.pdf', fixturePdf('a4-1page.pdf'));
		expect(file.status).toBe(201);
		const signerIds: string[] = [];
		for (const [index, person] of people.entries()) {
			const signer = await api.post(`/workflows/${workflowId}/signers`, { ...person, order: index + 1 });
			expect(signer.status).toBe(201);
			signerIds.push(signer.body.id);
			const field = await api.post(`/workflows/${workflowId}/signatures`, { fileId: file.body.id, signerId: signer.body.id, page: 1, x: 60 + index * 160, y: 80 });
			expect(field.status).toBe(201);
		}
		const sent = await api.post(`/workflows/${workflowId}/send`);
		expect(sent.status).toBe(200);
		const links: string[] = sent.body.signers.map((signer: { signingUrl: string }) => signer.signingUrl);
		const fields = (await api.get(`/workflows/${workflowId}`)).body.signatures as Array<{ id: string }>;
		for (const [index, link] of links.entries()) {
			const signer = new SignerClient(link);
			expect((await signer.session()).status).toBe(200);
			expect((await signer.sign({ consent: true, values: { [fields[index].id]: { type: 'typed', text: people[index].name } } })).status).toBe(200);
		}
		// A second workflow, refused by its signer.
		const other = await api.post('/workflows', { name: 'Ordre de mission – Renée' });
		await api.upload(other.body.id, 'mission.pdf', fixturePdf('a4-1page.pdf'));
		const refuser = await api.post(`/workflows/${other.body.id}/signers`, people[2]);
		await api.post(`/workflows/${other.body.id}/signatures`, { fileId: (await api.get(`/workflows/${other.body.id}`)).body.files[0].id, signerId: refuser.body.id, page: 1, x: 60, y: 80 });
		const otherLink = (await api.post(`/workflows/${other.body.id}/send`)).body.signers[0].signingUrl as string;
		expect((await new SignerClient(otherLink).refuse('Je ne signe pas – 署名しません 🙅')).status).toBe(200);

		await eventually(() => receiver.received.map((request) => request.body.event as string), (events) => events.includes('workflow.completed'), 60_000);
		// Read once nothing is left to send: the receiver's count and the metrics then stay as they are
		// (read before, a delivery still on its way made the two disagree on a loaded machine).
		const settled = await eventually(
			async () => ({ metrics: await metricsOf(engine.url), received: receiver.received.length }),
			({ metrics, received }) =>
				(metrics.value('signflow_finalization_duration_seconds_count', { outcome: 'completed' }) ?? 0) >= 1 &&
				['webhook_deliveries', 'emails', 'finalizations'].every((outbox) => metrics.value('signflow_outbox_due', { outbox }) === 0) &&
				metrics.sum('signflow_webhook_delivery_attempts_total', { outcome: 'succeeded' }) === received - 1,
			60_000,
		);
		const after = settled.metrics;
		const delivered = settled.received - 1;

		const configuration = webhook.body.id as string;
		// Nothing that identifies a person, a document or an organization; only configuration ids.
		const text = await (await scrape(engine.url, `Bearer ${TOKEN}`)).text();
		const detail = (await api.get(`/workflows/${workflowId}`)).body;
		const me = (await api.get('/me')).body;
		const secrets = [
			TOKEN,
			api.apiKey!,
			...links.flatMap((link) => [link, new URL(link).pathname.split('/')[2]]),
			otherLink.split('/sign/')[1],
			...people.flatMap((person) => [person.name, person.email, person.name.split(' ')[0], person.email.split('@')[0]]),
			organizationName,
			'Zürich',
			'通知',
			'Contrat',
			'CRM-Łódź-42',
			'Vertrag',
			'elodie.admin',
			workflowId,
			other.body.id,
			file.body.id,
			me.organization.id,
			...signerIds,
			refuser.body.id,
			...fields.map((field) => field.id),
			...detail.files.map((entry: { signedSha256: string | null; sha256: string }) => entry.sha256),
		].filter(Boolean);
		for (const secret of secrets) expect([secret, text.includes(secret)]).toEqual([secret, false]);
		const labelValues = new Set(parseExposition(text).samples.flatMap((sample) => Object.values(sample.labels)));
		const uuids = [...labelValues].filter((value) => /[0-9a-f]{8}-[0-9a-f]{4}-/.test(value));
		expect(uuids).toEqual([configuration]);
		for (const value of labelValues) expect([value, /^[\x20-\x7e]*$/.test(value)]).toEqual([value, true]);
		expect(after.value('signflow_http_requests_total', { method: 'POST', route: '/api/v1/workflows', status: '201' })).toBe(createdBefore + 2);
		expect(after.value('signflow_http_requests_total', { method: 'POST', route: '/sign/:token/sign', status: '200' })).toBe(3);
		expect(after.value('signflow_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/workflows/:workflowId/send', status: '200' })).toBe(2);
		expect(after.value('signflow_webhook_delivery_attempts_total', { configuration_id: configuration, outcome: 'retrying' })).toBe(1);
		expect(after.value('signflow_webhook_delivery_attempts_total', { configuration_id: configuration, outcome: 'succeeded' })).toBe(delivered);
		expect(after.value('signflow_webhook_delivery_latency_seconds_count', { configuration_id: configuration })).toBe(delivered);
		expect(after.value('signflow_webhook_delivery_latency_seconds_sum', { configuration_id: configuration })).toBeGreaterThan(0);
		expect(after.value('signflow_finalization_duration_seconds_count', { outcome: 'completed' })).toBe(1);
		expect(after.value('signflow_finalization_failures_total', { outcome: 'failed' })).toBe(0);
		for (const type of ['workflow.created', 'workflow.sent', 'workflow.completed', 'workflow.refused'])
			expect([type, after.value('signflow_events_total', { type })]).toEqual([type, expect.any(Number)]);
		expect(after.value('signflow_events_total', { type: 'workflow.created' })).toBe(2);
		for (const outbox of ['webhook_deliveries', 'emails', 'finalizations']) {
			expect(after.value('signflow_outbox_due', { outbox })).toBe(0);
			expect(after.value('signflow_outbox_oldest_due_age_seconds', { outbox })).toBe(0);
		}
		expect(after.value('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);

	}, 120_000);
});

describe('several engines in one process', () => {
	const engines: TestEngine[] = [];
	beforeAll(async () => {
		engines.push(await startTestEngine({ metricsToken: TOKEN }), await startTestEngine({ metricsToken: `${TOKEN}-second` }));
	});
	afterAll(() => Promise.all(engines.map((engine) => engine.destroy())));

	it('each has a registry of its own: its token, its counts, the process metrics in both', async () => {
		const [first, second] = engines;
		for (const name of ['Erste – 一', 'Deuxième – 二', 'Third – 三']) expect((await first.api.post('/workflows', { name })).status).toBe(201);
		expect((await second.api.post('/workflows', { name: 'Seule – 独' })).status).toBe(201);
		expect((await scrape(second.engine.url, `Bearer ${TOKEN}`)).status).toBe(401);
		const [a, b] = [await metricsOf(first.engine.url), await metricsOf(second.engine.url, `${TOKEN}-second`)];
		const created = { method: 'POST', route: '/api/v1/workflows', status: '201' };
		expect([a.value('signflow_http_requests_total', created), b.value('signflow_http_requests_total', created)]).toEqual([3, 1]);
		expect([a.value('signflow_events_total', { type: 'workflow.created' }), b.value('signflow_events_total', { type: 'workflow.created' })]).toEqual([3, 1]);
		expect(a.value('process_start_time_seconds')).toBe(b.value('process_start_time_seconds'));
		// The store's counts at the scrape: each engine its own (its organization, then the workflows above).
		for (const [exposition, engine, created] of [[a, first, 3], [b, second, 1]] as const) {
			const transactions = exposition.value('signflow_store_transactions_total')!;
			expect(transactions).toBeGreaterThanOrEqual(created + 1);
			expect(transactions).toBeLessThanOrEqual(engine.engine.store.commitCounts.transactions);
			expect(exposition.value('signflow_store_commits_total')).toBeGreaterThan(0);
			expect(exposition.value('signflow_store_commits_total')).toBeLessThanOrEqual(transactions);
		}
	});
});

describe('the embedded engine (inside n8n)', () => {
	const dataDir = tempDataDir('embedded-metrics');
	afterAll(async () => {
		await stopEmbeddedEngines();
		delete process.env.SIGNFLOW_METRICS_TOKEN;
		rmSync(dataDir, { recursive: true, force: true });
	});

	it("serves /readyz, and /metrics when n8n's environment sets SIGNFLOW_METRICS_TOKEN", async () => {
		process.env.SIGNFLOW_METRICS_TOKEN = TOKEN;
		const options = { dataDir, port: 0, email: { mode: 'none' as const } };
		const profile = { name: 'Müller & Söhne – ミュラー', adminEmail: '' };
		const key = await embeddedOrganizationKey(options, '', profile);
		const { url } = await embeddedConnection(options, key, profile);
		expect((await fetch(`${url}/readyz`)).status).toBe(200);
		expect((await scrape(url)).status).toBe(401);
		const metrics = await metricsOf(url);
		expect(metrics.value('signflow_outbox_due', { outbox: 'finalizations' })).toBe(0);
		expect(await (await scrape(url, `Bearer ${TOKEN}`)).text()).not.toContain('Müller');
	});
});
