import { startEngine, type RunningEngine } from '../../engine/runtime/bootstrap';
import { ApiClient } from '../helpers/engine/apiClient';
import { createReadyDraft } from '../helpers/engine/drafts';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { SignerClient } from '../helpers/engine/signerClient';
import { describeOnly } from '../helpers/engine/storeOnly';
import { TEST_DB } from '../helpers/engine/testDatabase';
import { until } from '../helpers/waits';

/*
 * What the engine caches between requests (API keys, webhook configurations, organizations and
 * their branding, the head of each workflow's audit chain) must never answer differently from the
 * database: a revoked key is refused on the next request, a webhook added or disabled is honoured
 * for the next event, new branding shows on the next signing page, and
 * concurrent writers to one workflow, in one or in two engine processes, keep its chain intact.
 */
describe(`caches on ${TEST_DB}`, () => {
	let t: TestEngine;
	let receiver: Receiver;
	beforeAll(async () => {
		receiver = await startReceiver();
		t = await startTestEngine({ allowPrivateWebhooks: true, webhookPollIntervalMs: 50 });
	}, 60_000);
	afterAll(async () => {
		await t?.destroy();
		await receiver?.close();
	});

	it('refuses a revoked key on the very next request, while the organization\'s other key keeps working', async () => {
		const { apiKey, apiKeyInfo } = await t.engine.service.createApiKey(t.organizationId, 'Zapier – Zoë Ångström');
		const key = t.api.withKey(apiKey);
		// Used (and so cached) several times first.
		for (let i = 0; i < 3; i++) expect((await key.get('/me')).status).toBe(200);
		await t.engine.service.revokeApiKey({ organizationId: t.organizationId }, apiKeyInfo.id);
		const refused = await key.get('/me');
		expect(refused.status).toBe(401);
		expect(refused.body.error.code).toBe('invalid_api_key');
		expect((await key.post('/workflows', { name: 'عقد بعد الإلغاء' })).status).toBe(401);
		expect((await t.api.get('/me')).status).toBe(200);
	});

	it('does not revoke another organization\'s key', async () => {
		const other = await t.newOrganization('Другая фирма');
		const { apiKeyInfo } = await t.engine.service.createApiKey(other.organizationId, 'second');
		await expect(t.engine.service.revokeApiKey({ organizationId: t.organizationId }, apiKeyInfo.id)).rejects.toMatchObject({ code: 'api_key_not_found' });
	});

	it('sends the next event to a webhook added, and none to one disabled, right after the change', async () => {
		const { api } = await t.newOrganization('Cache & Co 東京');
		// An event before any webhook exists: the organization's (empty) list is now cached.
		expect((await api.post('/workflows', { name: 'Avant le webhook' })).status).toBe(201);
		const first = (await api.post('/webhooks', { name: 'Première', url: receiver.url, events: ['workflow.created'], auth: { type: 'none' } })).body;
		const created = (await api.post('/workflows', { name: 'Après le webhook – ✍️' })).body;
		const arrived = await until(
			() => receiver.received.filter((request) => request.body.data.workflowId === created.id),
			(requests) => requests.length >= 1,
		);
		expect(arrived).toHaveLength(1);
		expect(arrived[0].body.configurationId).toBe(first.id);

		const second = (await api.post('/webhooks', { name: 'Seconde', url: receiver.url, events: ['workflow.created'], auth: { type: 'none' } })).body;
		expect((await api.request('PATCH', `/webhooks/${first.id}`, { json: { enabled: false } })).status).toBe(200);
		const later = (await api.post('/workflows', { name: 'Après la désactivation' })).body;
		const laterArrived = await until(
			() => receiver.received.filter((request) => request.body.data.workflowId === later.id),
			(requests) => requests.length >= 1,
		);
		expect(laterArrived.map((request) => request.body.configurationId)).toEqual([second.id]);
		// The disabled configuration got no delivery for it (its log holds only the first one).
		const log = (await api.get(`/webhooks/${first.id}/deliveries`)).body.data as Array<{ eventType: string }>;
		expect(log).toHaveLength(1);
	});

	it('shows new branding on the very next signing page and API read, after pages were served with the old', async () => {
		const { api } = await t.newOrganization('Branding – Société Générale 🎨');
		const draft = await createReadyDraft(api, 'Arbeitsvertrag – Jürgen Groß');
		const sent = await api.post(`/workflows/${draft.workflowId}/send`);
		expect(sent.status).toBe(200);
		const page = new SignerClient(sent.body.signers[0].signingUrl);
		for (const color of ['#aa3300', '#0f766e', '#7c3aed']) {
			// Read (and so cached) twice with the colour before.
			for (let i = 0; i < 2; i++) expect((await page.page()).status).toBe(200);
			expect((await api.put('/interface', { primaryColor: color })).status).toBe(200);
			expect((await api.get('/interface')).body.primaryColor).toBe(color);
			expect((await page.page()).bytes.toString('utf8')).toContain(`--primary:${color}`);
		}
	});

	it('keeps a workflow\'s audit chain intact under 40 concurrent changes', async () => {
		const workflow = (await t.api.post('/workflows', { name: 'Contrat – 40 signataires' })).body;
		const added = await Promise.all(
			Array.from({ length: 40 }, (_, index) =>
				t.api.post(`/workflows/${workflow.id}/signers`, { name: `Signataire ${index} Zoë`, email: `s${index}@example.com` }),
			),
		);
		expect(added.map((response) => response.status)).toEqual(Array(40).fill(201));
		const audit = (await t.api.get(`/workflows/${workflow.id}/audit`)).body;
		expect(audit.chain.intact).toBe(true);
		expect(audit.events).toHaveLength(41);
		expect(audit.events.map((event: { sequence: number }) => event.sequence)).toEqual(Array.from({ length: 41 }, (_, index) => index + 1));
	});
});

describeOnly('postgres', 'a SQLite file has one engine process')('two engine processes on one PostgreSQL database', () => {
	let t: TestEngine;
	let second: RunningEngine;
	beforeAll(async () => {
		t = await startTestEngine();
		second = await startEngine({ port: 0, host: '127.0.0.1', dataDir: t.dataDir, databaseUrl: t.engine.config.databaseUrl, logLevel: 'silent' });
	}, 60_000);
	afterAll(async () => {
		await second?.close();
		await t?.destroy();
	});

	it('keep one workflow\'s audit chain intact when both write to it, each with its own cached head', async () => {
		const other = new ApiClient(second.url, t.api.apiKey);
		const workflow = (await t.api.post('/workflows', { name: 'Vertrag – zwei Prozesse' })).body;
		// Both processes learn the head first, then write in turns and at once.
		for (let round = 0; round < 3; round++) {
			expect((await t.api.post(`/workflows/${workflow.id}/signers`, { name: `Erste ${round}`, email: `a${round}@example.com` })).status).toBe(201);
			expect((await other.post(`/workflows/${workflow.id}/signers`, { name: `Zweite ${round}`, email: `b${round}@example.com` })).status).toBe(201);
		}
		const together = await Promise.all(
			Array.from({ length: 30 }, (_, index) =>
				(index % 2 ? other : t.api).post(`/workflows/${workflow.id}/signers`, { name: `Gleichzeitig ${index} 😀`, email: `c${index}@example.com` }),
			),
		);
		expect(together.map((response) => response.status)).toEqual(Array(30).fill(201));
		for (const api of [t.api, other]) {
			const audit = (await api.get(`/workflows/${workflow.id}/audit`)).body;
			expect(audit.chain.intact).toBe(true);
			expect(audit.events).toHaveLength(37);
		}
	});

	it('shows branding changed in the other process within the cache time', async () => {
		const other = new ApiClient(second.url, t.api.apiKey);
		expect((await other.get('/interface')).status).toBe(200);
		expect((await t.api.put('/interface', { primaryColor: '#be123c' })).status).toBe(200);
		// The other process trusts its cached branding for at most SHARED_CACHE_TTL_MS (1 s).
		const seen = await until(() => other.get('/interface').then((response) => response.body.primaryColor), (color) => color === '#be123c', 10_000);
		expect(seen).toBe('#be123c');
	});

	it('refuses a key revoked in the other process within the cache time', async () => {
		const { apiKey, apiKeyInfo } = await t.engine.service.createApiKey(t.organizationId, 'Zweiter Schlüssel');
		const other = new ApiClient(second.url, apiKey);
		expect((await other.get('/me')).status).toBe(200);
		await t.engine.service.revokeApiKey({ organizationId: t.organizationId }, apiKeyInfo.id);
		expect((await t.api.withKey(apiKey).get('/me')).status).toBe(401);
		// The other process trusts its cached key for at most SHARED_CACHE_TTL_MS (1 s).
		expect(await until(() => other.get('/me').then((response) => response.status), (status) => status === 401, 10_000)).toBe(401);
	});
});
