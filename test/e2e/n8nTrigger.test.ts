import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ApiClient } from '../helpers/apiClient';
import { runCli, spawnEngine, type EngineProcess } from '../helpers/child';
import { tempDataDir } from '../helpers/engine';
import { fixturePdf } from '../helpers/fixtures';
import { startN8n, type N8nServer } from '../helpers/n8nServer';
import { importInto, n8nHome, type N8nHome } from '../helpers/realN8n';
import { SignerClient } from '../helpers/signerClient';
import { until } from '../helpers/waits';

/*
 * The trigger inside a REAL n8n 2.8.4 started with `n8n start`: the flow is
 * imported and activated through n8n's public API, which makes the trigger
 * register its webhook at a remote engine; engine events then start
 * executions that are read back through the same API.
 */

const FLOW = JSON.parse(readFileSync(path.resolve(__dirname, 'n8n/trigger-flow.json'), 'utf8'));

describe('the Signflow trigger in a real n8n 2.8.4', () => {
	const dataDir = tempDataDir('n8n-trigger');
	let engine: EngineProcess;
	let engineApi: ApiClient;
	let home: N8nHome;
	let n8n: N8nServer;

	beforeAll(async () => {
		const { apiKey } = JSON.parse(runCli(['org', 'create', '--name', 'Trigger Co', '--json', '--data', dataDir]).stdout);
		engine = await spawnEngine(['--data', dataDir, '--allow-private-webhooks']);
		engineApi = new ApiClient(engine.url, apiKey);
		home = n8nHome();
		await importInto(home, [{ id: 'signflowCred', name: 'Signflow', type: 'signflowApi', data: { mode: 'remote', url: engine.url, apiKey } }], FLOW);
		n8n = await startN8n(home);
	}, 180_000);

	afterAll(async () => {
		await n8n?.stop();
		engine?.child.kill('SIGTERM');
		await engine?.exited;
		home?.remove();
		rmSync(dataDir, { recursive: true, force: true });
	});

	const hooks = async () => ((await engineApi.get('/webhooks')).body.data as Array<{ id: string; url: string; events: string[] }>).filter((hook) => hook.url.startsWith(n8n.url));

	/** The events the flow was started with, read back from n8n's executions. */
	async function startedEvents(): Promise<Array<{ event: string; data: any; webhookId: string; binary?: any }>> {
		const list = await n8n.api('GET', `/executions?workflowId=${FLOW.id}&includeData=true&limit=100`);
		return (list.body.data as Array<{ data: any }>)
			.map((execution) => execution.data?.resultData?.runData?.['Signflow Trigger']?.[0]?.data?.main?.[0]?.[0])
			.filter(Boolean)
			.map((item: { json: any; binary?: any }) => ({ ...item.json, binary: item.binary }));
	}

	async function sentWorkflow(name: string, extra: object = {}) {
		const workflow = (await engineApi.post('/workflows', { name, ...extra })).body;
		const file = (await engineApi.upload(workflow.id, 'offer.pdf', fixturePdf('a4-1page.pdf'))).body;
		const signer = (await engineApi.post(`/workflows/${workflow.id}/signers`, { name: 'Ann', email: 'ann@example.com' })).body;
		const field = (await engineApi.post(`/workflows/${workflow.id}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 50, y: 50 })).body;
		const sent = (await engineApi.post(`/workflows/${workflow.id}/send`)).body;
		return { workflowId: workflow.id as string, fieldId: field.id as string, link: new SignerClient(sent.signers[0].signingUrl) };
	}

	it('registers its webhook at the engine when the flow is activated', async () => {
		const activated = await n8n.api('POST', `/workflows/${FLOW.id}/activate`);
		expect(activated.status).toBe(200);
		const registered = await until(hooks, (list) => list.length === 1, 20_000);
		expect(registered[0]).toMatchObject({
			url: `${n8n.url}/webhook/${FLOW.nodes[0].webhookId}/webhook`,
			events: ['signer.signed', 'workflow.completed', 'workflow.expired', 'workflow.refused'],
		});
	}, 60_000);

	it('starts an execution when a signer signs and the workflow completes, with the signed PDF', async () => {
		const { workflowId, fieldId, link } = await sentWorkflow('Offer letter');
		expect((await link.sign({ consent: true, values: { [fieldId]: { type: 'typed', text: 'Ann' } } })).status).toBe(200);
		const events = await until(startedEvents, (list) => list.some((event) => event.event === 'workflow.completed' && event.data.workflowId === workflowId), 30_000);
		const mine = events.filter((event) => event.data.workflowId === workflowId);
		expect(mine.map((event) => event.event).sort()).toEqual(['signer.signed', 'workflow.completed']);
		const completed = mine.find((event) => event.event === 'workflow.completed')!;
		expect(completed.webhookId).toMatch(/^msg_/);
		expect(completed.binary?.data).toMatchObject({ fileName: 'offer-signed.pdf', mimeType: 'application/pdf' });
	}, 60_000);

	it('starts an execution when a signer refuses, and when a workflow expires', async () => {
		const refused = await sentWorkflow('To be refused');
		await refused.link.refuse('The salary is wrong');
		const expiring = await sentWorkflow('To expire', { expiresAt: new Date(Date.now() + 3000).toISOString() });
		const events = await until(
			startedEvents,
			(list) =>
				list.some((event) => event.event === 'workflow.refused' && event.data.workflowId === refused.workflowId) &&
				list.some((event) => event.event === 'workflow.expired' && event.data.workflowId === expiring.workflowId),
			40_000,
		);
		expect(events.find((event) => event.event === 'workflow.refused')!.data).toMatchObject({ reason: 'The salary is wrong' });
		// signer.refused was not picked: it started nothing.
		expect(events.some((event) => event.event === 'signer.refused')).toBe(false);
	}, 60_000);

	it('answers a forged request with 401 and starts nothing', async () => {
		const before = (await startedEvents()).length;
		const body = JSON.stringify({ event: 'workflow.completed', data: { workflowId: 'forged' } });
		const forged = await fetch(`${n8n.url}/webhook/${FLOW.nodes[0].webhookId}/webhook`, {
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
		expect((await startedEvents()).length).toBe(before);
	}, 30_000);

	it('leaves nothing registered at the engine once the flow is deactivated', async () => {
		const deactivated = await n8n.api('POST', `/workflows/${FLOW.id}/deactivate`);
		expect(deactivated.status).toBe(200);
		expect(await until(hooks, (list) => list.length === 0, 20_000)).toEqual([]);
	}, 30_000);
});
