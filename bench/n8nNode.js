// The action node inside a real n8n: N items through Signflow -> Create Signing Workflow, next to
// n8n's own HTTP Request node posting the same body to the same endpoint with the same API key,
// in the same n8n and against the same remote engine, runs interleaved, median of 3.
//
// The package is `npm pack`ed and installed into the n8n user folder as n8n's Community Nodes
// install does; the engine is `signflow serve` in a child process (default info log level).
// Each flow: Webhook -> Code (N items) -> the node under test. The figure is the node's own
// execution time as n8n records it (runData executionTime); wall time of the webhook call is printed too.
//
//   BENCH_N8N_ITEMS    items per run (default 1000)
//   BENCH_N8N_VERSION  2.41.0 (default, Node 24) or 2.8.4 (Node 20)
//   BENCH_N8N_CPU_PROF a folder: n8n runs with --cpu-prof and writes its profile there when it stops
'use strict';
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createOrganization, cpuMsOf, serve } = require('./engineProcess');
const { record, median } = require('./report');
const { installLikeN8n, packTarball } = require('../test/helpers/n8n/installedCommunityPackage');
const { importInto, n8nHome } = require('../test/helpers/n8n/installedN8n');
const { startN8n } = require('../test/helpers/n8n/installedServer');

const ITEMS = Number(process.env.BENCH_N8N_ITEMS ?? 1000);
const VERSION = process.env.BENCH_N8N_VERSION ?? '2.41.0';
const REPETITIONS = 3;
const TYPE_PREFIX = 'n8n-nodes-signflow.';
const CPU_PROF = process.env.BENCH_N8N_CPU_PROF;

function startEngine(dataDir) {
	// Info logging, as users run it; rate limits off: the bench sends thousands of requests a minute with one key.
	return serve(['--data', dataDir], { env: { SIGNFLOW_LOG_LEVEL: 'info', SIGNFLOW_RATE_LIMIT_API: '0' } });
}

/** Webhook -> Code making N items (accents, CJK, emoji in the names) -> the node under test. */
function flow(id, name, path, target) {
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
		nodes: [
			{
				id: `${id}-start`,
				name: 'Start',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `6f1c2d3e-4b5a-4c6d-8e7f-${id === 'benchSignflow' ? '000000000001' : '000000000002'}`,
				parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', responseData: 'noData', options: {} },
			},
			{
				id: `${id}-items`,
				name: 'Items',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 0],
				parameters: {
					jsCode:
						"const count = $input.first().json.body.count;\nreturn Array.from({ length: count }, (_, i) => ({ json: { name: `Contrat n°${i} — Zoë Ångström, 東京 📄` } }));",
				},
			},
			{ id: `${id}-target`, position: [400, 0], ...target },
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: target.name, type: 'main', index: 0 }]] },
		},
	};
}

const signflowFlow = () =>
	flow('benchSignflow', 'Bench: Signflow node', 'bench-signflow', {
		name: 'Signflow',
		type: `${TYPE_PREFIX}signflow`,
		typeVersion: 2,
		credentials: { signflowApi: { id: 'benchSignflowCred', name: 'Signflow' } },
		parameters: { resource: 'workflow', operation: 'add', name: '={{ $json.name }}', additionalFields: {} },
	});

const httpFlow = (engineUrl) =>
	flow('benchHttp', 'Bench: HTTP Request node', 'bench-http', {
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		credentials: { httpHeaderAuth: { id: 'benchHeaderCred', name: 'Signflow key' } },
		parameters: {
			method: 'POST',
			url: `${engineUrl}/api/v1/workflows`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody: '={{ JSON.stringify({ name: $json.name }) }}',
			options: {},
		},
	});

/**
 * One webhook-started run: the node's own time as n8n recorded it, the wall time of the call, and
 * the CPU time n8n's main process and the engine spent on it (the Code node runs in n8n's task
 * runner, another process). CPU per item holds still on a loaded machine, where times do not.
 */
async function run(n8n, engine, workflow, webhookPath) {
	const cpuBefore = { n8n: cpuMsOf(n8n.pid), engine: cpuMsOf(engine.child.pid) };
	const started = process.hrtime.bigint();
	const response = await fetch(`${n8n.url}/webhook/${webhookPath}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ count: ITEMS }),
	});
	await response.text();
	const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
	const n8nCpuMs = cpuMsOf(n8n.pid) - cpuBefore.n8n;
	const engineCpuMs = cpuMsOf(engine.child.pid) - cpuBefore.engine;
	if (response.status !== 200) throw new Error(`${workflow.name}: webhook answered ${response.status}`);
	const listed = await n8n.api('GET', `/executions?workflowId=${workflow.id}&includeData=true&limit=1`);
	const execution = listed.body.data[0];
	const target = workflow.nodes[2].name;
	const runs = execution.data.resultData.runData[target];
	const out = runs?.[0]?.data?.main?.[0] ?? [];
	if (execution.status !== 'success' || out.length !== ITEMS || !out.every((item) => typeof item.json.id === 'string'))
		throw new Error(`${workflow.name}: execution ${execution.id} ${execution.status}, ${out.length} items: ${JSON.stringify(execution.data.resultData.error ?? out[0])}`);
	return { nodeMs: runs[0].executionTime, wallMs, n8nCpuMs, engineCpuMs };
}

async function waitForWebhook(n8n, webhookPath) {
	const deadline = Date.now() + 120_000;
	for (;;) {
		const response = await fetch(`${n8n.url}/webhook/${webhookPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"count":1}' });
		await response.text();
		if (response.status === 200) return;
		if (Date.now() > deadline) throw new Error(`webhook ${webhookPath} never answered: ${response.status}`);
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
}

module.exports = async function n8nNodeBench() {
	const dataDir = mkdtempSync(path.join(os.tmpdir(), 'signflow-bench-n8n-'));
	const apiKey = await createOrganization(['--data', dataDir], 'Bench Société');
	const engine = await startEngine(dataDir);
	const home = n8nHome({ version: VERSION, loadDist: false });
	if (CPU_PROF) home.env.NODE_OPTIONS = `${home.env.NODE_OPTIONS ?? ''} --cpu-prof --cpu-prof-dir=${path.resolve(CPU_PROF)}`.trim();
	let n8n = null;
	try {
		installLikeN8n(packTarball(), home.folder, home.install);
		const signflow = signflowFlow();
		const http = httpFlow(engine.url);
		await importInto(home, [{ id: 'benchSignflowCred', name: 'Signflow', type: 'signflowApi', data: { mode: 'remote', url: engine.url, apiKey } }], signflow);
		await importInto(home, [{ id: 'benchHeaderCred', name: 'Signflow key', type: 'httpHeaderAuth', data: { name: 'Authorization', value: `Bearer ${apiKey}` } }], http);
		n8n = await startN8n(home);
		const contenders = [
			{ what: 'Signflow node -> Create Signing Workflow', workflow: signflow, path: 'bench-signflow', runs: [] },
			{ what: 'HTTP Request node -> POST /api/v1/workflows', workflow: http, path: 'bench-http', runs: [] },
		];
		for (const { workflow, path: webhookPath } of contenders) {
			const activated = await n8n.api('POST', `/workflows/${workflow.id}/activate`);
			if (activated.status !== 200) throw new Error(`could not activate ${workflow.name}: ${JSON.stringify(activated.body)}`);
			await n8n.published(workflow.id);
			await waitForWebhook(n8n, webhookPath);
			await run(n8n, engine, workflow, webhookPath); // warm-up: n8n and the engine load their code paths
		}
		for (let repetition = 0; repetition < REPETITIONS; repetition++)
			for (const contender of contenders) contender.runs.push(await run(n8n, engine, contender.workflow, contender.path));

		const rows = contenders.map(({ what, runs }) => {
			const nodeMs = median(runs.map((r) => r.nodeMs));
			return {
				what,
				items: ITEMS,
				'node ms (median)': Math.round(nodeMs),
				'items/s': Math.round(ITEMS / (nodeMs / 1000)),
				'ms/item': Number((nodeMs / ITEMS).toFixed(3)),
				'wall ms (median)': Math.round(median(runs.map((r) => r.wallMs))),
				'n8n CPU ms/item': Number((median(runs.map((r) => r.n8nCpuMs)) / ITEMS).toFixed(3)),
				'engine CPU ms/item': Number((median(runs.map((r) => r.engineCpuMs)) / ITEMS).toFixed(3)),
				'node ms (runs)': runs.map((r) => Math.round(r.nodeMs)).join(' / '),
			};
		});
		console.log(`\nn8n ${VERSION}: ${ITEMS} items through each node, remote engine on loopback (median of ${REPETITIONS}, interleaved):`);
		console.table(rows);
		record({
			path: `n8n ${VERSION} action node: ${ITEMS} items -> Create Signing Workflow`,
			ours: rows[0]['items/s'],
			floor: rows[1]['items/s'],
			unit: 'items/s',
			better: 'higher',
			target: 1.0,
			note: "floor: n8n's HTTP Request node posting the same body to the same endpoint",
		});
		return rows;
	} finally {
		await n8n?.stop();
		home.remove();
		await engine.stop();
		rmSync(dataDir, { recursive: true, force: true });
	}
};
