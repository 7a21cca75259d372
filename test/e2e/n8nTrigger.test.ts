import { readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ApiClient } from '../helpers/engine/apiClient';
import { runCli, spawnEngine, type EngineProcess } from '../helpers/engine/cli';
import { tempDataDir } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { importInto, n8nHome, type N8nHome, type N8nVersion } from '../helpers/n8n/installedN8n';
import { startN8n, type N8nServer } from '../helpers/n8n/installedServer';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { until } from '../helpers/waits';

/*
 * The trigger inside a REAL n8n started with `n8n start`, 2.8.4 (Node 20) and
 * 2.41.0 (Node 24, what users run today): the flow is imported and activated
 * through n8n's public API, which makes the trigger register its webhook at a
 * remote engine; "Listen for test event" is the editor's own REST call; engine
 * events then start executions that are read back through the public API.
 */

const FLOW = JSON.parse(readFileSync(path.resolve(__dirname, 'n8n/trigger-flow.json'), 'utf8'));
const TRIGGER = FLOW.nodes[0].name as string;
/** The same flow on a credential whose engine cannot be reached. */
const DOWN_FLOW = {
	...FLOW,
	id: 'signflowTriggerDown',
	name: 'Signflow: engine down',
	nodes: FLOW.nodes.map((node: { name: string }) =>
		node.name === TRIGGER
			? { ...node, id: 'd01', webhookId: '9b0e4c71-1f6a-4d2b-8e3c-2a7d5f6e8c02', credentials: { signflowApi: { id: 'signflowDown', name: 'Signflow (down)' } } }
			: { ...node, id: 'd02' },
	),
};

/** A port on loopback that nothing listens on. */
async function closedPort(): Promise<number> {
	return new Promise((resolve) => {
		const server = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

const VERSIONS: N8nVersion[] = ['2.8.4', '2.41.0'];

describe.each(VERSIONS)('the Signflow trigger in a real n8n %s', (version) => {
	const dataDir = tempDataDir('n8n-trigger');
	let engine: EngineProcess;
	let engineApi: ApiClient;
	let downUrl: string;
	let home: N8nHome;
	let n8n: N8nServer;

	beforeAll(async () => {
		const { apiKey } = JSON.parse((await runCli(['org', 'create', '--name', 'Trigger Co', '--json', '--data', dataDir])).stdout);
		engine = await spawnEngine(['--data', dataDir, '--allow-private-webhooks']);
		engineApi = new ApiClient(engine.url, apiKey);
		downUrl = `http://127.0.0.1:${await closedPort()}`;
		home = n8nHome({ version });
		await importInto(
			home,
			[
				{ id: 'signflowCred', name: 'Signflow', type: 'signflowApi', data: { mode: 'remote', url: engine.url, apiKey } },
				{ id: 'signflowDown', name: 'Signflow (down)', type: 'signflowApi', data: { mode: 'remote', url: downUrl, apiKey: 'sf_live_unused' } },
			],
			[FLOW, DOWN_FLOW],
		);
		n8n = await startN8n(home);
	}, 360_000);

	afterAll(async () => {
		await n8n?.stop();
		engine?.child.kill('SIGTERM');
		await engine?.exited;
		home?.remove();
		rmSync(dataDir, { recursive: true, force: true });
	});

	const productionUrl = `/webhook/${FLOW.nodes[0].webhookId}/webhook`;
	const testUrl = `/webhook-test/${FLOW.nodes[0].webhookId}/webhook`;
	const hooks = async () => ((await engineApi.get('/webhooks')).body.data as Array<{ id: string; url: string; events: string[] }>).filter((hook) => hook.url.startsWith(n8n.url));

	/** Every execution of the flow with the item its trigger emitted, read back from n8n's public API. */
	async function executions(): Promise<Array<{ mode: string; event: string; data: any; webhookId: string; binary?: any }>> {
		const list = await n8n.api('GET', `/executions?workflowId=${FLOW.id}&includeData=true&limit=100`);
		expect(list.status).toBe(200);
		return (list.body.data as Array<{ mode: string; data: any }>).flatMap((execution) => {
			const item = execution.data?.resultData?.runData?.[TRIGGER]?.[0]?.data?.main?.[0]?.[0];
			return item ? [{ mode: execution.mode, ...item.json, binary: item.binary }] : [];
		});
	}
	/** The events the active flow (its production URL) was started with. */
	const startedEvents = async () => (await executions()).filter((execution) => execution.mode !== 'manual');

	/** n8n 2.41 publishes in the background: how each trigger of a flow ended up. */
	async function publication(workflowId: string) {
		return until(
			async () => (await n8n.rest('GET', `/workflows/${workflowId}/publication-status`)).body.data as { status: string; triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }> },
			(status) => status !== undefined && !['in_progress', 'not_published'].includes(status.status),
			90_000,
		);
	}

	async function sentWorkflow(name: string, extra: object = {}, signers = [{ name: 'Ann Lee', email: 'ann@example.com' }]) {
		const workflow = (await engineApi.post('/workflows', { name, ...extra })).body;
		const file = (await engineApi.upload(workflow.id, 'offer.pdf', fixturePdf('a4-1page.pdf'))).body;
		const fields: string[] = [];
		for (const [index, person] of signers.entries()) {
			const signer = (await engineApi.post(`/workflows/${workflow.id}/signers`, person)).body;
			fields.push((await engineApi.post(`/workflows/${workflow.id}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 50, y: 50 + 80 * index })).body.id);
		}
		const sent = (await engineApi.post(`/workflows/${workflow.id}/send`)).body;
		const links = (sent.signers as Array<{ signingUrl: string }>).map((signer) => new SignerClient(signer.signingUrl));
		const sign = (index: number) => links[index].sign({ consent: true, values: { [fields[index]]: { type: 'typed', text: signers[index].name } } });
		return { workflowId: workflow.id as string, fieldId: fields[0], link: links[0], sign };
	}

	it('registers its webhook at the engine when the flow is activated', async () => {
		const activated = await n8n.api('POST', `/workflows/${FLOW.id}/activate`);
		expect(activated.status).toBe(200);
		const registered = await until(hooks, (list) => list.length === 1, 60_000);
		expect(registered).toEqual([
			expect.objectContaining({ url: `${n8n.url}${productionUrl}`, events: ['signer.signed', 'workflow.completed', 'workflow.expired', 'workflow.refused'] }),
		]);
		if (version !== '2.8.4') expect(await publication(FLOW.id)).toMatchObject({ status: 'published', triggers: [{ nodeId: 't01', status: 'activated', errorMessage: null }] });
	}, 120_000);

	it('"Listen for test event" takes the next event, while the active flow takes it too', async () => {
		const listening = await n8n.listenForTestEvent(FLOW.id, TRIGGER);
		expect(listening).toMatchObject({ status: 200, body: { data: { waitingForWebhook: true } } });
		const both = await until(hooks, (list) => list.length === 2, 20_000);
		expect(both.map((hook) => hook.url.slice(n8n.url.length)).sort()).toEqual([productionUrl, testUrl].sort());

		// The test URL checks its requests too; a forgery does not end the listening.
		const forged = await fetch(`${n8n.url}${testUrl}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'webhook-id': 'msg_forged', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,bm90IGEgcmVhbCBzaWduYXR1cmU=' },
			body: JSON.stringify({ event: 'signer.signed', data: { workflowId: 'forged' } }),
		});
		expect(forged.status).toBe(401);
		expect(await hooks()).toHaveLength(2);

		// Two signers in parallel: the first signature is one event, signer.signed.
		const offer = await sentWorkflow('Offre d\u2019emploi \u2013 Zu\u0308rich \u2013 \u0639\u0642\u062F \uD83D\uDCC4', {}, [
			{ name: 'Zoe\u0308 \u00D8deg\u00E5rd', email: 'zoe@example.com' },
			{ name: '\u674E\u534E', email: 'li.hua@example.com' },
		]);
		expect((await offer.sign(0)).status).toBe(200);
		const seen = await until(
			executions,
			(list) => ['manual', 'webhook'].every((mode) => list.some((execution) => execution.mode === mode && execution.data.workflowId === offer.workflowId)),
			60_000,
		);
		const mine = seen.filter((execution) => execution.data.workflowId === offer.workflowId);
		const test = mine.filter((execution) => execution.mode === 'manual');
		expect(test).toEqual([
			expect.objectContaining({
				event: 'signer.signed',
				webhookId: expect.stringMatching(/^msg_/),
				data: expect.objectContaining({ workflowId: offer.workflowId, name: 'Zoe\u0308 \u00D8deg\u00E5rd'.normalize('NFC'), email: 'zoe@example.com' }),
			}),
		]);
		const production = mine.filter((execution) => execution.mode === 'webhook');
		expect(production).toEqual([expect.objectContaining({ event: 'signer.signed' })]);
		expect(production[0].webhookId).not.toBe(test[0].webhookId); // one delivery per registration

		// n8n stops listening after one event: the trigger removes the test registration; the production one stays and keeps working.
		expect(await until(hooks, (list) => list.length === 1, 30_000)).toEqual([expect.objectContaining({ url: `${n8n.url}${productionUrl}` })]);
		expect((await offer.sign(1)).status).toBe(200);
		const started = (list: Awaited<ReturnType<typeof executions>>) =>
			list.filter((execution) => execution.data.workflowId === offer.workflowId).map((execution) => `${execution.mode} ${execution.event}`);
		// The second signature's execution and the completion's, whichever n8n saves first.
		const after = await until(
			executions,
			(list) => started(list).filter((entry) => entry.startsWith('webhook ')).length >= 3,
			60_000,
		);
		expect(started(after).sort()).toEqual([
			'manual signer.signed',
			'webhook signer.signed',
			'webhook signer.signed',
			'webhook workflow.completed',
		]);
	}, 180_000);

	it('starts an execution when a signer signs and the workflow completes, with the signed PDF', async () => {
		const { workflowId, fieldId, link } = await sentWorkflow('Offer letter');
		expect((await link.sign({ consent: true, values: { [fieldId]: { type: 'typed', text: 'Ann' } } })).status).toBe(200);
		// Both executions, whichever n8n finishes first (the seal can come before the first execution is saved).
		const events = await until(
			startedEvents,
			(list) => ['signer.signed', 'workflow.completed'].every((type) => list.some((event) => event.event === type && event.data.workflowId === workflowId)),
			60_000,
		);
		const mine = events.filter((event) => event.data.workflowId === workflowId);
		expect(mine.map((event) => event.event).sort()).toEqual(['signer.signed', 'workflow.completed']);
		const completed = mine.find((event) => event.event === 'workflow.completed')!;
		expect(completed.webhookId).toMatch(/^msg_/);
		expect(completed.binary?.data).toMatchObject({ fileName: 'offer-signed.pdf', mimeType: 'application/pdf' });
	}, 90_000);

	it('starts an execution when a signer refuses, and when a workflow expires', async () => {
		const refused = await sentWorkflow('To be refused');
		await refused.link.refuse('The salary is wrong');
		const expiring = await sentWorkflow('To expire', { expiresAt: new Date(Date.now() + 3000).toISOString() });
		const events = await until(
			startedEvents,
			(list) =>
				list.some((event) => event.event === 'workflow.refused' && event.data.workflowId === refused.workflowId) &&
				list.some((event) => event.event === 'workflow.expired' && event.data.workflowId === expiring.workflowId),
			60_000,
		);
		expect(events.find((event) => event.event === 'workflow.refused')!.data).toMatchObject({ reason: 'The salary is wrong' });
		// signer.refused was not picked: it started nothing.
		expect(events.some((event) => event.event === 'signer.refused')).toBe(false);
	}, 90_000);

	it('answers a forged request with 401 and starts nothing', async () => {
		const before = (await executions()).length;
		const body = JSON.stringify({ event: 'workflow.completed', data: { workflowId: 'forged' } });
		const forged = await fetch(`${n8n.url}${productionUrl}`, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'webhook-id': 'msg_forged',
				'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
				'webhook-signature': 'v1,bm90IGEgcmVhbCBzaWduYXR1cmU=',
			},
			body,
		});
		expect(forged.status).toBe(401);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		expect((await executions()).length).toBe(before);
	}, 30_000);

	it('leaves nothing registered at the engine once the flow is deactivated', async () => {
		const deactivated = await n8n.api('POST', `/workflows/${FLOW.id}/deactivate`);
		expect(deactivated.status).toBe(200);
		expect(await until(hooks, (list) => list.length === 0, 60_000)).toEqual([]);
	}, 90_000);

	it('says which engine it could not reach and what to fix, on activation and on "Listen for test event"', async () => {
		const expected = `Could not reach the Signflow engine at ${downUrl}: connection refused. Check the Engine URL of the Signflow credential`;
		const listening = await n8n.listenForTestEvent(DOWN_FLOW.id, TRIGGER);
		expect(listening.status).toBeGreaterThanOrEqual(400);
		expect(JSON.stringify(listening.body)).toContain(expected);

		const activated = await n8n.api('POST', `/workflows/${DOWN_FLOW.id}/activate`);
		if (version === '2.8.4') {
			// Activation runs the trigger's hooks before it answers.
			expect(activated.status).toBe(400);
			expect(activated.body.message).toContain(expected);
		} else {
			// Publishing runs in the background; the publication status tells how the trigger ended.
			expect(activated.status).toBe(200);
			const status = await publication(DOWN_FLOW.id);
			expect(status).toMatchObject({ status: 'failed', triggers: [{ nodeId: 'd01', status: 'failed', errorMessage: expect.stringContaining(expected) }] });
		}
	}, 180_000);
});
