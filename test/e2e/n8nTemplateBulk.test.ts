import { rmSync } from 'node:fs';
import { ApiClient } from '../helpers/engine/apiClient';
import { runCli, spawnEngine, type EngineProcess } from '../helpers/engine/cli';
import { tempDataDir } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { importInto, n8nHome, type N8nHome, type N8nVersion } from '../helpers/n8n/installedN8n';
import { startN8n, type N8nServer } from '../helpers/n8n/installedServer';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { until } from '../helpers/waits';

/*
 * Bulk send from a template in a REAL n8n (`n8n start`; 2.8.4 on Node 20 and 2.41.0 on Node 24),
 * against a remote engine: a webhook-started flow takes a list of 50 people, Split Out makes one
 * item each (not a Code node: n8n's task runner, which Code needs, is refused with 403 on this
 * machine), and Signflow -> Create From Template (Send Now) makes and sends one signing workflow per
 * item, each person in the template's role and their salary prefilled. Every workflow is signed
 * through the signing API, and a second flow, a Signflow Trigger on workflow.completed, runs once
 * per completed workflow: 50 executions, one for each.
 */

const VERSIONS: N8nVersion[] = ['2.8.4', '2.41.0'];
const CREDENTIAL = { id: 'signflowCred', name: 'Signflow' };
const BULK_PATH = 'signflow-template-bulk';

const FIRST = ['Zoë', 'José', 'Ærøskøbing Åse', 'דנה', 'محمد', '山田', '王小明', 'Đặng Thị', 'Siobhán', 'Łukasz'];
const LAST = ['Ångström', 'Núñez 🚀', 'לוי', '太郎', 'Zu\u0308rich-Müller'];
/** 50 people with names in many scripts (one decomposed), each with an email and a salary of their own. */
const PEOPLE = FIRST.flatMap((first, i) =>
	LAST.map((last, j) => ({ name: `${first} ${last}`, email: `person.${i * LAST.length + j}@example.com`, salary: `${70 + i + j}.000 € brutto`, employeeId: `E-${i * LAST.length + j}` })),
);

function bulkFlow(templateId: string) {
	return {
		id: 'signflowTemplateBulk',
		name: 'Signflow: offer letters from a template',
		active: false,
		settings: { executionOrder: 'v1', saveDataErrorExecution: 'all' },
		nodes: [
			{
				id: 'b01',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '6f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e51',
				parameters: { httpMethod: 'POST', path: BULK_PATH, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
			},
			{
				id: 'b02',
				name: 'One Item per Person',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [200, 0],
				parameters: { fieldToSplitOut: 'body.people', include: 'noOtherFields', options: {} },
			},
			{
				id: 'b03',
				name: 'Create From Template',
				type: 'CUSTOM.signflow',
				typeVersion: 2,
				position: [400, 0],
				credentials: { signflowApi: CREDENTIAL },
				parameters: {
					resource: 'workflow',
					operation: 'createFromTemplate',
					// As the editor saves a template picked "From List".
					templateId: { __rl: true, mode: 'list', value: templateId, cachedResultName: 'Arbeitsvertrag (Employee)' },
					roles: { role: [{ role: 'Employee', name: '={{ $json.name }}', email: '={{ $json.email }}' }] },
					prefill: { field: [{ name: 'salary', value: '={{ $json.salary }}' }] },
					send: true,
					additionalFields: { name: '={{ "Arbeitsvertrag – " + $json.name }}', metadata: '={{ JSON.stringify({ employeeId: $json.employeeId }) }}' },
				},
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'One Item per Person', type: 'main', index: 0 }]] },
			'One Item per Person': { main: [[{ node: 'Create From Template', type: 'main', index: 0 }]] },
		},
	};
}

const BULK_SEND_PATH = 'signflow-bulk-send';

/** The same 50 people sent by Template -> Bulk Send: one request for all, waited for, one output item per row. */
function bulkSendFlow(templateId: string) {
	return {
		// 16 characters at most, as n8n makes flow ids.
		id: 'signflowBulkSend',
		name: 'Signflow: offer letters as one bulk send',
		active: false,
		settings: { executionOrder: 'v1', saveDataErrorExecution: 'all' },
		nodes: [
			{
				id: 'd01',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '2b7e9c4a-1d3f-4e5a-9b6c-7d8e9f0a1b73',
				parameters: { httpMethod: 'POST', path: BULK_SEND_PATH, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
			},
			{
				id: 'd02',
				name: 'One Item per Person',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [200, 0],
				parameters: { fieldToSplitOut: 'body.people', include: 'noOtherFields', options: {} },
			},
			{
				id: 'd03',
				name: 'Bulk Send',
				type: 'CUSTOM.signflow',
				typeVersion: 2,
				position: [400, 0],
				credentials: { signflowApi: CREDENTIAL },
				parameters: {
					resource: 'template',
					operation: 'bulkSend',
					templateId: { __rl: true, mode: 'list', value: templateId, cachedResultName: 'Arbeitsvertrag (Employee)' },
					roles: { role: [{ role: 'Employee', name: '={{ $json.name }}', email: '={{ $json.email }}' }] },
					prefill: { field: [{ name: 'salary', value: '={{ $json.salary }}' }] },
					additionalFields: { name: '={{ "Massenversand – " + $json.name }}', metadata: '={{ JSON.stringify({ employeeId: $json.employeeId }) }}' },
					waitForCompletion: true,
					timeout: 240,
					output: 'rows',
				},
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'One Item per Person', type: 'main', index: 0 }]] },
			'One Item per Person': { main: [[{ node: 'Bulk Send', type: 'main', index: 0 }]] },
		},
	};
}

const TRIGGER_FLOW = {
	// 16 characters, as n8n makes them: n8n keeps no static data (the trigger's registration) of a flow whose id is longer than 21.
	id: 'signflowSignedOK',
	name: 'Signflow: offer letter signed',
	active: false,
	settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all' },
	nodes: [
		{
			id: 'c01',
			name: 'Signflow Trigger',
			type: 'CUSTOM.signflowTrigger',
			typeVersion: 1,
			position: [0, 0],
			webhookId: '8d2e3f40-5b6c-4d7e-9f80-1a2b3c4d5e62',
			credentials: { signflowApi: CREDENTIAL },
			parameters: { events: ['workflow.completed'], requestFrom: '', options: {} },
		},
		{ id: 'c02', name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [200, 0], parameters: {} },
	],
	connections: { 'Signflow Trigger': { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
};

/** Runs `work` over `items`, `lanes` at a time. */
async function inLanes<T>(items: T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
	let next = 0;
	await Promise.all(Array.from({ length: lanes }, async () => {
		while (next < items.length) await work(items[next++]);
	}));
}

describe.each(VERSIONS)('bulk send from a template in a real n8n %s', (version) => {
	const dataDir = tempDataDir('n8n-template-bulk');
	let engine: EngineProcess;
	let engineApi: ApiClient;
	let home: N8nHome;
	let n8n: N8nServer;
	let templateId: string;

	beforeAll(async () => {
		const { apiKey } = JSON.parse((await runCli(['org', 'create', '--name', 'Vorlagen & Söhne', '--json', '--data', dataDir])).stdout);
		engine = await spawnEngine(['--data', dataDir, '--allow-private-webhooks']);
		engineApi = new ApiClient(engine.url, apiKey);
		const template = await engineApi.post('/templates', { name: 'Arbeitsvertrag', message: 'Bitte unterschreiben Sie Ihren Vertrag.' });
		templateId = template.body.id;
		const file = await engineApi.post(`/templates/${templateId}/files`, { name: 'vertrag.pdf', contentBase64: Buffer.from(fixturePdf('a4-1page.pdf')).toString('base64') });
		const employee = await engineApi.post(`/templates/${templateId}/roles`, { name: 'Employee' });
		const signature = await engineApi.post(`/templates/${templateId}/signatures`, { fileId: file.body.id, roleId: employee.body.id, page: 1, x: 60, y: 80 });
		const salary = await engineApi.post(`/templates/${templateId}/annotations`, { fileId: file.body.id, page: 1, x: 60, y: 700, type: 'text', name: 'salary' });
		expect([template.status, file.status, employee.status, signature.status, salary.status]).toEqual([201, 201, 201, 201, 201]);

		home = n8nHome({ version });
		await importInto(home, [{ ...CREDENTIAL, type: 'signflowApi', data: { mode: 'remote', url: engine.url, apiKey } }], [bulkFlow(templateId), bulkSendFlow(templateId), TRIGGER_FLOW]);
		n8n = await startN8n(home);
	}, 360_000);

	afterAll(async () => {
		await n8n?.stop();
		engine?.child.kill('SIGTERM');
		await engine?.exited;
		home?.remove();
		rmSync(dataDir, { recursive: true, force: true });
	});

	/** The signing workflow ids the trigger flow's finished executions received, one per execution (one still running has no data yet). */
	async function completedExecutions(): Promise<string[]> {
		const list = await n8n.api('GET', `/executions?workflowId=${TRIGGER_FLOW.id}&includeData=true&limit=250`);
		expect(list.status).toBe(200);
		const finished = (list.body.data as Array<{ status: string; data: any }>).filter((execution) => !['new', 'running', 'waiting'].includes(execution.status));
		return finished.map((execution) => {
			const item = execution.data?.resultData?.runData?.['Signflow Trigger']?.[0]?.data?.main?.[0]?.[0];
			return `${item?.json?.event}:${item?.json?.data?.workflowId ?? item?.json?.workflowId}`;
		});
	}

	it('creates, sends and has signed 50 signing workflows from a template; the trigger runs once per completion', async () => {
		for (const id of [TRIGGER_FLOW.id, 'signflowTemplateBulk']) expect((await n8n.api('POST', `/workflows/${id}/activate`)).status).toBe(200);
		if (version !== '2.8.4') for (const id of [TRIGGER_FLOW.id, 'signflowTemplateBulk']) expect(await n8n.published(id)).toMatchObject({ status: 'published' });
		const hooks = await until(
			async () => ((await engineApi.get('/webhooks')).body.data as Array<{ url: string; events: string[] }>).filter((hook) => hook.url.startsWith(n8n.url)),
			(list) => list.length === 1,
			60_000,
		);
		expect(hooks[0].events).toEqual(['workflow.completed']);

		const started = Date.now();
		const response = await fetch(`${n8n.url}/webhook/${BULK_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ people: PEOPLE }) });
		const answer = await response.text();
		const createdMs = Date.now() - started;
		if (response.status !== 200) {
			const runs = await n8n.api('GET', '/executions?workflowId=signflowTemplateBulk&includeData=true&limit=5');
			const errors = (runs.body?.data ?? []).map((execution: any) => execution.data?.resultData?.error);
			throw new Error(`The bulk flow answered ${response.status}: ${answer.slice(0, 1000)}\nits errors: ${JSON.stringify(errors).slice(0, 3000)}\nn8n: ${n8n.log().slice(-3000)}`);
		}
		const created = JSON.parse(answer) as Array<Record<string, any>>;
		expect(created).toHaveLength(50);
		for (const [index, workflow] of created.entries()) {
			const person = PEOPLE[index];
			expect({ index, status: workflow.status, name: workflow.name, metadata: workflow.metadata }).toEqual({
				index,
				status: 'sent',
				name: `Arbeitsvertrag – ${person.name.normalize('NFC')}`,
				metadata: { employeeId: person.employeeId },
			});
			expect(workflow.signingLinks.map((link: any) => [link.name, link.email])).toEqual([[person.name.normalize('NFC'), person.email]]);
			expect(workflow.annotations.map((annotation: any) => annotation.value)).toEqual([person.salary]);
		}
		expect(new Set(created.map((workflow) => workflow.id)).size).toBe(50);

		const signingStarted = Date.now();
		await inLanes(created, 5, async (workflow) => {
			const signed = await new SignerClient(workflow.signingLinks[0].signingUrl).sign({ consent: true, values: { [workflow.signatures[0].id]: { type: 'typed', text: workflow.signers[0].name } } });
			expect({ id: workflow.id, status: signed.status }).toEqual({ id: workflow.id, status: 200 });
		});
		const signedMs = Date.now() - signingStarted;

		const expected = created.map((workflow) => `workflow.completed:${workflow.id}`).sort();
		const fired = await until(completedExecutions, (list) => list.length >= 50, 240_000);
		const firedMs = Date.now() - signingStarted;
		expect(fired.sort()).toEqual(expected);
		for (const workflow of created) expect((await engineApi.get(`/workflows/${workflow.id}`)).body.status).toBe('completed');
		// The template's own list: none made twice (n8n ran each item once, with its Idempotency-Key).
		expect((await engineApi.listAll('/workflows', 100)).length).toBe(50);

		console.log(
			`n8n ${version}: 50 items through Create From Template with Send Now in ${(createdMs / 1000).toFixed(1)} s ` +
				`(${(createdMs / 50).toFixed(0)} ms an item, webhook to answer); 50 signed in ${(signedMs / 1000).toFixed(1)} s; ` +
				`50 trigger executions within ${(firedMs / 1000).toFixed(1)} s of the first signature`,
		);
	}, 600_000);

	it('sends 50 items as one bulk send with Template -> Bulk Send, waits for it and outputs each row; a bad email fails alone', async () => {
		expect((await n8n.api('POST', '/workflows/signflowBulkSend/activate')).status).toBe(200);
		if (version !== '2.8.4') expect(await n8n.published('signflowBulkSend')).toMatchObject({ status: 'published' });
		const people = PEOPLE.map((person, index) => (index === 17 ? { ...person, email: 'łukasz(at)example.com' } : person));

		const started = Date.now();
		const response = await fetch(`${n8n.url}/webhook/${BULK_SEND_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ people }) });
		const answer = await response.text();
		const sentMs = Date.now() - started;
		if (response.status !== 200) {
			const runs = await n8n.api('GET', '/executions?workflowId=signflowBulkSend&includeData=true&limit=5');
			const errors = (runs.body?.data ?? []).map((execution: any) => execution.data?.resultData?.error);
			throw new Error(`The bulk send flow answered ${response.status}: ${answer.slice(0, 1000)}\nits errors: ${JSON.stringify(errors).slice(0, 3000)}\nn8n: ${n8n.log().slice(-3000)}`);
		}
		const rows = JSON.parse(answer) as Array<Record<string, any>>;
		expect(rows.map((row) => row.index)).toEqual(people.map((_, index) => index));
		expect(rows[17]).toMatchObject({ status: 'failed', workflowId: null, error: { code: 'validation_failed' } });
		expect(rows.filter((row) => row.status === 'succeeded')).toHaveLength(49);
		expect(rows[0].bulkSend).toMatchObject({ status: 'completed', total: 50, succeeded: 49, failed: 1, waitTimedOut: false });

		// One request: one job of 50 rows in the engine.
		const jobs = (await engineApi.get('/bulk-sends')).body.data as Array<Record<string, any>>;
		expect(jobs).toEqual([expect.objectContaining({ id: rows[0].bulkSendId, templateId, total: 50, succeeded: 49, failed: 1 })]);
		for (const index of [0, 3, 49]) {
			const workflow = (await engineApi.get(`/workflows/${rows[index].workflowId}`)).body;
			expect(workflow).toMatchObject({ status: 'sent', name: `Massenversand – ${people[index].name.normalize('NFC')}`, metadata: { employeeId: people[index].employeeId } });
		}
		console.log(`n8n ${version}: 50 items through Template -> Bulk Send (one job, waited for) in ${(sentMs / 1000).toFixed(1)} s, webhook to answer`);
	}, 600_000);
});
