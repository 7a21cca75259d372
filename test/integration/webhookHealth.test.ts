import type { ApiClient } from '../helpers/engine/apiClient';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { SignerClient } from '../helpers/engine/signerClient';
import { startSmtp, type TestSmtp } from '../helpers/engine/smtp';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { until } from '../helpers/waits';

describe('a configuration that keeps failing', () => {
	let smtp: TestSmtp;
	let t: TestEngine;
	beforeAll(async () => {
		smtp = await startSmtp();
		t = await startTestEngine({
			allowPrivateWebhooks: true,
			webhookPollIntervalMs: 25,
			smtpUrl: smtp.url,
			mailPollIntervalMs: 25,
			webhookDisableAfterDead: 3,
		});
	});
	afterAll(async () => {
		await t.destroy();
		await smtp.close();
	});

	async function organizationWithAdmin(name: string): Promise<ApiClient> {
		const { organization, apiKey } = await t.engine.service.createOrganization({ name, adminEmail: 'ops@example.com' });
		void organization;
		return t.api.withKey(apiKey);
	}

	it('is disabled after N dead deliveries in a row; the other configurations hear webhook.disabled and the admin gets an alert', async () => {
		const api = await organizationWithAdmin('Failing Org');
		const [broken, watcher] = [await startReceiver(), await startReceiver()];
		try {
			broken.respond = () => ({ status: 500 });
			const config = (await api.post('/webhooks', { name: 'Broken CRM', url: broken.url, events: ['workflow.created'], retryIntervals: [] })).body;
			await api.post('/webhooks', { name: 'Watcher', url: watcher.url, events: ['webhook.disabled'] });
			for (const name of ['one', 'two', 'three']) await api.post('/workflows', { name });

			const disabled = await until(() => api.get(`/webhooks/${config.id}`), (response) => response.body.enabled === false);
			expect(disabled.body).toMatchObject({
				enabled: false,
				disabledReason: '3 deliveries in a row failed every attempt.',
				consecutiveDeadDeliveries: 3,
				holdsEvents: true,
				disabledAt: expect.any(String),
			});
			const [notice] = await watcher.waitFor(1);
			expect(notice.body).toMatchObject({
				event: 'webhook.disabled',
				uri: `/api/v1/webhooks/${config.id}`,
				data: { webhookId: config.id, name: 'Broken CRM', reason: disabled.body.disabledReason },
			});
			const [alert] = await smtp.waitFor(1);
			expect(alert.subject).toBe('Failing Org: webhook "Broken CRM" was disabled');
			expect(alert.text).toContain(broken.url);

			// Nothing goes to it while disabled, but its events are kept: enabling it sends them, and a replay the dead ones.
			const before = broken.received.length;
			await api.post('/workflows', { name: 'four' });
			await new Promise((resolve) => setTimeout(resolve, 200));
			expect(broken.received.length).toBe(before);
			broken.respond = () => ({ status: 200 });
			const enabled = await api.request('PATCH', `/webhooks/${config.id}`, { json: { enabled: true } });
			expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null, consecutiveDeadDeliveries: 0 });
			const replay = await api.post(`/webhooks/${config.id}/replay`, { since: '2000-01-01T00:00:00Z' });
			expect(replay.body.replayed).toBe(3);
			await until(
				() => broken.received.filter((request) => request.body && request.body.event === 'workflow.created').length,
				(count) => count >= before + 4,
			);
			const names = new Set(broken.received.slice(before).map((request) => request.body.data.name));
			expect(names).toEqual(new Set(['one', 'two', 'three', 'four']));
		} finally {
			await Promise.all([broken.close(), watcher.close()]);
		}
	});

	it('is disabled at once by 410 Gone', async () => {
		const api = await organizationWithAdmin('Gone Org');
		const gone = await startReceiver();
		try {
			gone.respond = () => ({ status: 410 });
			const config = (await api.post('/webhooks', { name: 'Gone', url: gone.url, events: ['workflow.created'] })).body;
			await api.post('/workflows', { name: 'x' });
			const disabled = await until(() => api.get(`/webhooks/${config.id}`), (response) => response.body.enabled === false);
			expect(disabled.body.disabledReason).toMatch(/410 Gone/);
			expect(gone.received).toHaveLength(1);
		} finally {
			await gone.close();
		}
	});

	it('is disabled when failing for the configured time without a success', async () => {
		const failing = await startTestEngine({
			allowPrivateWebhooks: true,
			webhookPollIntervalMs: 25,
			webhookDisableAfterFailingMs: 300,
		});
		const receiver = await startReceiver();
		try {
			receiver.respond = () => ({ status: 503 });
			const config = (
				await failing.api.post('/webhooks', { name: 'Slow death', url: receiver.url, events: ['workflow.created'], retryIntervals: ['PT0.1S', 'PT0.1S', 'PT0.1S', 'PT0.1S', 'PT0.1S', 'PT0.1S'] })
			).body;
			await failing.api.post('/workflows', { name: 'x' });
			const disabled = await until(() => failing.api.get(`/webhooks/${config.id}`), (response) => response.body.enabled === false);
			expect(disabled.body.disabledReason).toMatch(/No delivery succeeded/);
			expect(disabled.body.consecutiveDeadDeliveries).toBe(0);
		} finally {
			await receiver.close();
			await failing.destroy();
		}
	});
});

describe('what events carry', () => {
	let t: TestEngine;
	let receiver: Receiver;
	beforeAll(async () => {
		t = await startTestEngine({ allowPrivateWebhooks: true, webhookPollIntervalMs: 25 });
		receiver = await startReceiver();
	});
	afterAll(async () => {
		await receiver.close();
		await t.destroy();
	});

	it('numbers a workflow\'s events, names the acting signer with their link, and adds the summary when asked', async () => {
		const { api } = t;
		await api.post('/webhooks', { name: 'All', url: receiver.url, includeWorkflowSummary: true });
		const workflow = (await api.post('/workflows', { name: 'Offer', requestFrom: 'HR', metadata: { candidate: 'C-1' } })).body;
		const file = (await api.upload(workflow.id, 'a.pdf', fixturePdf('a4-1page.pdf'))).body;
		const signer = (await api.post(`/workflows/${workflow.id}/signers`, { name: 'Ann', email: 'ann@example.com' })).body;
		const field = (await api.post(`/workflows/${workflow.id}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 9, y: 9 })).body;
		const sent = (await api.post(`/workflows/${workflow.id}/send`)).body;
		await new SignerClient(sent.signers[0].signingUrl).sign({ consent: true, values: { [field.id]: { type: 'typed', text: 'Ann' } } });
		await until(() => receiver.received.map((r) => r.body.event), (events) => events.includes('workflow.completed'));

		const ofWorkflow = receiver.received.filter((r) => r.body.data.workflowId === workflow.id).map((r) => r.body);
		const bySequence = [...ofWorkflow].sort((a, b) => a.data.sequence - b.data.sequence);
		expect(bySequence.map((body) => body.data.sequence)).toEqual(bySequence.map((_body, index) => index + 1));
		expect(bySequence.map((body) => body.event)).toEqual([
			'workflow.created',
			'file.added',
			'signer.added',
			'signature.added',
			'workflow.sent',
			'signer.invited',
			'signer.signed',
			'workflow.completed',
		]);
		const invited = bySequence.find((body) => body.event === 'signer.invited')!;
		expect(invited.data).toMatchObject({
			requestFrom: 'HR',
			metadata: { candidate: 'C-1' },
			signer: { id: signer.id, name: 'Ann', email: 'ann@example.com', role: 'signer', signingUrl: sent.signers[0].signingUrl },
		});
		const completed = bySequence.find((body) => body.event === 'workflow.completed')!;
		expect(completed.data.workflow).toMatchObject({ id: workflow.id, status: 'completed', files: [{ id: file.id, signedSha256: expect.any(String) }], signers: [{ id: signer.id, status: 'signed' }] });
		expect(completed.data.files[0]).toMatchObject({ fileId: file.id, signedSha256: expect.any(String) });
		expect(bySequence.find((body) => body.event === 'signer.signed')!.data.signer.signingUrl).toBeUndefined();
	});
});

describe('the network guard', () => {
	let t: TestEngine;
	let receiver: Receiver;
	beforeAll(async () => {
		t = await startTestEngine({ webhookPollIntervalMs: 25, webhookAllowList: ['allowed.test'] });
		receiver = await startReceiver();
	});
	afterAll(async () => {
		await receiver.close();
		await t.destroy();
	});

	it('refuses loopback and private addresses unless the operator allows them', async () => {
		for (const url of [receiver.url, 'http://localhost:9/hook', 'http://10.0.0.5/hook', 'http://[::1]:9/hook', 'http://192.168.1.20/hook']) {
			const response = await t.api.post('/webhooks', { name: 'x', url });
			expect({ url, code: response.body.error?.code }).toEqual({ url, code: 'webhook_url_not_allowed' });
		}
	});

	it('never follows a redirect', async () => {
		const open = await startTestEngine({ allowPrivateWebhooks: true, webhookPollIntervalMs: 25 });
		const target = await startReceiver();
		try {
			receiver.respond = () => ({ status: 302, headers: { location: target.url } });
			const config = (await open.api.post('/webhooks', { name: 'Redirector', url: receiver.url, events: ['workflow.created'], retryIntervals: [] })).body;
			await open.api.post('/workflows', { name: 'x' });
			const dead = await until(() => open.api.get(`/webhooks/${config.id}/deliveries`), (response) => response.body.data[0]?.status === 'dead');
			expect(dead.body.data[0].lastStatusCode).toBe(302);
			expect(target.received).toHaveLength(0);
		} finally {
			await target.close();
			await open.destroy();
		}
	});
});
