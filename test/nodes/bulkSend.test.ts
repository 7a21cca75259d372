import type { ICredentialDataDecryptedObject, INodeExecutionData } from 'n8n-workflow';
import type { ApiClient } from '../helpers/engine/apiClient';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { runSignflowNode, shutdownN8nCore } from '../helpers/n8n/inProcessNode';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { eventually } from '../helpers/waits';

/*
 * Template -> Bulk Send, the Bulk Send resource and the Redirect URL options, run by n8n-core's real
 * execution classes against a real engine: all input items go as one job (checked through the
 * engine's API), each item a row with its own expressions evaluated.
 */

let t: TestEngine;
beforeAll(async () => {
	t = await startTestEngine({ allowPrivateWebhooks: true, webhookPollIntervalMs: 25 });
});
afterAll(async () => {
	await t.destroy();
	shutdownN8nCore();
});

const json = (items: INodeExecutionData[]) => items.map((item) => item.json as Record<string, any>);
const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });

/** An organization of its own per test: its jobs are only the test's. */
async function organization(name: string) {
	const { api } = await t.newOrganization(name);
	const credentials: ICredentialDataDecryptedObject = { mode: 'remote', url: t.engine.url, apiKey: api.apiKey! };
	const run = async (parameters: Record<string, unknown>, input?: Parameters<typeof runSignflowNode>[2], options?: Parameters<typeof runSignflowNode>[3]) => {
		const result = await runSignflowNode(parameters, credentials, input, options);
		if (result.error) throw result.error;
		return result.items;
	};
	return { api, credentials, run };
}

/** Employee signs, then HR (a default person); salary is text each row prefills. */
async function offerTemplate(api: ApiClient, name: string): Promise<string> {
	const made = await api.post('/templates', { name });
	expect(made.status).toBe(201);
	const id = made.body.id as string;
	const file = await api.post(`/templates/${id}/files`, { name: 'vertrag.pdf', contentBase64: Buffer.from(fixturePdf('a4-1page.pdf')).toString('base64') });
	const employee = await api.post(`/templates/${id}/roles`, { name: 'Employee', order: 1 });
	const hr = await api.post(`/templates/${id}/roles`, { name: 'HR', order: 2, defaultName: 'Đặng Thị Hồng', defaultEmail: 'hr@example.com' });
	expect([file.status, employee.status, hr.status]).toEqual([201, 201, 201]);
	const fileId = file.body.id as string;
	for (const [roleId, x] of [[employee.body.id, 60], [hr.body.id, 300]] as const)
		expect((await api.post(`/templates/${id}/signatures`, { fileId, roleId, page: 1, x, y: 80 })).status).toBe(201);
	expect((await api.post(`/templates/${id}/annotations`, { fileId, page: 1, x: 60, y: 700, type: 'text', name: 'salary' })).status).toBe(201);
	return id;
}

/** Names in many scripts: accents, a decomposed é and ü, Hebrew and Arabic, CJK, Vietnamese, emoji. */
const NAMES = ['Zoë Ångström', 'Jose\u0301 Mu\u0308ller', 'דנה לוי', 'محمد عبد الله', '山田太郎', '王小明 🚀', 'Đặng Thị Hồng', 'Siobhán Ó Briain 🎉', 'Ηλέκτρα Παπαδοπούλου', 'Łukasz Żółć'];

function people(count: number) {
	return Array.from({ length: count }, (_, index) => ({
		json: { name: `${NAMES[index % NAMES.length]} ${index}`, email: `person.${index}@example.com`, salary: `${70 + index}.000 € brutto`, employeeId: `E-${index}`, role: 'Employee' },
	}));
}

function bulkSend(templateId: string, extra: Record<string, unknown> = {}) {
	return {
		resource: 'template',
		operation: 'bulkSend',
		templateId: byId(templateId),
		roles: { role: [{ role: '={{ $json.role }}', name: '={{ $json.name }}', email: '={{ $json.email }}', accessCode: '', locale: '' }] },
		prefill: { field: [{ name: 'salary', value: '={{ $json.salary }}' }] },
		additionalFields: {
			name: '={{ "Arbeitsvertrag – " + $json.name }}',
			metadata: '={{ JSON.stringify({ employeeId: $json.employeeId }) }}',
			locale: '={{ $json.employeeId === "E-2" ? "he" : "de" }}',
			redirectUrl: '={{ "https://portal.example.com/fertig?e=" + $json.employeeId }}',
		},
		...extra,
	};
}

async function jobsOf(api: ApiClient) {
	const list = await api.get('/bulk-sends?limit=100');
	expect(list.status).toBe(200);
	return list.body.data as Array<Record<string, any>>;
}

describe('Template -> Bulk Send', () => {
	it('sends 30 items as one job, waits for it, and outputs each row: a bad email and an unknown role fail alone', async () => {
		const { api, run } = await organization('Bulk – Zoë GmbH');
		const templateId = await offerTemplate(api, 'Arbeitsvertrag – Bulk');
		const input = people(30);
		input[7].json.email = 'zoe(at)example.com';
		input[19].json.role = 'Mitarbeiterin';

		const items = await run(bulkSend(templateId, { waitForCompletion: true, timeout: 120, output: 'rows' }), input);

		// One request: one job of 30 rows in the engine.
		const jobs = await jobsOf(api);
		expect(jobs).toHaveLength(1);
		expect(jobs[0]).toMatchObject({ templateId, status: 'completed', total: 30, succeeded: 28, failed: 2, pending: 0 });

		const rows = json(items);
		expect(rows.map((row) => row.index)).toEqual(input.map((_, index) => index));
		expect(items.map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));
		expect(rows[7]).toMatchObject({ status: 'failed', workflowId: null, error: { code: 'validation_failed' } });
		expect(rows[19]).toMatchObject({ status: 'failed', workflowId: null, error: { code: 'template_input_invalid' } });
		expect(JSON.stringify(rows[19].error.details)).toContain('Mitarbeiterin');
		const sent = rows.filter((row) => row.status === 'succeeded');
		expect(sent).toHaveLength(28);
		expect(rows[0].bulkSend).toMatchObject({ id: jobs[0].id, status: 'completed', total: 30, succeeded: 28, failed: 2, waitTimedOut: false });

		// Each row's own values reached its workflow, names as the item gave them (in NFC, as the engine keeps every name).
		for (const index of [1, 2, 5]) {
			const workflow = await api.get(`/workflows/${rows[index].workflowId}`);
			const person = input[index].json;
			expect(workflow.body).toMatchObject({
				status: 'sent',
				name: `Arbeitsvertrag – ${person.name}`.normalize('NFC'),
				locale: index === 2 ? 'he' : 'de',
				metadata: { employeeId: person.employeeId },
				redirectUrl: `https://portal.example.com/fertig?e=${person.employeeId}`,
			});
			expect(workflow.body.signers.find((signer: { role: string; name: string }) => signer.name === person.name.normalize('NFC'))).toBeDefined();
		}
	});

	it('outputs the job at once without waiting; the same execution run again makes no second job', async () => {
		const { api, credentials } = await organization('Bulk – Wiederholung');
		const templateId = await offerTemplate(api, 'Arbeitsvertrag – Wiederholung');
		const input = people(4);
		const first = await runSignflowNode(bulkSend(templateId), credentials, input, { executionId: 'execution-4711' });
		const again = await runSignflowNode(bulkSend(templateId), credentials, input, { executionId: 'execution-4711' });
		expect([first.error, again.error]).toEqual([undefined, undefined]);
		expect(first.items).toHaveLength(1);
		expect(first.items[0].json).toMatchObject({ templateId, total: 4 });
		expect(first.items[0].pairedItem).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(again.items[0].json.id).toBe(first.items[0].json.id);
		expect(await jobsOf(api)).toHaveLength(1);

		const other = await runSignflowNode(bulkSend(templateId), credentials, input, { executionId: 'execution-4712' });
		expect(other.items[0].json.id).not.toBe(first.items[0].json.id);
		expect(await jobsOf(api)).toHaveLength(2);
	});

	it('sends more than 5,000 items as several jobs, each item once, rows paged to the end', async () => {
		const { api, run } = await organization('Bulk – 東京 K.K.');
		const templateId = await offerTemplate(api, '雇用契約書');
		// Rows with a bad email fail when accepted: the test does not wait for 5,000 workflows to be made.
		const input = people(5003).map((item, index) => (index === 5001 ? item : { json: { ...item.json, email: `kein-email-${index}` } }));

		const items = await run(bulkSend(templateId, { waitForCompletion: true, timeout: 120, output: 'rows' }), input);
		const jobs = await jobsOf(api);
		expect(jobs.map((job) => job.total).sort((a, b) => a - b)).toEqual([3, 5000]);
		const rows = json(items);
		expect(rows.map((row) => row.index)).toEqual(input.map((_, index) => index));
		expect(rows.filter((row) => row.status === 'succeeded').map((row) => row.index)).toEqual([5001]);
		expect(new Set(rows.map((row) => row.bulkSendId)).size).toBe(2);
		expect(rows[5002]).toMatchObject({ status: 'failed', error: { code: 'validation_failed' } });

		const jobItems = json(await run(bulkSend(templateId, { waitForCompletion: true, timeout: 60, output: 'job' }), input.slice(0, 3)));
		expect(jobItems).toEqual([expect.objectContaining({ total: 3, status: 'completed', failed: 3, waitTimedOut: false })]);
	}, 240_000);

	it('a row an item cannot make (a Roles entry without a role) stops the node before anything is sent, naming the item', async () => {
		const { api, credentials } = await organization('Bulk – Fehler');
		const templateId = await offerTemplate(api, 'Arbeitsvertrag – Fehler');
		const input = people(3);
		input[1].json.role = '';
		const failed = await runSignflowNode(bulkSend(templateId), credentials, input);
		expect(failed.error?.message).toMatch(/has no Role/);
		expect(failed.error).toMatchObject({ context: { itemIndex: 1 } });
		// Continue On Fail: one error item, paired with every input item.
		const tolerated = await runSignflowNode(bulkSend(templateId), credentials, input, { continueOnFail: true });
		expect(tolerated.items).toHaveLength(1);
		expect(tolerated.items[0].json.error).toMatch(/has no Role/);
		expect(tolerated.items[0].pairedItem).toEqual([0, 1, 2].map((item) => ({ item })));
		expect(await jobsOf(api)).toHaveLength(0);
	});

	it('stops waiting at the Timeout: the job as it stands, waitTimedOut, rows still pending', async () => {
		const { api, run } = await organization('Bulk – Geduld');
		const templateId = await offerTemplate(api, 'Arbeitsvertrag – Geduld');
		const started = Date.now();
		const rows = json(await run(bulkSend(templateId, { waitForCompletion: true, timeout: 1, output: 'rows' }), people(400)));
		expect(Date.now() - started).toBeLessThan(30_000);
		expect(rows).toHaveLength(400);
		expect(rows[0].bulkSend).toMatchObject({ status: expect.stringMatching(/^(queued|running)$/), waitTimedOut: true });
		expect(rows.some((row) => row.status === 'pending')).toBe(true);
		// The engine goes on: the job completes without the node.
		await eventually(() => jobsOf(api), (jobs) => jobs[0]?.status === 'completed', 120_000);
	}, 180_000);
});

describe('Bulk Send resource', () => {
	it('gets a job, many jobs, and its rows with a status filter, Return All or a Limit across pages', async () => {
		const { api, run } = await organization('Bulk – Ærøskøbing');
		const templateId = await offerTemplate(api, 'Lejekontrakt – Ærø');
		// 205 rows, 203 with a bad email (failed when accepted) and 2 sent: three pages of 100.
		const input = people(205).map((item, index) => (index === 0 || index === 150 ? item : { json: { ...item.json, email: `ingen-${index}` } }));
		const [job] = json(await run(bulkSend(templateId, { waitForCompletion: true, timeout: 120 }), input));
		expect(job).toMatchObject({ status: 'completed', total: 205, succeeded: 2, failed: 203 });
		const [later] = json(await run(bulkSend(templateId), people(2)));

		const [got] = json(await run({ resource: 'bulkSend', operation: 'get', bulkSendId: ` ${job.id} ` }));
		expect(got).toMatchObject({ id: job.id, status: 'completed', total: 205, succeeded: 2, failed: 203, pending: 0 });

		const many = json(await run({ resource: 'bulkSend', operation: 'getAll', returnAll: true }));
		expect(many.map((entry) => entry.id)).toEqual([later.id, job.id]);
		expect(json(await run({ resource: 'bulkSend', operation: 'getAll', returnAll: false, limit: 1 })).map((entry) => entry.id)).toEqual([later.id]);

		const rows = (parameters: Record<string, unknown>) => run({ resource: 'bulkSend', operation: 'getRows', bulkSendId: job.id, ...parameters }).then(json);
		const all = await rows({ returnAll: true, filters: {} });
		expect(all.map((row) => row.index)).toEqual(input.map((_, index) => index));
		expect((await rows({ returnAll: false, limit: 150, filters: {} })).map((row) => row.index)).toEqual(input.slice(0, 150).map((_, index) => index));
		const succeeded = await rows({ returnAll: true, filters: { status: 'succeeded' } });
		expect(succeeded.map((row) => row.index)).toEqual([0, 150]);
		expect(succeeded.every((row) => typeof row.workflowId === 'string')).toBe(true);
		const failed = await rows({ returnAll: true, filters: { status: 'failed' } });
		expect(failed).toHaveLength(203);
		expect(failed[0]).toMatchObject({ index: 1, error: { code: 'validation_failed' } });

		const unknown = await runSignflowNode({ resource: 'bulkSend', operation: 'get', bulkSendId: '3f2b8c1e-9a4d-4e6f-8b1a-2c3d4e5f6a7b' }, { mode: 'remote', url: t.engine.url, apiKey: api.apiKey! });
		expect(unknown.error).toMatchObject({ name: 'NodeApiError', httpCode: '404' });
	});
});

describe('Redirect URL', () => {
	it('reaches the engine from Create From Template and from Correct (the workflow and a signer); not sent when empty', async () => {
		const { api, run } = await organization('Redirect – Siobhán');
		const templateId = await offerTemplate(api, 'Arbeitsvertrag – Portal');
		const fromTemplate = (redirectUrl: string) => ({
			resource: 'workflow',
			operation: 'createFromTemplate',
			templateId: byId(templateId),
			roles: { role: [{ role: 'Employee', name: 'Siobhán Ó Briain', email: 'siobhan@example.com', accessCode: '', locale: '' }] },
			prefill: { field: [{ name: 'salary', value: '80.000 €' }] },
			send: true,
			additionalFields: { redirectUrl },
		});
		const [workflow] = json(await run(fromTemplate(' https://portal.example.com/fertig?kundin=Siobhán ')));
		expect(workflow.redirectUrl).toBe('https://portal.example.com/fertig?kundin=Siobhán');
		const [without] = json(await run(fromTemplate('')));
		expect(without.redirectUrl).toBeNull();

		const employee = (workflow.signers as Array<{ id: string; role: string; name: string }>).find((signer) => signer.name === 'Siobhán Ó Briain')!;
		await run({
			resource: 'workflow',
			operation: 'correct',
			workflowId: byId(workflow.id),
			signers: { signer: [{ signerId: employee.id, name: '', email: '', locale: '', redirectUrl: 'http://localhost:3000/danke' }] },
			changes: { redirectUrl: 'https://portal.example.com/neu' },
		});
		const corrected = await api.get(`/workflows/${workflow.id}`);
		expect(corrected.body.redirectUrl).toBe('https://portal.example.com/neu');
		expect(corrected.body.signers.find((signer: { id: string }) => signer.id === employee.id).redirectUrl).toBe('http://localhost:3000/danke');
		// A language alone leaves both redirect URLs as they were.
		await run({ resource: 'workflow', operation: 'correct', workflowId: byId(workflow.id), signers: { signer: [] }, changes: { locale: 'fr' } });
		const again = await api.get(`/workflows/${workflow.id}`);
		expect(again.body.redirectUrl).toBe('https://portal.example.com/neu');
	});
});
