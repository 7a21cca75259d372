import type { ICredentialDataDecryptedObject, INodeExecutionData } from 'n8n-workflow';
import type { ApiClient } from '../helpers/engine/apiClient';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { listSearch, loadOptions, runSignflowNode, shutdownN8nCore } from '../helpers/n8n/inProcessNode';
import { hostTrigger } from '../helpers/n8n/inProcessTrigger';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { until } from '../helpers/waits';

/*
 * The Template resource and Signing Workflow -> Create From Template, run by n8n-core's real
 * execution classes against a real engine; the editor's template list and its roles and fields; the
 * trigger's template events.
 */

let t: TestEngine;
let credentials: ICredentialDataDecryptedObject;
beforeAll(async () => {
	t = await startTestEngine({ allowPrivateWebhooks: true, webhookPollIntervalMs: 25 });
	credentials = { mode: 'remote', url: t.engine.url, apiKey: t.api.apiKey! };
});
afterAll(async () => {
	await t.destroy();
	shutdownN8nCore();
});

const json = (items: INodeExecutionData[]) => items.map((item) => item.json as Record<string, any>);

async function run(parameters: Record<string, unknown>, input?: Parameters<typeof runSignflowNode>[2]) {
	const result = await runSignflowNode(parameters, credentials, input);
	if (result.error) throw result.error;
	return json(result.items);
}

const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });

/**
 * An offer letter made through the engine's API: Employee signs (and fills the start date), then HR, a
 * default person; salary is fixed content to prefill, relocation a checkbox HR's prefill fixes.
 */
async function offerTemplate(api: ApiClient, name: string): Promise<{ id: string }> {
	const made = await api.post('/templates', { name, message: 'Bitte unterschreiben Sie.' });
	expect(made.status).toBe(201);
	const id = made.body.id as string;
	const file = await api.post(`/templates/${id}/files`, { name: 'vertrag.pdf', contentBase64: Buffer.from(fixturePdf('a4-1page.pdf')).toString('base64') });
	const employee = await api.post(`/templates/${id}/roles`, { name: 'Employee', order: 1 });
	const hr = await api.post(`/templates/${id}/roles`, { name: 'HR', order: 2, defaultName: 'Đặng Thị Hồng', defaultEmail: 'hr@example.com' });
	const fileId = file.body.id as string;
	expect([file.status, employee.status, hr.status]).toEqual([201, 201, 201]);
	for (const [roleId, x] of [[employee.body.id, 60], [hr.body.id, 300]] as const)
		expect((await api.post(`/templates/${id}/signatures`, { fileId, roleId, page: 1, x, y: 80 })).status).toBe(201);
	for (const annotation of [
		{ fileId, page: 1, x: 60, y: 700, type: 'text', name: 'salary', label: 'Gehalt' },
		{ fileId, roleId: employee.body.id, page: 1, x: 60, y: 650, type: 'date', name: 'startDate', prefill: 'default' },
		{ fileId, roleId: hr.body.id, page: 1, x: 60, y: 550, type: 'checkbox', name: 'relocation', prefill: 'fixed', required: false },
	])
		expect((await api.post(`/templates/${id}/annotations`, annotation)).status).toBe(201);
	return { id };
}

function fromTemplate(templateId: unknown, extra: Record<string, unknown> = {}) {
	return {
		resource: 'workflow',
		operation: 'createFromTemplate',
		templateId,
		roles: { role: [{ role: 'Employee', name: '={{ $json.name }}', email: '={{ $json.email }}', accessCode: '', locale: '' }] },
		prefill: { field: [{ name: 'salary', value: '={{ $json.salary }}' }, { name: 'startDate', value: '2027-01-04' }, { name: 'relocation', value: 'true' }] },
		send: true,
		additionalFields: { metadata: '={{ JSON.stringify({ employeeId: $json.employeeId }) }}' },
		...extra,
	};
}

const PEOPLE = [
	{ name: 'Zoë Ångström', email: 'zoe@example.com', salary: '85.000 € brutto', employeeId: 'E-1' },
	{ name: 'דנה לוי', email: 'dana@example.com', salary: '₪ 420,000', employeeId: 'E-2' },
	{ name: '山田太郎 🚀', email: 'taro@example.com', salary: '¥ 9.600.000', employeeId: 'E-3' },
];

describe('Template', () => {
	it('creates a template from a signing workflow, its signer a role named in Role Names', async () => {
		const [draft] = await run({ resource: 'workflow', operation: 'add', name: 'Mietvertrag Köln', additionalFields: {} });
		const [file] = await run({ resource: 'file', operation: 'add', workflowId: byId(draft.id), source: 'binary', binaryPropertyName: 'data', fileName: '' }, [
			{ json: {}, binary: { data: { data: fixturePdf('a4-1page.pdf'), fileName: 'miete.pdf', mimeType: 'application/pdf' } } },
		]);
		const [signer] = await run({ resource: 'signer', operation: 'add', workflowId: byId(draft.id), name: 'Zoë', email: 'zoe@example.com', role: 'signer', order: 1, accessCode: '' });
		await run({ resource: 'signature', operation: 'add', workflowId: byId(draft.id), fileId: file.id, signerId: signer.id, position: 'coordinates', page: 1, x: 72, y: 72, width: 180, height: 50, kind: 'signature', required: true });

		// The Role Names list offers the workflow's signers.
		const signers = await loadOptions('getSigners', { resource: 'template', operation: 'createFromWorkflow', workflowId: byId(draft.id) }, credentials);
		expect(signers.map((option) => option.value)).toEqual([signer.id]);

		const [template] = await run({
			resource: 'template',
			operation: 'createFromWorkflow',
			workflowId: byId(draft.id),
			name: 'Mietvertrag – Vorlage',
			description: 'Für Wohnungen in Köln',
			roleNames: { roleName: [{ signerId: signer.id, role: 'Mieterin' }] },
		});
		expect(template).toMatchObject({ name: 'Mietvertrag – Vorlage', description: 'Für Wohnungen in Köln', roles: [{ name: 'Mieterin', role: 'signer' }] });
		expect(template.signatures).toHaveLength(1);
		expect(template.files).toEqual([expect.objectContaining({ name: 'miete.pdf' })]);
	});

	it('gets a template by list, ID or URL; gets many with a limit, all, or a name search; deletes one', async () => {
		const { api } = await t.newOrganization('Vorlagen GmbH');
		const orgCredentials = { mode: 'remote', url: t.engine.url, apiKey: api.apiKey! };
		const runOrg = async (parameters: Record<string, unknown>) => {
			const result = await runSignflowNode(parameters, orgCredentials);
			if (result.error) throw result.error;
			return json(result.items);
		};
		const made = [];
		for (const name of ['Offer – Zürich', 'NDA Zu\u0308rich', 'חוזה עבודה', '雇用契約書']) made.push(await offerTemplate(api, name));

		for (const locator of [
			{ __rl: true, mode: 'list', value: made[2].id, cachedResultName: 'חוזה עבודה' },
			byId(` ${made[2].id} `),
			{ __rl: true, mode: 'url', value: `${t.engine.url}/api/v1/templates/${made[2].id}` },
		]) {
			const [got] = await runOrg({ resource: 'template', operation: 'get', templateId: locator });
			expect(got).toMatchObject({ id: made[2].id, name: 'חוזה עבודה', roles: [{ name: 'Employee' }, { name: 'HR' }] });
		}
		// A URL that names no template: the editor refuses it as typed, and when an expression gives it.
		const notATemplate = `${t.engine.url}/sign/${made[2].id}`;
		await expect(runSignflowNode({ resource: 'template', operation: 'get', templateId: { __rl: true, mode: 'url', value: notATemplate } }, orgCredentials)).rejects.toThrow(/has issues/);
		const badUrl = await runSignflowNode({ resource: 'template', operation: 'get', templateId: { __rl: true, mode: 'url', value: `={{ "${notATemplate}" }}` } }, orgCredentials);
		expect(badUrl.error?.message).toMatch(/Template parameter's value is invalid.*URL/);

		const names = (items: Record<string, any>[]) => items.map((item) => item.name as string);
		expect(names(await runOrg({ resource: 'template', operation: 'getAll', returnAll: false, limit: 2, filters: {} }))).toEqual(['雇用契約書', 'חוזה עבודה']);
		expect(await runOrg({ resource: 'template', operation: 'getAll', returnAll: true, filters: {} })).toHaveLength(4);
		expect(names(await runOrg({ resource: 'template', operation: 'getAll', returnAll: true, filters: { search: 'ZURICH' } })).sort()).toEqual(
			['NDA Zu\u0308rich'.normalize('NFC'), 'Offer – Zürich'].sort(),
		);

		const [deleted] = await runOrg({ resource: 'template', operation: 'delete', templateId: byId(made[0].id) });
		expect(deleted).toMatchObject({ id: made[0].id, name: 'Offer – Zürich' });
		const gone = await runSignflowNode({ resource: 'template', operation: 'get', templateId: byId(made[0].id) }, orgCredentials);
		expect(gone.error).toMatchObject({ name: 'NodeApiError', httpCode: '404' });
		const tolerated = await runSignflowNode({ resource: 'template', operation: 'delete', templateId: byId(made[0].id) }, orgCredentials, [{ json: {} }], { continueOnFail: true });
		expect(tolerated.error).toBeUndefined();
		expect(tolerated.items).toEqual([{ json: { error: expect.any(String), description: expect.stringMatching(/^Signflow error/) }, pairedItem: { item: 0 } }]);
	});

	it('"From List" searches templates by name and shows their roles', async () => {
		const { api } = await t.newOrganization('Suche AG');
		const orgCredentials = { mode: 'remote', url: t.engine.url, apiKey: api.apiKey! };
		const zurich = await offerTemplate(api, 'Arbeitsvertrag Zürich');
		await offerTemplate(api, 'NDA Berlin');
		const found = await listSearch('searchTemplates', { resource: 'workflow', operation: 'createFromTemplate' }, orgCredentials, 'zu\u0308rich');
		expect(found.results).toEqual([{ name: 'Arbeitsvertrag Zürich (Employee, HR)', value: zurich.id }]);
		expect((await listSearch('searchTemplates', {}, orgCredentials)).results).toHaveLength(2);
	});
});

describe('Signing Workflow -> Create From Template', () => {
	it("loads the chosen template's roles and fields, whichever way it was chosen", async () => {
		const template = await offerTemplate(t.api, 'Arbeitsvertrag – Rollen');
		for (const templateId of [
			{ __rl: true, mode: 'list', value: template.id },
			byId(template.id),
			{ __rl: true, mode: 'url', value: `${t.engine.url}/api/v1/templates/${template.id}` },
		]) {
			const parameters = { resource: 'workflow', operation: 'createFromTemplate', templateId };
			expect(await loadOptions('getTemplateRoles', parameters, credentials)).toEqual([
				{ name: 'Employee', value: 'Employee', description: 'signer, order 1' },
				{ name: 'HR', value: 'HR', description: 'signer, order 2, default Đặng Thị Hồng <hr@example.com>' },
			]);
			expect((await loadOptions('getTemplateFields', parameters, credentials)).map((option) => [option.name, option.value])).toEqual([
				['salary (Gehalt)', 'salary'],
				['startDate', 'startDate'],
				['relocation', 'relocation'],
			]);
		}
		// An expression still to run, or nothing chosen yet: nothing to load.
		expect(await loadOptions('getTemplateRoles', { templateId: byId('={{ $json.templateId }}') }, credentials)).toEqual([]);
		expect(await loadOptions('getTemplateFields', { templateId: { __rl: true, mode: 'list', value: '' } }, credentials)).toEqual([]);
	});

	it('creates and sends one signing workflow per item, roles and prefill mapped from the item; the signer signs', async () => {
		const template = await offerTemplate(t.api, 'Arbeitsvertrag – Senden');
		const items = await run(fromTemplate(byId(template.id)), PEOPLE.map((person) => ({ json: person })));
		expect(items).toHaveLength(3);
		for (const [index, workflow] of items.entries()) {
			expect(workflow).toMatchObject({ status: 'sent', name: 'Arbeitsvertrag – Senden', metadata: { employeeId: PEOPLE[index].employeeId } });
			expect(workflow.signingLinks.map((link: any) => [link.name, link.email])).toEqual([
				[PEOPLE[index].name, PEOPLE[index].email],
				['Đặng Thị Hồng', 'hr@example.com'],
			]);
			const values = workflow.annotations.map((annotation: any) => annotation.value);
			expect(values).toEqual(expect.arrayContaining([PEOPLE[index].salary, true]));
		}
		const dana = items[1];
		const field = dana.signatures.find((signature: any) => signature.signerId === dana.signers[0].id);
		const signed = await new SignerClient(dana.signingLinks[0].signingUrl).sign({ consent: true, values: { [field.id]: { type: 'typed', text: 'דנה לוי' } } });
		expect(signed.status).toBe(200);
		expect((await t.api.get(`/workflows/${dana.id}`)).body.signers[0].status).toBe('signed');
	});

	it('without Send Now makes a draft, with the Workflow Name, Message and Language given', async () => {
		const template = await offerTemplate(t.api, 'Arbeitsvertrag – Entwurf');
		const [workflow] = await run(
			fromTemplate(byId(template.id), {
				send: false,
				roles: { role: [{ role: 'Employee', name: '王小明', email: 'wang@example.com', accessCode: '4711', locale: 'fr' }] },
				prefill: { field: [{ name: 'salary', value: '¥ 1.200.000' }] },
				additionalFields: { name: '雇用契約 王小明', message: 'Merci de signer.', locale: 'de' },
			}),
		);
		expect(workflow).toMatchObject({ status: 'draft', name: '雇用契約 王小明', message: 'Merci de signer.', locale: 'de' });
		expect(workflow.signingLinks).toBeUndefined();
		expect(workflow.signers.map((signer: any) => [signer.name, signer.locale])).toEqual([
			['王小明', 'fr'],
			['Đặng Thị Hồng', null],
		]);
	});

	it('sends the derived Idempotency-Key: the same execution run again makes no second workflow', async () => {
		const template = await offerTemplate(t.api, 'Arbeitsvertrag – Wiederholung');
		const parameters = fromTemplate(byId(template.id));
		const input = [{ json: PEOPLE[0] }];
		const first = await runSignflowNode(parameters, credentials, input, { executionId: 'execution-42' });
		const again = await runSignflowNode(parameters, credentials, input, { executionId: 'execution-42' });
		expect([first.error, again.error]).toEqual([undefined, undefined]);
		expect(again.items[0].json.id).toBe(first.items[0].json.id);
		const other = await runSignflowNode(parameters, credentials, input, { executionId: 'execution-43' });
		expect(other.items[0].json.id).not.toBe(first.items[0].json.id);
	});

	it("the engine's 422 becomes a NodeApiError naming what is wrong and how to fix it; Continue On Fail keeps the good items", async () => {
		const template = await offerTemplate(t.api, 'Arbeitsvertrag – Fehler');
		const unmapped = fromTemplate(byId(template.id), {
			roles: { role: [{ role: 'Manager', name: 'Ann', email: 'ann@example.com' }] },
			prefill: { field: [{ name: 'salary', value: '1' }, { name: 'bonus', value: '10%' }] },
		});
		const failed = await runSignflowNode(unmapped, credentials, [{ json: {} }]);
		expect(failed.error).toMatchObject({ name: 'NodeApiError', httpCode: '422' });
		expect(failed.error!.message).toContain('"Employee" is not mapped');
		const description = (failed.error as unknown as { description: string }).description;
		expect(description).toMatch(/^Signflow error "template_input_invalid": /);
		for (const named of ['no role "Manager"', 'no field named "bonus"', 'To fix: in Roles, add an entry for every role', "use only the template's field names"]) expect(description).toContain(named);

		// The second item has no salary: "salary" is fixed content with no value in the template.
		const tolerated = await runSignflowNode(fromTemplate(byId(template.id)), credentials, [{ json: PEOPLE[0] }, { json: { ...PEOPLE[1], salary: '' } }, { json: PEOPLE[2] }], {
			continueOnFail: true,
		});
		expect(tolerated.error).toBeUndefined();
		expect(tolerated.items.map((item) => [item.pairedItem, item.json.status ?? 'error'])).toEqual([
			[{ item: 0 }, 'sent'],
			[{ item: 1 }, 'error'],
			[{ item: 2 }, 'sent'],
		]);
		expect(tolerated.items[1].json).toMatchObject({ error: expect.stringContaining('"salary"'), description: expect.stringContaining('To fix') });

		const twice = await runSignflowNode(
			fromTemplate(byId(template.id), { roles: { role: [{ role: 'Employee', name: 'A', email: 'a@example.com' }, { role: 'Employee', name: 'B', email: 'b@example.com' }] } }),
			credentials,
			[{ json: PEOPLE[0] }],
		);
		expect(twice.error).toMatchObject({ name: 'NodeOperationError', message: 'The role "Employee" is mapped twice in Roles: keep one entry for it.' });
		const noTemplate = await runSignflowNode(fromTemplate(byId('={{ $json.templateId }}')), credentials, [{ json: PEOPLE[0] }]);
		expect(noTemplate.error?.message).toBe('Template is empty: pick one from the list, or give its ID or URL.');
	});
});

describe('the trigger and templates', () => {
	it('starts the flow with template.created, template.modified and template.deleted, made by the action node and the API', async () => {
		const { api } = await t.newOrganization('Ereignisse GmbH');
		const orgCredentials = { mode: 'remote', url: t.engine.url, apiKey: api.apiKey! };
		const host = await hostTrigger({ events: ['template.created', 'template.modified', 'template.deleted'], requestFrom: '', options: {} }, orgCredentials);
		try {
			await host.create();
			const [workflow] = json((await runSignflowNode({ resource: 'workflow', operation: 'add', name: 'Vertrag – Ereignis 📄', additionalFields: {} }, orgCredentials)).items);
			const created = await runSignflowNode({ resource: 'template', operation: 'createFromWorkflow', workflowId: byId(workflow.id), name: 'Vorlage – Ereignis 📄', description: '' }, orgCredentials);
			expect(created.error).toBeUndefined();
			const templateId = created.items[0].json.id as string;
			expect((await api.request('PATCH', `/templates/${templateId}`, { json: { name: 'Vorlage – geändert' } })).status).toBe(200);
			expect((await runSignflowNode({ resource: 'template', operation: 'delete', templateId: byId(templateId) }, orgCredentials)).error).toBeUndefined();

			const started = await until(
				() => host.calls.filter((call) => call.result?.workflowData).map((call) => call.result!.workflowData![0][0].json as Record<string, any>),
				(list) => list.length >= 3,
			);
			expect(started.map((item) => [item.event, item.data.templateId])).toEqual([
				['template.created', templateId],
				['template.modified', templateId],
				['template.deleted', templateId],
			]);
			await host.delete();
		} finally {
			await host.close();
		}
	});
});
