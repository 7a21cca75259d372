import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ApiClient } from '../helpers/engine/apiClient';
import { runCli, spawnEngine, type EngineProcess } from '../helpers/engine/cli';
import { tempDataDir } from '../helpers/engine/engine';
import { startRoundRobinProxy, type RoundRobinProxy } from '../helpers/engine/roundRobinProxy';
import { SignerClient } from '../helpers/engine/signerClient';
import { createTestDatabase, dropTestDatabase } from '../helpers/engine/testDatabase';
import { installLikeN8n, packTarball } from '../helpers/n8n/installedCommunityPackage';
import { importInto, n8nHome, type N8nHome } from '../helpers/n8n/installedN8n';
import { startN8n, type N8nServer } from '../helpers/n8n/installedServer';
import { queueModeEnv, startN8nWorker, type N8nWorker } from '../helpers/n8n/queueMode';
import { deleteRedisKeys, redisKeys, requireRedis } from '../helpers/redis';
import { until } from '../helpers/waits';

/*
 * The scale-out layout the README recommends, for real: n8n 2.8.4 in queue mode (`n8n start`
 * plus `n8n worker`, one PostgreSQL database, this machine's Redis), each process with the
 * package installed the way n8n installs community packages, and a remote-engine credential
 * pointing at two `signflow serve` processes on one PostgreSQL database behind a round-robin
 * proxy (the load balancer). The signing flow is started at the main process and must run on the
 * worker; the trigger's webhook must reach the main process and its execution run on the worker.
 * Which process ran what is read twice: a Set node writes $env.SIGNFLOW_E2E_PROCESS (set apart on
 * each process) into the execution, and the processes' own log lines (main: "Enqueued execution
 * N", worker: "Worker started execution N") name the executions read back through the public API.
 */

const E2E = path.resolve(__dirname, 'n8n');
const PDF = path.resolve(__dirname, '../fixtures/pdf/a4-1page.pdf');
const SIGNERS = { ann: 'Zoë Ångström-Núñez', bob: 'Bob 李雷 Zu\u0308rich' };
const START_PATH = 'signflow-queue-e2e';
/** n8n 2.x blocks $env in expressions unless told; only the "Ran On" nodes read it. */
const RAN_ON = {
	type: 'n8n-nodes-base.set',
	typeVersion: 3.4,
	parameters: {
		assignments: { assignments: [{ id: 'r01', name: 'ranOn', value: '={{ $env.SIGNFLOW_E2E_PROCESS }}', type: 'string' }] },
		includeOtherFields: true,
		options: {},
	},
};

function asInstalled(file: string): any {
	return JSON.parse(
		readFileSync(path.join(E2E, file), 'utf8')
			.replaceAll('CUSTOM.', 'n8n-nodes-signflow.')
			.replaceAll('__PDF_PATH__', PDF)
			.replaceAll('Ann Lee', SIGNERS.ann)
			.replaceAll('Bob Ray', SIGNERS.bob),
	);
}

/** The action-node flow up to Send (the test signs, as a signer's browser would), started by a production webhook at main. */
function signingFlow(): any {
	const flow = asInstalled('signing-flow.json');
	const dropped = ['Ann Signs', 'Bob Signs', 'Download Signed Document'];
	flow.nodes = flow.nodes.filter((node: { name: string }) => !dropped.includes(node.name));
	for (const name of dropped) delete flow.connections[name];
	const start = flow.nodes.find((node: { name: string }) => node.name === 'Start');
	Object.assign(start, {
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: '5e0b2c4d-8a1f-4b3e-9d7c-6f5a4b3c2d1e',
		parameters: { httpMethod: 'POST', path: START_PATH, responseMode: 'onReceived', options: {} },
	});
	flow.nodes.push({ id: 'n20', name: 'Ran On', position: [2000, 0], ...RAN_ON });
	flow.connections.Send = { main: [[{ node: 'Ran On', type: 'main', index: 0 }]] };
	return { ...flow, id: 'signflowQueue1', name: 'Signflow: offer letter in queue mode', settings: { ...flow.settings, saveDataSuccessExecution: 'all' } };
}

function triggerFlow(): any {
	const flow = asInstalled('trigger-flow.json');
	flow.nodes = flow.nodes.map((node: { name: string; id: string }) => (node.name === 'Done' ? { id: node.id, name: 'Ran On', position: [200, 0], ...RAN_ON } : node));
	flow.connections = { 'Signflow Trigger': { main: [[{ node: 'Ran On', type: 'main', index: 0 }]] } };
	return { ...flow, id: 'signflowQueueTrigger1', name: 'Signflow: signing events in queue mode' };
}

interface Execution {
	id: string;
	status: string;
	mode: string;
	data?: { resultData?: { error?: { message: string }; runData?: Record<string, Array<{ executionStatus: string; data: { main: Array<Array<{ json: any; binary?: any }>> } }>> } };
}

describe('n8n 2.8.4 in queue mode: main + worker on Redis, the credential on two engines behind a load balancer', () => {
	const signing = signingFlow();
	const trigger = triggerFlow();
	const redisPrefix = `signflow-e2e-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
	// Nothing shared but the database and the master key: documents and seals are in PostgreSQL.
	const dataDirs = [tempDataDir('queue-mode-a'), tempDataDir('queue-mode-b')];
	const masterKey = randomBytes(32).toString('base64');
	const databases: string[] = [];
	const engines: EngineProcess[] = [];
	let proxy: RoundRobinProxy;
	let engineApi: ApiClient;
	let mainHome: N8nHome;
	let workerHome: N8nHome;
	let main: N8nServer;
	let worker: N8nWorker;

	beforeAll(async () => {
		// Not a skip: this layout is part of what `npm test` proves on this machine.
		await requireRedis();
		const engineDb = await createTestDatabase();
		const n8nDb = await createTestDatabase();
		databases.push(engineDb.name, n8nDb.name);

		proxy = await startRoundRobinProxy();
		const engineEnv = { SIGNFLOW_MASTER_KEY: masterKey };
		const store = (index: number) => ['--data', dataDirs[index], '--database-url', engineDb.url];
		const created = await runCli(['org', 'create', '--name', 'Queue Mode Société', '--json', ...store(0)], engineEnv);
		if (created.code !== 0) throw new Error(`signflow org create failed: ${created.stderr}`);
		const { apiKey } = JSON.parse(created.stdout);
		for (let index = 0; index < 2; index++)
			engines.push(await spawnEngine([...store(index), '--public-url', proxy.url, '--allow-private-webhooks'], engineEnv));
		proxy.backends = engines.map((engine) => engine.url);
		engineApi = new ApiClient(proxy.url, apiKey);

		const shared = queueModeEnv({ databaseUrl: n8nDb.url, redisPrefix });
		const env = (role: string) => ({ ...shared, N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false', SIGNFLOW_E2E_PROCESS: role });
		mainHome = n8nHome({ loadDist: false, env: env('main') });
		workerHome = n8nHome({ loadDist: false, env: env('worker') });
		for (const home of [mainHome, workerHome]) installLikeN8n(packTarball(), home.folder, home.install);
		// One database: what main imports, the worker reads.
		await importInto(mainHome, [{ id: 'signflowCred', name: 'Signflow', type: 'signflowApi', data: { mode: 'remote', url: proxy.url, apiKey } }], signing);
		await importInto(mainHome, [], trigger);
		main = await startN8n(mainHome);
		worker = await startN8nWorker(workerHome);
		for (const flow of [trigger, signing]) {
			const activated = await main.api('POST', `/workflows/${flow.id}/activate`);
			if (activated.status !== 200) throw new Error(`activating ${flow.name} failed: ${JSON.stringify(activated.body)}\n${main.log().slice(-2000)}`);
		}
	}, 600_000);

	afterAll(async () => {
		await worker?.stop();
		await main?.stop();
		for (const engine of engines) {
			engine.child.kill('SIGTERM');
			await engine.exited;
		}
		await proxy?.close();
		mainHome?.remove();
		workerHome?.remove();
		for (const dataDir of dataDirs) rmSync(dataDir, { recursive: true, force: true });
		for (const name of databases) await dropTestDatabase(name);
		console.log(`queue mode: ${await deleteRedisKeys(redisPrefix)} Redis keys of this run deleted`);
		const left = await redisKeys(redisPrefix);
		if (left.length > 0) throw new Error(`Redis keys of this run left behind: ${left.join(', ')}`);
	}, 120_000);

	/** The finished executions of a flow, with their data, through main's public API. */
	async function finished(workflowId: string): Promise<Execution[]> {
		const list = await main.api('GET', `/executions?workflowId=${workflowId}&includeData=true&limit=50`);
		return ((list.body?.data ?? []) as Execution[]).filter((execution) => !['new', 'running', 'waiting'].includes(execution.status));
	}

	/** Waits for executions of a flow; fails saying what each process logged when none comes. */
	async function awaitExecutions(workflowId: string, accept: (executions: Execution[]) => boolean, what: string): Promise<Execution[]> {
		const executions = await until(() => finished(workflowId), accept, 120_000);
		if (!accept(executions))
			throw new Error(
				`${what}: not seen within 120 s (finished executions: ${JSON.stringify(executions.map(({ id, status }) => ({ id, status })))}).` +
					` In queue mode only a worker runs executions: is \`n8n worker\` running on the same Redis prefix (${redisPrefix}) and database?` +
					`\n--- main ---\n${main.log().slice(-1500)}\n--- worker ---\n${worker?.log().slice(-1500) ?? '(no worker)'}`,
			);
		return executions;
	}

	/** Who ran an execution, by the processes' own logs. */
	function ranBy(executionId: string) {
		return {
			enqueuedByMain: main.log().includes(`Enqueued execution ${executionId} `),
			startedOnWorker: worker.log().includes(`Worker started execution ${executionId} `),
			finishedOnWorker: worker.log().includes(`Worker finished execution ${executionId} `),
		};
	}

	const output = (execution: Execution, node: string) => execution.data?.resultData?.runData?.[node]?.[0]?.data?.main?.[0]?.[0];
	let sent: { workflowId: string; links: string[]; fields: string[] };

	it('runs the signing flow started at the main process on the worker', async () => {
		const started = await fetch(`${main.url}/webhook/${START_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		expect(started.status).toBe(200);
		const [execution] = await awaitExecutions(signing.id, (list) => list.length > 0, 'the signing flow, started at main');
		// A worker without the package fails here: "Unrecognized node type: n8n-nodes-signflow.signflow".
		expect({ status: execution.status, error: execution.data?.resultData?.error?.message }).toEqual({ status: 'success', error: undefined });
		const runData = execution.data!.resultData!.runData!;
		for (const [node, runs] of Object.entries(runData)) expect({ node, status: runs[0].executionStatus }).toEqual({ node, status: 'success' });

		const result = output(execution, 'Ran On')!.json;
		expect(result.ranOn).toBe('worker');
		expect(ranBy(execution.id)).toEqual({ enqueuedByMain: true, startedOnWorker: true, finishedOnWorker: true });
		// The jobs went through this run's Redis keys (Bull's, under QUEUE_BULL_PREFIX).
		expect((await redisKeys(`${redisPrefix}-bull:`)).length).toBeGreaterThan(0);

		// The engines hold what the worker built: a sent workflow with the uploaded file (read through either engine).
		expect(result).toMatchObject({ status: 'sent', name: `Offer letter for ${SIGNERS.ann}` });
		const workflow = (await engineApi.get(`/workflows/${result.id}`)).body;
		expect(workflow).toMatchObject({ status: 'sent', files: [expect.objectContaining({ name: 'offer.pdf' })] });
		sent = {
			workflowId: result.id,
			links: (result.signingLinks as Array<{ signingUrl: string }>).map((link) => link.signingUrl),
			fields: ['Add Signature Ann', 'Add Signature Bob'].map((node) => output(execution, node)!.json.id as string),
		};
		expect(sent.links.every((link) => link.startsWith(`${proxy.url}/sign/`))).toBe(true);
	}, 180_000);

	it('receives the trigger\u2019s webhooks at the main process and runs them on the worker, up to workflow.completed', async () => {
		// The trigger registered its production URL, which only the main process serves.
		const hooks = ((await engineApi.get('/webhooks')).body.data as Array<{ id: string; url: string }>).filter((hook) => hook.url.includes(trigger.nodes[0].webhookId));
		expect(hooks.map((hook) => hook.url)).toEqual([`${main.url}/webhook/${trigger.nodes[0].webhookId}/webhook`]);

		// Ann then Bob (orders 1 and 2), through the load balancer: the signing pages of either engine.
		if (!sent) throw new Error('nothing to sign: the signing flow did not run (see the test before)');
		for (const [index, name] of [SIGNERS.ann, SIGNERS.bob].entries()) {
			const signed = await new SignerClient(sent.links[index]).sign({ consent: true, values: { [sent.fields[index]]: { type: 'typed', text: name } } });
			expect({ signer: name, status: signed.status }).toEqual({ signer: name, status: 200 });
		}

		const mine = (list: Execution[]) => list.filter((execution) => output(execution, 'Signflow Trigger')?.json.data?.workflowId === sent.workflowId);
		const executions = mine(
			await awaitExecutions(
				trigger.id,
				(list) => mine(list).some((execution) => output(execution, 'Signflow Trigger')!.json.event === 'workflow.completed'),
				'the trigger\u2019s workflow.completed execution',
			),
		);
		const completed = executions.find((execution) => output(execution, 'Signflow Trigger')!.json.event === 'workflow.completed')!;
		expect(completed).toMatchObject({ status: 'success', mode: 'webhook' });
		expect(output(completed, 'Signflow Trigger')!.binary?.data).toMatchObject({ fileName: 'offer-signed.pdf', mimeType: 'application/pdf' });
		expect(output(completed, 'Ran On')!.json.ranOn).toBe('worker');
		for (const execution of executions) expect({ id: execution.id, ...ranBy(execution.id) }).toEqual({ id: execution.id, enqueuedByMain: true, startedOnWorker: true, finishedOnWorker: true });

		// Each engine served part of the traffic (the proxy hands connections out in turn).
		const served = engines.map((engine) => proxy.connections.get(engine.url) ?? 0);
		console.log(`queue mode: connections per engine ${served.join(' / ')}; executions ${executions.length + 1}`);
		expect(served.every((count) => count > 0)).toBe(true);
	}, 180_000);
});
