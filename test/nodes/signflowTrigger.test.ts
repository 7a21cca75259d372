import { createHmac } from 'node:crypto';
import { rmSync } from 'node:fs';
import net from 'node:net';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { EVENT_TYPES } from '../../engine/domain';
import { embeddedConnection, stopEmbeddedEngines } from '../../engine/runtime/embedded';
import { DEFAULT_EVENTS as NODE_DEFAULT_EVENTS, TRIGGER_EVENTS } from '../../nodes/SignflowTrigger/events';
import { ApiClient } from '../helpers/engine/apiClient';
import { createReadyDraft } from '../helpers/engine/drafts';
import { startTestEngine, tempDataDir, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { shutdownN8nCore } from '../helpers/n8n/inProcessNode';
import { hostTrigger, type TriggerCall } from '../helpers/n8n/inProcessTrigger';
import { until } from '../helpers/waits';

let t: TestEngine;
let credentials: ICredentialDataDecryptedObject;
beforeAll(async () => {
	t = await startTestEngine({ allowPrivateWebhooks: true, webhookPollIntervalMs: 25, finalizePollIntervalMs: 25 });
	credentials = { mode: 'remote', url: t.engine.url, apiKey: t.api.apiKey! };
});
afterAll(async () => {
	await t.destroy();
	shutdownN8nCore();
});

const DEFAULT_EVENTS = ['signer.signed', 'workflow.completed', 'workflow.refused', 'workflow.expired'];
const configs = async () => (await t.api.get('/webhooks')).body.data as Array<{ id: string; url: string; events: string[]; requestFrom: string | null }>;

describe('the event list', () => {
	it('offers every event the engine records, and nothing else', () => {
		expect(TRIGGER_EVENTS.map((option) => option.value).sort()).toEqual(['*', ...EVENT_TYPES].sort());
		expect(NODE_DEFAULT_EVENTS.every((type) => (EVENT_TYPES as readonly string[]).includes(type))).toBe(true);
	});
});

describe('the trigger lifecycle', () => {
	it('registers its URL with the chosen events and a new secret, checks it, and removes it (idempotently)', async () => {
		const host = await hostTrigger({ events: DEFAULT_EVENTS, requestFrom: 'HRPortal', options: {} }, credentials);
		try {
			expect(await host.checkExists()).toBe(false);
			expect(await host.create()).toBe(true);
			const registered = (await configs()).filter((config) => config.url === host.url());
			expect(registered).toEqual([expect.objectContaining({ events: [...DEFAULT_EVENTS].sort(), requestFrom: 'HRPortal' })]);
			const stored = (host.staticData.registrations as Record<string, { id: string; secret: string }>)[host.url()];
			expect(stored).toEqual({ id: registered[0].id, secret: expect.stringMatching(/^whsec_/) });
			expect(JSON.stringify(await configs())).not.toContain(stored.secret.slice(6));
			expect(await host.checkExists()).toBe(true);

			// The test URL registers beside the production one without clashing.
			expect(await host.create(true)).toBe(true);
			expect(await host.checkExists(true)).toBe(true);
			expect(await host.checkExists()).toBe(true);
			expect((await configs()).filter((config) => config.url === host.url(true) || config.url === host.url())).toHaveLength(2);

			expect(await host.delete(true)).toBe(true);
			expect(await host.delete()).toBe(true);
			expect(await host.delete()).toBe(true);
			expect((await configs()).filter((config) => config.url.startsWith(host.url().split('/webhook/')[0]))).toEqual([]);
		} finally {
			await host.close();
		}
	});

	it('treats a configuration removed at the engine as gone, and one with other events as outdated', async () => {
		const host = await hostTrigger({ events: ['workflow.completed'], requestFrom: '', options: {} }, credentials);
		try {
			await host.create();
			const { id } = (host.staticData.registrations as Record<string, { id: string }>)[host.url()];
			await t.api.request('DELETE', `/webhooks/${id}`);
			expect(await host.checkExists()).toBe(false);
			expect(host.staticData.registrations).toEqual({});

			await host.create();
			host.node.parameters.events = ['workflow.completed', 'workflow.refused'];
			expect(await host.checkExists()).toBe(false);
			await host.create(); // n8n calls create next: the outdated registration is replaced
			expect((await configs()).filter((config) => config.url === host.url())).toEqual([
				expect.objectContaining({ events: ['workflow.completed', 'workflow.refused'] }),
			]);
			await host.delete();
		} finally {
			await host.close();
		}
	});
});

describe('an engine that cannot be reached', () => {
	it('fails to register with a message that says which URL and what to fix', async () => {
		const closed = await new Promise<number>((resolve) => {
			const server = net.createServer().listen(0, '127.0.0.1', () => {
				const { port } = server.address() as net.AddressInfo;
				server.close(() => resolve(port));
			});
		});
		const url = `http://127.0.0.1:${closed}`;
		const host = await hostTrigger({ events: DEFAULT_EVENTS, requestFrom: '', options: {} }, { mode: 'remote', url, apiKey: 'sf_live_unused' });
		try {
			const expected = `Could not reach the Signflow engine at ${url}: connection refused. Check the Engine URL of the Signflow credential`;
			await expect(host.create()).rejects.toMatchObject({ name: 'NodeApiError', message: expect.stringContaining(expected), description: expect.stringContaining('ECONNREFUSED') });
			await expect(host.create(true)).rejects.toThrow(expected);
			expect(host.staticData.registrations).toEqual({});
		} finally {
			await host.close();
		}
	});
});

describe('with the embedded engine', () => {
	const dataFolder = tempDataDir('trigger-embedded');
	afterAll(async () => {
		await stopEmbeddedEngines();
		rmSync(dataFolder, { recursive: true, force: true });
	});

	it('registers at the engine inside the n8n process and receives its events', async () => {
		const embedded: ICredentialDataDecryptedObject = { mode: 'embedded', organizationName: 'Trigger Co', dataFolder, port: 0, host: '127.0.0.1', publicUrl: '' };
		const host = await hostTrigger({ events: ['workflow.created'], requestFrom: '', options: {} }, embedded);
		try {
			expect(await host.create()).toBe(true);
			// The key n8n stored in the credential on first use (preAuthentication) opens the credential's organization.
			const apiKey = embedded.embeddedApiKey as string;
			const engine = await embeddedConnection({ dataDir: dataFolder, port: 0 }, apiKey, { name: 'Trigger Co', adminEmail: '' });
			const api = new ApiClient(engine.url, apiKey);
			expect((await api.get('/webhooks')).body.data.map((hook: { url: string }) => hook.url)).toEqual([host.url()]);
			await api.post('/workflows', { name: 'Made next door' });
			await until(() => host.calls.length, (count) => count >= 1);
			expect(host.calls[0].result!.workflowData![0][0].json).toMatchObject({ event: 'workflow.created', data: { name: 'Made next door' } });
			await host.delete();
			expect((await api.get('/webhooks')).body.data).toEqual([]);
		} finally {
			await host.close();
		}
	});
});

describe('the trigger webhook', () => {
	it('starts the flow with the verified event; a forged, altered or replayed request gets 401 and starts nothing', async () => {
		const host = await hostTrigger({ events: DEFAULT_EVENTS, requestFrom: '', options: { attachSignedDocument: true } }, credentials);
		try {
			await host.create();
			const ready = await createReadyDraft(t.api, 'Trigger me');
			const sent = (await t.api.post(`/workflows/${ready.workflowId}/send`)).body;
			const fields = (await t.api.get(`/workflows/${ready.workflowId}`)).body.signatures;
			for (const [index, signer] of sent.signers.entries())
				await new SignerClient(signer.signingUrl).sign({ consent: true, values: { [fields[index].id]: { type: 'typed', text: signer.name } } });

			await until(() => host.calls.filter((call) => call.result?.workflowData).length, (count) => count >= 3);
			const started = host.calls.filter((call) => call.result?.workflowData).map((call) => call.result!.workflowData![0][0]);
			expect(started.map((item) => item.json.event)).toEqual(['signer.signed', 'signer.signed', 'workflow.completed']);
			const completed = started[2];
			expect(completed.json).toMatchObject({
				event: 'workflow.completed',
				generatedDateTime: expect.any(String),
				data: { workflowId: ready.workflowId, organizationId: t.organizationId },
				webhookId: expect.stringMatching(/^msg_/),
			});
			expect(completed.binary?.data).toMatchObject({ fileName: 'offer-signed.pdf', mimeType: 'application/pdf' });

			// Replays of a real delivery, and forgeries.
			const original = host.calls.find((call) => call.result?.workflowData)!;
			const post = (headers: Record<string, string>, body: Buffer | string) =>
				fetch(host.url(), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
			const realHeaders = Object.fromEntries(
				['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [name, String(original.headers[name])]),
			);
			const before = host.calls.filter((call) => call.result?.workflowData).length;
			expect((await post(realHeaders, original.raw)).status).toBe(401);
			expect((await post(realHeaders, original.raw.toString().replace('signer.signed', 'workflow.completed'))).status).toBe(401);
			expect((await post({ ...realHeaders, 'webhook-signature': 'v1,AAAA' }, original.raw)).status).toBe(401);
			expect((await post({}, original.raw)).status).toBe(401);
			// Correctly signed, but with a stolen secret's timestamp from long ago.
			const { secret } = (host.staticData.registrations as Record<string, { secret: string }>)[host.url()];
			const old = String(Math.floor(Date.now() / 1000) - 3600);
			const signature = createHmac('sha256', Buffer.from(secret.slice(6), 'base64')).update(`msg_old.${old}.`).update(original.raw).digest('base64');
			expect((await post({ 'webhook-id': 'msg_old', 'webhook-timestamp': old, 'webhook-signature': `v1,${signature}` }, original.raw)).status).toBe(401);
			expect(host.calls.filter((call) => call.result?.workflowData).length).toBe(before);
			await host.delete();
		} finally {
			await host.close();
		}
	});

	it('takes the events delivered to the test URL ("Listen for test event") while the production URL takes them too', async () => {
		const host = await hostTrigger({ events: ['workflow.created'], requestFrom: '', options: {} }, credentials);
		try {
			await host.create(); // the active flow
			await host.create(true); // "Listen for test event"
			const production = (host.staticData.registrations as Record<string, { secret: string }>)[host.url()];
			const test = (host.testStaticData.registrations as Record<string, { secret: string }>)[host.url(true)];
			expect(test.secret).not.toBe(production.secret);

			const name = 'Zu\u0308rich – 契約 📄 عقد';
			const workflowId = (await t.api.post('/workflows', { name })).body.id as string;
			const mine = (calls: TriggerCall[]) => calls.filter((call) => JSON.parse(call.raw.toString()).data?.workflowId === workflowId);
			const delivered = await until(() => mine(host.calls), (calls) => calls.length >= 2);
			expect(delivered.map((call) => call.path.split('/')[1]).sort()).toEqual(['webhook', 'webhook-test']);
			for (const call of delivered) {
				expect(call.status).toBe(200);
				expect(call.result!.workflowData![0][0].json).toMatchObject({ event: 'workflow.created', data: { workflowId, name: name.normalize('NFC') } });
			}

			// The test URL checks its requests as the production one does.
			const testCall = delivered.find((call) => call.path.startsWith('/webhook-test/'))!;
			const headers = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((header) => [header, String(testCall.headers[header])]));
			const post = (body: Buffer | string, extra: Record<string, string> = {}) =>
				fetch(host.url(true), { method: 'POST', headers: { 'content-type': 'application/json', ...headers, ...extra }, body });
			expect((await post(testCall.raw)).status).toBe(401); // a replay
			expect((await post(testCall.raw, { 'webhook-id': 'msg_forged', 'webhook-signature': 'v1,AAAA' })).status).toBe(401);
			expect(mine(host.calls).filter((call) => call.result?.workflowData)).toHaveLength(2);

			expect(await host.delete(true)).toBe(true);
			expect(await host.delete()).toBe(true);
			expect((await configs()).filter((config) => config.url.startsWith(host.url().split('/webhook/')[0]))).toEqual([]);
		} finally {
			await host.close();
		}
	});

	it('takes test events, flagged test: true, unless Ignore Test Events is on: then it answers {} and starts nothing', async () => {
		const testKey = (await t.api.post('/api-keys', { name: 'Sandbox – Prüfung', mode: 'test' })).body.apiKey as string;
		const sandbox = new ApiClient(t.engine.url, testKey);
		const taking = await hostTrigger({ events: ['workflow.created'], requestFrom: '', options: {} }, credentials);
		const ignoring = await hostTrigger({ events: ['workflow.created'], requestFrom: '', options: { ignoreTestEvents: true } }, credentials);
		try {
			await taking.create();
			await ignoring.create();
			const testId = (await sandbox.post('/workflows', { name: 'Essai — テスト' })).body.id as string;
			const liveId = (await t.api.post('/workflows', { name: 'Réel — 本番' })).body.id as string;
			const of = (host: typeof taking, workflowId: string) =>
				until(
					() => host.calls.filter((call) => JSON.parse(call.raw.toString()).data?.workflowId === workflowId),
					(calls) => calls.length >= 1,
				);
			expect((await of(taking, testId))[0].result!.workflowData![0][0].json).toMatchObject({ event: 'workflow.created', test: true, data: { workflowId: testId } });
			expect((await of(taking, liveId))[0].result!.workflowData![0][0].json).toMatchObject({ test: false, data: { workflowId: liveId } });
			expect((await of(ignoring, testId))[0].result).toEqual({ webhookResponse: {} });
			expect((await of(ignoring, liveId))[0].result!.workflowData![0][0].json).toMatchObject({ test: false, data: { workflowId: liveId } });
			await taking.delete();
			await ignoring.delete();
		} finally {
			await taking.close();
			await ignoring.close();
		}
	});

	it('answers events the flow did not pick with {} and starts nothing', async () => {
		const host = await hostTrigger({ events: ['workflow.completed'], requestFrom: '', options: {} }, credentials);
		try {
			await host.create();
			const { id } = (host.staticData.registrations as Record<string, { id: string }>)[host.url()];
			await t.api.post(`/webhooks/${id}/test`);
			await until(() => host.calls.length, (count) => count >= 1);
			expect(host.calls[0].result).toEqual({ webhookResponse: {} });
			// The engine records the outcome once it has read the answer: wait for it.
			const deliveries = await until(
				async () => (await t.api.get(`/webhooks/${id}/deliveries`)).body.data,
				(list: Array<{ status: string }>) => list[0]?.status === 'succeeded',
			);
			expect(deliveries[0]).toMatchObject({ eventType: 'webhook.test', status: 'succeeded' });
			await host.delete();
		} finally {
			await host.close();
		}
	});
});
