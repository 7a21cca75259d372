import { rmSync } from 'node:fs';
import { ApiClient } from '../helpers/engine/apiClient';
import { runCli, spawnEngine } from '../helpers/engine/cli';
import { withDatabase } from '../helpers/engine/database';
import { startTestEngine, tempDataDir, type TestEngine } from '../helpers/engine/engine';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { SignerClient } from '../helpers/engine/signerClient';
import { dropDatabaseOf } from '../helpers/engine/testDatabase';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { until } from '../helpers/waits';

/** Real people's names: accents, a decomposed é, right-to-left, CJK, Vietnamese, emoji. */
const NAMES = ['Zoë Ångström', 'Jose\u0301 Müller', 'محمد عبد الله', '李小龍', 'Đặng Thị Hồng', 'Siobhán Ó Briain 🎉', 'Ηλέκτρα Παπαδοπούλου', 'Łukasz Żółć'];

interface Row {
	roles: Record<string, { name?: string; email?: string; accessCode?: string }>;
	prefill: Record<string, unknown>;
	metadata?: Record<string, string>;
	name?: string;
}

let t: TestEngine;
let receiver: Receiver;
beforeAll(async () => {
	receiver = await startReceiver();
	t = await startTestEngine({ allowPrivateWebhooks: true, webhookPollIntervalMs: 50 });
});
afterAll(async () => {
	await t.destroy();
	await receiver.close();
});

/**
 * An offer letter: the Employee signs, then HR (a fixed person); the salary is fixed content each
 * row prefills, the start date a field of the employee's with a default.
 */
async function offerTemplate(api: ApiClient): Promise<string> {
	const made = await api.post('/templates', { name: 'Contrat de travail – Zoë', message: 'Merci de signer.', metadata: { source: 'bulk' } });
	expect(made.status).toBe(201);
	const id = made.body.id as string;
	const file = await api.post(`/templates/${id}/files`, { name: 'contrat.pdf', contentBase64: Buffer.from(fixturePdf('a4-1page.pdf')).toString('base64') });
	expect(file.status).toBe(201);
	const employee = await api.post(`/templates/${id}/roles`, { name: 'Employee', order: 1 });
	const hr = await api.post(`/templates/${id}/roles`, { name: 'HR', order: 2, defaultName: 'Đặng Thị Hồng', defaultEmail: 'hr@example.com' });
	expect([employee.status, hr.status]).toEqual([201, 201]);
	const fileId = file.body.id as string;
	for (const [roleId, x] of [[employee.body.id, 60], [hr.body.id, 300]] as const)
		expect((await api.post(`/templates/${id}/signatures`, { fileId, roleId, page: 1, x, y: 80 })).status).toBe(201);
	expect((await api.post(`/templates/${id}/annotations`, { fileId, page: 1, x: 60, y: 700, type: 'text', name: 'salary' })).status).toBe(201);
	expect(
		(await api.post(`/templates/${id}/annotations`, { fileId, roleId: employee.body.id, page: 1, x: 60, y: 650, type: 'date', name: 'startDate', prefill: 'default' }))
			.status,
	).toBe(201);
	return id;
}

function rowFor(index: number): Row {
	const name = `${NAMES[index % NAMES.length]} ${index}`;
	return {
		roles: { Employee: { name, email: `person.${index}@example.com` } },
		prefill: { salary: `${(50_000 + index).toLocaleString('de-DE')} €`, startDate: '2027-01-04' },
		metadata: { employeeId: `E-${index}` },
		name: `Contrat – ${name}`,
	};
}

function rows(count: number): Row[] {
	return Array.from({ length: count }, (_, index) => rowFor(index));
}

/** Polls the job's progress as a client would, a few times a second (not 40: the timing measures the engine, not the polling). */
async function waitCompleted(api: ApiClient, id: string, timeoutMs: number) {
	let polled = 0;
	return until(
		async () => {
			if (polled++ > 0) await new Promise((resolve) => setTimeout(resolve, 250));
			return (await api.get(`/bulk-sends/${id}`)).body;
		},
		(job) => job.status === 'completed',
		timeoutMs,
	);
}

/** Every row's outcome, through the cursor. */
async function allRows(api: ApiClient, id: string, status = ''): Promise<Array<{ index: number; status: string; workflowId: string | null; error: any }>> {
	const all = [];
	let cursor = '';
	for (;;) {
		const page = await api.get(`/bulk-sends/${id}/rows?limit=300${status ? `&status=${status}` : ''}${cursor ? `&cursor=${cursor}` : ''}`);
		expect(page.status).toBe(200);
		all.push(...page.body.data);
		if (!page.body.nextCursor) return all;
		cursor = page.body.nextCursor;
	}
}

describe('bulk send from a template', () => {
	it('1,000 rows with 3 bad ones: 997 workflows sent, 3 rows failed alone with errors naming the problem, bulk_send.completed once', async () => {
		const { api } = await t.newOrganization('Ressources humaines – Ångström & Söhne');
		const hook = await api.post('/webhooks', { name: 'Bulk', url: receiver.url, events: ['bulk_send.completed'] });
		expect(hook.status).toBe(201);
		const templateId = await offerTemplate(api);
		const batch = rows(1000);
		batch[100] = { ...batch[100], roles: {} };
		batch[500] = { ...batch[500], prefill: { ...batch[500].prefill, bonus: '1 000 €' } };
		batch[900] = { ...batch[900], roles: { Employee: { name: '李小龍', email: 'not-an-email' } } };

		const started = Date.now();
		const accepted = await api.post(`/templates/${templateId}/bulk`, { rows: batch });
		expect(accepted.status).toBe(202);
		expect(accepted.body).toMatchObject({ templateId, total: 1000, status: 'queued', completedAt: null });
		const job = await waitCompleted(api, accepted.body.id, 600_000);
		const seconds = (Date.now() - started) / 1000;
		console.log(`bulk send of 1,000 rows (${process.env.SIGNFLOW_TEST_DB ?? 'sqlite'}): ${seconds.toFixed(1)} s, ${(1000 / seconds).toFixed(1)} rows/s`);
		expect(job).toMatchObject({ total: 1000, succeeded: 997, failed: 3, pending: 0, status: 'completed' });
		expect(job.completedAt).not.toBeNull();

		const failed = await allRows(api, job.id, 'failed');
		expect(failed.map((row) => row.index)).toEqual([100, 500, 900]);
		const [unmapped, unknownField, badEmail] = failed.map((row) => row.error);
		expect(unmapped.code).toBe('template_input_invalid');
		expect(unmapped.message).toContain('Role "Employee" is not mapped to a person');
		expect(unmapped.details).toEqual([expect.objectContaining({ path: 'roles.Employee' })]);
		expect(unknownField.code).toBe('template_input_invalid');
		expect(unknownField.message).toContain('no field named "bonus"');
		expect(unknownField.details).toEqual([expect.objectContaining({ path: 'prefill.bonus' })]);
		expect(badEmail.code).toBe('validation_failed');
		expect(badEmail.details).toEqual([expect.objectContaining({ path: 'roles.Employee.email' })]);

		const outcomes = await allRows(api, job.id);
		expect(outcomes.map((row) => row.index)).toEqual(Array.from({ length: 1000 }, (_, index) => index));
		const made = outcomes.filter((row) => row.status === 'succeeded').map((row) => row.workflowId!);
		expect(new Set(made).size).toBe(997);
		const sent = await workflowsOf(api, 'sent');
		expect(new Set(sent.map((workflow) => workflow.id))).toEqual(new Set(made));
		expect(await workflowsOf(api)).toHaveLength(997);

		// A row's workflow: its person, its name in every script, its prefill, sent with links and invitations.
		for (const index of [0, 3, 5, 999]) {
			const row = outcomes[index];
			const workflow = await api.get(`/workflows/${row.workflowId}`);
			expect(workflow.status).toBe(200);
			const expected = rowFor(index);
			expect(workflow.body).toMatchObject({ status: 'sent', name: expected.name, metadata: { source: 'bulk', employeeId: `E-${index}` } });
			const employee = workflow.body.signers.find((signer: { order: number }) => signer.order === 1);
			expect(employee).toMatchObject({ name: expected.roles.Employee.name, email: expected.roles.Employee.email });
			expect(employee.signingUrl).toMatch(/\/sign\//);
			expect(workflow.body.annotations.map((annotation: { value: unknown }) => annotation.value)).toContain(expected.prefill.salary);
			const audit = await api.get(`/workflows/${row.workflowId}/audit`);
			const types = audit.body.events.map((event: { type: string }) => event.type);
			expect(types).toEqual(expect.arrayContaining(['workflow.created', 'workflow.sent', 'signer.invited']));
			expect(types.filter((type: string) => type === 'signer.invited')).toHaveLength(1);
		}

		const received = await until(
			() => receiver.received.filter((request) => request.body.event === 'bulk_send.completed' && request.body.data.bulkSendId === job.id),
			(found) => found.length >= 1,
		);
		expect(received).toHaveLength(1);
		expect(received[0].body).toMatchObject({
			uri: `/api/v1/bulk-sends/${job.id}`,
			data: { bulkSendId: job.id, templateId, total: 1000, succeeded: 997, failed: 3 },
		});
	}, 900_000);

	it('the same Idempotency-Key twice makes one job; another body under it is a 409', async () => {
		const { api } = await t.newOrganization('Idempotent Ltd – ヤマダ');
		const templateId = await offerTemplate(api);
		const body = { rows: rows(3) };
		const key = `bulk-${templateId}`;
		const post = (json: unknown) => api.request('POST', `/templates/${templateId}/bulk`, { json, headers: { 'Idempotency-Key': key } });
		const first = await post(body);
		const again = await post(body);
		expect([first.status, again.status]).toEqual([202, 202]);
		expect(again.body.id).toBe(first.body.id);
		expect(again.headers.get('idempotent-replayed')).toBe('true');
		expect((await post({ rows: rows(2) })).status).toBe(409);
		await waitCompleted(api, first.body.id, 120_000);
		expect((await api.get('/bulk-sends')).body.data.map((job: { id: string }) => job.id)).toEqual([first.body.id]);
		expect(await workflowsOf(api)).toHaveLength(3);
	}, 180_000);

	it('another organization sees none of it (404), and bad requests are 422 with nothing stored', async () => {
		const { api } = await t.newOrganization('Owner Oy');
		const { api: other } = await t.newOrganization('Someone Else SA');
		const templateId = await offerTemplate(api);
		const accepted = await api.post(`/templates/${templateId}/bulk`, { rows: rows(2) });
		expect(accepted.status).toBe(202);
		const id = accepted.body.id;
		expect((await other.get(`/bulk-sends/${id}`)).status).toBe(404);
		expect((await other.get(`/bulk-sends/${id}`)).body.error.code).toBe('bulk_send_not_found');
		expect((await other.get(`/bulk-sends/${id}/rows`)).status).toBe(404);
		expect((await other.get('/bulk-sends')).body.data).toEqual([]);
		expect((await other.post(`/templates/${templateId}/bulk`, { rows: rows(1) })).status).toBe(404);
		expect((await api.get('/bulk-sends/not-a-uuid')).status).toBe(404);

		const empty = await api.post(`/templates/${templateId}/bulk`, { rows: [] });
		expect(empty.status).toBe(422);
		const tooMany = await api.post(`/templates/${templateId}/bulk`, { rows: Array.from({ length: 5001 }, () => ({})) });
		expect(tooMany.status).toBe(422);
		expect(tooMany.body.error.details[0].path).toBe('rows');
		expect((await api.get('/bulk-sends')).body.data.map((job: { id: string }) => job.id)).toEqual([id]);
		await waitCompleted(api, id, 120_000);
	}, 180_000);

	it('/openapi.json shows the routes, the job and what a row holds', async () => {
		const document = (await t.api.get('/api/v1/openapi.json')).body;
		expect(document.paths['/templates/{templateId}/bulk'].post.responses['202'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/BulkSend' });
		expect(document.paths['/templates/{templateId}/bulk'].post.parameters.map((parameter: { name: string }) => parameter.name)).toContain('Idempotency-Key');
		expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/bulk-sends', '/bulk-sends/{bulkSendId}', '/bulk-sends/{bulkSendId}/rows']));
		const row = document.components.schemas.CreateBulkSendRequest.properties.rows;
		expect(row.maxItems).toBe(5000);
		expect(Object.keys(row.items.properties)).toEqual(expect.arrayContaining(['roles', 'prefill', 'metadata', 'name', 'locale']));
		expect(document.components.schemas.BulkSend.required).toEqual(expect.arrayContaining(['id', 'templateId', 'status', 'total', 'succeeded', 'failed', 'pending', 'createdAt', 'completedAt']));
	});

	it('every row bad: the job is completed at once, no workflow made', async () => {
		const { api } = await t.newOrganization('Nobody Mapped GmbH');
		const templateId = await offerTemplate(api);
		const accepted = await api.post(`/templates/${templateId}/bulk`, { rows: [{ roles: {} }, 'not an object', { roles: { Unknown: { name: 'Ana', email: 'ana@example.com' } } }] });
		expect(accepted.status).toBe(202);
		expect(accepted.body).toMatchObject({ status: 'completed', total: 3, succeeded: 0, failed: 3, pending: 0 });
		const failed = await allRows(api, accepted.body.id, 'failed');
		expect(failed.map((row) => row.error.code)).toEqual(['template_input_invalid', 'validation_failed', 'template_input_invalid']);
		expect(failed[2].error.message).toContain('The template has no role "Unknown"');
		expect(await workflowsOf(api)).toHaveLength(0);
	});
});

describe('bulk send across a restart', () => {
	it('an engine stopped while rows are pending: a new engine on the same database makes every row once', async () => {
		const dataDir = tempDataDir('bulk-restart');
		const first = await startTestEngine({ dataDir });
		let second: TestEngine | null = null;
		try {
			const templateId = await offerTemplate(first.api);
			const accepted = await first.api.post(`/templates/${templateId}/bulk`, { rows: rows(300) });
			expect(accepted.status).toBe(202);
			const id = accepted.body.id;
			const midway = await until(
				async () => (await first.api.get(`/bulk-sends/${id}`)).body,
				(job) => job.succeeded >= 10,
				120_000,
			);
			await first.stop();
			expect(midway.pending).toBeGreaterThan(0);

			second = await startTestEngine({ dataDir });
			const api = new ApiClient(second.engine.url, first.api.apiKey);
			const job = await waitCompleted(api, id, 300_000);
			expect(job).toMatchObject({ total: 300, succeeded: 300, failed: 0, pending: 0 });
			const outcomes = await allRows(api, id);
			const made = outcomes.map((row) => row.workflowId);
			expect(new Set(made).size).toBe(300);
			const workflows = await workflowsOf(api);
			expect(workflows).toHaveLength(300);
			expect(new Set(workflows.map((workflow) => workflow.id))).toEqual(new Set(made));
			const completed = (await eventsOf(api)).filter((event) => event.type === 'bulk_send.completed');
			expect(completed).toHaveLength(1);
		} finally {
			await second?.stop();
			await first.destroy();
		}
	}, 600_000);
});

describe('bulk send with access codes', () => {
	it('a pending row keeps its access codes encrypted in the database; the workflow made from it asks for the code', async () => {
		const dataDir = tempDataDir('bulk-access-codes');
		const code = 'Sesam-öffne-dich 4711';
		const first = await startTestEngine({ dataDir });
		let second: TestEngine | null = null;
		try {
			const templateId = await offerTemplate(first.api);
			const batch = rows(60).map((row) => ({ ...row, roles: { Employee: { ...row.roles.Employee, accessCode: code } } }));
			const accepted = await first.api.post(`/templates/${templateId}/bulk`, { rows: batch });
			expect(accepted.status).toBe(202);
			await first.stop();
			const stored = await withDatabase(dataDir, (database) =>
				database.all<{ status: string; input: string | null }>('select status, input from bulk_send_rows where bulk_send_id = ?', [accepted.body.id]),
			);
			const pending = stored.filter((row) => row.status === 'pending');
			expect(pending.length).toBeGreaterThan(0);
			for (const row of pending) {
				expect(row.input).toContain('Employee');
				expect(row.input).not.toContain('Sesam');
			}

			second = await startTestEngine({ dataDir });
			const api = new ApiClient(second.engine.url, first.api.apiKey);
			const job = await waitCompleted(api, accepted.body.id, 300_000);
			expect(job).toMatchObject({ total: 60, succeeded: 60, failed: 0 });
			const [last] = await allRows(api, accepted.body.id).then((all) => all.slice(-1));
			const workflow = (await api.get(`/workflows/${last.workflowId}`)).body;
			const employee = workflow.signers.find((signer: { order: number }) => signer.order === 1);
			expect(employee.hasAccessCode).toBe(true);
			const signer = new SignerClient(employee.signingUrl);
			expect((await signer.session()).status).toBe(401);
			expect((await signer.accessCode('wrong code')).status).toBe(401);
			expect((await signer.accessCode(code)).status).toBe(200);
			expect((await signer.session()).status).toBe(200);
		} finally {
			await second?.stop();
			await first.destroy();
		}
	}, 600_000);
});

describe('bulk send across kill -9', () => {
	it('an engine killed while making rows: the next one makes every row once (no row\'s workflow twice)', async () => {
		const dataDir = tempDataDir('bulk-kill');
		const { apiKey } = JSON.parse((await runCli(['org', 'create', '--name', 'Ørsted & Šťastný s.r.o.', '--json', '--data', dataDir])).stdout);
		// On PostgreSQL the killed engine's rows come back when their lease runs out; SQLite's next start takes them at once.
		const env = { SIGNFLOW_DELIVERY_LEASE_S: '2' };
		let engine = await spawnEngine(['--data', dataDir], env);
		try {
			let api = new ApiClient(engine.url, apiKey);
			const templateId = await offerTemplate(api);
			const accepted = await api.post(`/templates/${templateId}/bulk`, { rows: rows(300) });
			expect(accepted.status).toBe(202);
			const id = accepted.body.id;
			const midway = await until(
				async () => (await api.get(`/bulk-sends/${id}`)).body,
				(job) => job.succeeded >= 20,
				120_000,
			);
			engine.child.kill('SIGKILL');
			await engine.exited;
			expect(midway.pending).toBeGreaterThan(0);

			engine = await spawnEngine(['--data', dataDir], env);
			api = new ApiClient(engine.url, apiKey);
			const job = await waitCompleted(api, id, 300_000);
			expect(job).toMatchObject({ total: 300, succeeded: 300, failed: 0, pending: 0 });
			const made = (await allRows(api, id)).map((row) => row.workflowId);
			expect(new Set(made).size).toBe(300);
			const workflows = await workflowsOf(api);
			expect(workflows).toHaveLength(300);
			expect(new Set(workflows.map((workflow) => workflow.id))).toEqual(new Set(made));
			const events = await eventsOf(api);
			expect(events.filter((event) => event.type === 'workflow.created')).toHaveLength(300);
			expect(events.filter((event) => event.type === 'bulk_send.completed')).toHaveLength(1);
		} finally {
			engine.child.kill('SIGKILL');
			await engine.exited;
			rmSync(dataDir, { recursive: true, force: true });
			await dropDatabaseOf(dataDir);
		}
	}, 600_000);
});

/** The key's workflows (of a status), through the cursor. */
async function workflowsOf(api: ApiClient, status = ''): Promise<Array<{ id: string }>> {
	const all = [];
	let cursor = '';
	for (;;) {
		const page = await api.get(`/workflows?limit=100${status ? `&status=${status}` : ''}${cursor ? `&cursor=${cursor}` : ''}`);
		expect(page.status).toBe(200);
		all.push(...page.body.data);
		if (!page.body.nextCursor) return all;
		cursor = page.body.nextCursor;
	}
}

/** The organization's whole event log. */
async function eventsOf(api: ApiClient): Promise<Array<{ type: string }>> {
	const all = [];
	let after = '';
	for (;;) {
		const page = await api.get(`/events?limit=500${after ? `&after=${after}` : ''}`);
		expect(page.status).toBe(200);
		all.push(...page.body.data);
		if (!page.body.hasMore) return all;
		after = page.body.nextCursor;
	}
}
