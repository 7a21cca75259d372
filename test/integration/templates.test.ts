import type { ApiClient } from '../helpers/engine/apiClient';
import { blobStored } from '../helpers/engine/blobs';
import { createReadyDraft } from '../helpers/engine/drafts';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { SignerClient } from '../helpers/engine/signerClient';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { pdftotext } from '../helpers/pdf/pdfTools';
import { until } from '../helpers/waits';

let t: TestEngine;
beforeAll(async () => {
	t = await startTestEngine({ allowPrivateWebhooks: true, webhookPollIntervalMs: 50 });
});
afterAll(() => t.destroy());

const pdf = () => fixturePdf('a4-1page.pdf');

/** The ids of a list's first page (of at most 100: enough for one test organization). */
async function listed(api: ApiClient, path: string): Promise<string[]> {
	const page = await api.get(`${path}?limit=100`);
	expect(page.status).toBe(200);
	return page.body.data.map((item: { id: string }) => item.id);
}

function uploadTo(api: ApiClient, templateId: string, name: string, bytes: Uint8Array) {
	return api.post(`/templates/${templateId}/files`, { name, contentBase64: Buffer.from(bytes).toString('base64') });
}

interface Built {
	id: string;
	fileId: string;
	employee: string;
	hr: string;
}

/**
 * An offer letter: Employee signs first, HR (a fixed person by default) second; the salary is fixed
 * content to prefill, the start date a field of the employee's with a default, the note a text field
 * with a default the employee changes, "relocation" a checkbox HR's prefill fixes.
 */
async function offerTemplate(api: ApiClient, name = 'Arbeitsvertrag – Zoë Ångström'): Promise<Built> {
	const made = await api.post('/templates', {
		name,
		message: 'Bitte unterschreiben Sie Ihren Vertrag.',
		expiresIn: 'P14D',
		timeZone: 'Europe/Berlin',
		reminderPolicy: { firstAfter: 'P2D', every: 'P1D', max: 3 },
		requestFrom: 'hr-portal',
		metadata: { department: 'R&D', source: 'template' },
		locale: 'de',
	});
	expect(made.status).toBe(201);
	const id = made.body.id as string;
	const file = await uploadTo(api, id, 'vertrag.pdf', pdf());
	expect(file.status).toBe(201);
	const employee = await api.post(`/templates/${id}/roles`, { name: 'Employee', order: 1 });
	const hr = await api.post(`/templates/${id}/roles`, { name: 'HR', order: 2, defaultName: 'Đặng Thị Hồng', defaultEmail: 'hr@example.com' });
	expect([employee.status, hr.status]).toEqual([201, 201]);
	const fileId = file.body.id as string;
	for (const [roleId, x] of [[employee.body.id, 60], [hr.body.id, 300]] as const)
		expect((await api.post(`/templates/${id}/signatures`, { fileId, roleId, page: 1, x, y: 80 })).status).toBe(201);
	const annotations = [
		{ fileId, page: 1, x: 60, y: 700, type: 'text', name: 'salary' },
		{ fileId, roleId: employee.body.id, page: 1, x: 60, y: 650, type: 'date', name: 'startDate', prefill: 'default', label: 'Start' },
		{ fileId, roleId: employee.body.id, page: 1, x: 60, y: 600, type: 'text', name: 'note', prefill: 'default', required: false },
		{ fileId, roleId: hr.body.id, page: 1, x: 60, y: 550, type: 'checkbox', name: 'relocation', prefill: 'fixed', required: false },
	];
	for (const annotation of annotations) {
		const added = await api.post(`/templates/${id}/annotations`, annotation);
		expect(added.status).toBe(201);
	}
	return { id, fileId, employee: employee.body.id, hr: hr.body.id };
}

describe('templates', () => {
	it('round trip: what was added reads back; PATCH changes defaults; a removed role takes its fields with it', async () => {
		const built = await offerTemplate(t.api);
		const read = await t.api.get(`/templates/${built.id}`);
		expect(read.status).toBe(200);
		expect(read.body).toMatchObject({
			name: 'Arbeitsvertrag – Zoë Ångström',
			expiresIn: 'P14D',
			timeZone: 'Europe/Berlin',
			reminderPolicy: { firstAfter: 'P2D', every: 'P1D', max: 3 },
			requestFrom: 'hr-portal',
			metadata: { department: 'R&D', source: 'template' },
			locale: 'de',
			test: false,
			files: [{ id: built.fileId, name: 'vertrag.pdf', pageCount: 1 }],
			roles: [
				{ name: 'Employee', role: 'signer', order: 1, defaultName: null, accessCode: 'optional' },
				{ name: 'HR', role: 'signer', order: 2, defaultName: 'Đặng Thị Hồng', defaultEmail: 'hr@example.com' },
			],
		});
		expect(read.body.signatures).toHaveLength(2);
		expect(read.body.annotations.map((annotation: any) => [annotation.name, annotation.type, annotation.prefill])).toEqual([
			['salary', 'text', 'default'],
			['startDate', 'date', 'default'],
			['note', 'text', 'default'],
			['relocation', 'checkbox', 'fixed'],
		]);
		expect(await listed(t.api, '/templates')).toContain(built.id);

		const patched = await t.api.request('PATCH', `/templates/${built.id}`, { json: { name: 'Offer – שלום', requestFrom: null, expiresIn: 'P7D' } });
		expect(patched.status).toBe(200);
		expect(patched.body).toMatchObject({ name: 'Offer – שלום', requestFrom: null, expiresIn: 'P7D', timeZone: 'Europe/Berlin' });

		const withoutHr = await t.api.request('DELETE', `/templates/${built.id}/roles/${built.hr}`);
		expect(withoutHr.status).toBe(200);
		expect(withoutHr.body.roles.map((role: any) => role.name)).toEqual(['Employee']);
		expect(withoutHr.body.signatures).toHaveLength(1);
		expect(withoutHr.body.annotations.map((annotation: any) => annotation.name)).toEqual(['salary', 'startDate', 'note']);
	});

	it('a template field for an unknown role or file, or off the page, is refused', async () => {
		const built = await offerTemplate(t.api);
		const unknownRole = await t.api.post(`/templates/${built.id}/signatures`, { fileId: built.fileId, roleId: built.id, page: 1, x: 1, y: 1 });
		expect(unknownRole.status).toBe(422);
		expect(unknownRole.body.error.code).toBe('role_not_found');
		const offPage = await t.api.post(`/templates/${built.id}/annotations`, { fileId: built.fileId, roleId: built.employee, page: 1, x: 590, y: 1, type: 'text' });
		expect(offPage.body.error.code).toBe('box_outside_page');
		const notPdf = await uploadTo(t.api, built.id, 'x.pdf', fixturePdf('not-a-pdf.pdf'));
		expect([notPdf.status, notPdf.body.error.code]).toEqual([422, 'file_not_pdf']);
	});

	it('makes a workflow from a template with prefill, sends it, and the completed workflow holds the prefilled values', async () => {
		const built = await offerTemplate(t.api);
		const made = await t.api.post(`/templates/${built.id}/workflows`, {
			roles: { Employee: { name: 'Zoë Ångström', email: 'zoe@example.com', locale: 'fr' } },
			prefill: { salary: '85.000 € brutto', startDate: '2027-01-04', note: 'Büro in Köln', relocation: true },
			metadata: { employeeId: 'E-4711', source: 'request' },
			send: true,
		});
		expect(made.status).toBe(201);
		const workflow = made.body;
		expect(workflow).toMatchObject({
			status: 'sent',
			name: 'Arbeitsvertrag – Zoë Ångström',
			message: 'Bitte unterschreiben Sie Ihren Vertrag.',
			timeZone: 'Europe/Berlin',
			requestFrom: 'hr-portal',
			locale: 'de',
			metadata: { department: 'R&D', source: 'request', employeeId: 'E-4711' },
			reminderPolicy: { firstAfter: 'P2D', every: 'P1D', max: 3 },
		});
		// P14D in Berlin from now, DST or not: between 13 and 15 days of wall time.
		const days = (Date.parse(workflow.expiresAt) - Date.parse(workflow.createdAt)) / 86_400_000;
		expect(days).toBeGreaterThan(13.9);
		expect(days).toBeLessThan(14.1);
		expect(workflow.signers.map((signer: any) => [signer.name, signer.email, signer.order, signer.locale])).toEqual([
			['Zoë Ångström', 'zoe@example.com', 1, 'fr'],
			['Đặng Thị Hồng', 'hr@example.com', 2, null],
		]);
		const [zoe, hr] = workflow.signers;
		const byValue = (value: unknown) => workflow.annotations.find((annotation: any) => annotation.value === value);
		expect(byValue('85.000 € brutto')).toMatchObject({ signerId: null, type: 'text' });
		expect(byValue(true)).toMatchObject({ signerId: null, type: 'checkbox' });
		expect(byValue('2027-01-04')).toMatchObject({ signerId: zoe.id, filledAt: null });
		const note = byValue('Büro in Köln');
		expect(note).toMatchObject({ signerId: zoe.id, filledAt: null });

		// The employee sees the defaults filled in, keeps the date and changes the note.
		const employee = new SignerClient(zoe.signingUrl);
		const session = await employee.session();
		expect(session.status).toBe(200);
		expect(session.body.draft.values).toEqual({
			[byValue('2027-01-04').id]: { type: 'date', value: '2027-01-04' },
			[note.id]: { type: 'text', value: 'Büro in Köln' },
		});
		const zoeSignature = workflow.signatures.find((field: any) => field.signerId === zoe.id);
		expect(
			(await employee.sign({ consent: true, values: { [zoeSignature.id]: { type: 'typed', text: 'Zoë Ångström' }, [note.id]: { type: 'text', value: 'Büro in Düsseldorf' } } })).status,
		).toBe(200);
		const hrSignature = workflow.signatures.find((field: any) => field.signerId === hr.id);
		const hrLink = (await t.api.get(`/workflows/${workflow.id}`)).body.signers[1].signingUrl;
		expect((await new SignerClient(hrLink).sign({ consent: true, values: { [hrSignature.id]: { type: 'typed', text: 'Đặng Thị Hồng' } } })).status).toBe(200);

		const done = await until(
			() => t.api.get(`/workflows/${workflow.id}`),
			(response) => response.body.finalization?.status === 'done',
		);
		expect(done.body.status).toBe('completed');
		const values = Object.fromEntries(done.body.annotations.map((annotation: any) => [annotation.id, annotation.value]));
		expect(values[byValue('85.000 € brutto').id]).toBe('85.000 € brutto');
		expect(values[byValue('2027-01-04').id]).toBe('2027-01-04');
		expect(values[note.id]).toBe('Büro in Düsseldorf');
		const signed = await t.api.get(`/workflows/${workflow.id}/files/${done.body.files[0].id}/content?version=signed`);
		expect(signed.status).toBe(200);
		const text = pdftotext(signed.bytes, 1);
		expect(text).toContain('85.000 € brutto');
		expect(text).toContain('Büro in Düsseldorf');
	});

	it('without send the workflow is a draft; role defaults fill unmapped people', async () => {
		const built = await offerTemplate(t.api);
		const made = await t.api.post(`/templates/${built.id}/workflows`, {
			roles: { Employee: { name: '王小明', email: 'wang@example.com' } },
			prefill: { salary: '¥ 1.200.000' },
			name: '雇用契約',
		});
		expect(made.status).toBe(201);
		expect(made.body).toMatchObject({ status: 'draft', name: '雇用契約' });
		expect(made.body.signers.map((signer: any) => signer.name)).toEqual(['王小明', 'Đặng Thị Hồng']);
		expect(made.body.signers.every((signer: any) => signer.signingUrl === null)).toBe(true);
		const trail = await t.api.get(`/workflows/${made.body.id}/audit`);
		expect(trail.body.chain.intact).toBe(true);
		expect(trail.body.events[0]).toMatchObject({ type: 'workflow.created', data: { templateId: built.id } });
	});

	it('422 names every unmapped role, unknown role, unknown field and wrong value type, and makes nothing', async () => {
		const built = await offerTemplate(t.api);
		const before = (await listed(t.api, '/workflows')).length;
		const refused = await t.api.post(`/templates/${built.id}/workflows`, {
			roles: { Manager: { name: 'Ann', email: 'ann@example.com' }, HR: { name: 'Someone' } },
			prefill: { salary: 85000, startDate: 'next monday', relocation: 'yes', bonus: '10%' },
			send: true,
		});
		expect(refused.status).toBe(422);
		expect(refused.body.error.code).toBe('template_input_invalid');
		const paths = refused.body.error.details.map((detail: any) => detail.path);
		expect(paths.sort()).toEqual(['prefill.bonus', 'prefill.relocation', 'prefill.salary', 'prefill.startDate', 'roles.Employee', 'roles.Manager'].sort());
		const message = (path: string) => refused.body.error.details.find((detail: any) => detail.path === path).message;
		expect(message('roles.Employee')).toContain('"Employee" is not mapped');
		expect(message('roles.Manager')).toContain('no role "Manager"');
		expect(message('prefill.bonus')).toContain('no field named "bonus"');
		expect(message('prefill.salary')).toContain('text field');
		expect(message('prefill.relocation')).toContain('true or false');
		expect((await listed(t.api, '/workflows')).length).toBe(before);

		const unfilled = await t.api.post(`/templates/${built.id}/workflows`, { roles: { Employee: { name: 'Ann', email: 'ann@example.com' } } });
		expect(unfilled.status).toBe(422);
		expect(unfilled.body.error.details).toEqual([{ path: 'prefill.salary', message: expect.stringContaining('prefill it') }]);
	});

	it('a required access code must be given, and then guards the link', async () => {
		const made = await t.api.post('/templates', { name: 'NDA' });
		const id = made.body.id;
		const file = await uploadTo(t.api, id, 'nda.pdf', pdf());
		const role = await t.api.post(`/templates/${id}/roles`, { name: 'Partner', accessCode: 'required' });
		await t.api.post(`/templates/${id}/signatures`, { fileId: file.body.id, roleId: role.body.id, page: 1, x: 60, y: 80 });
		const without = await t.api.post(`/templates/${id}/workflows`, { roles: { Partner: { name: 'Ann', email: 'ann@example.com' } }, send: true });
		expect(without.body.error.details).toEqual([{ path: 'roles.Partner.accessCode', message: expect.any(String) }]);
		const sent = await t.api.post(`/templates/${id}/workflows`, { roles: { Partner: { name: 'Ann', email: 'ann@example.com', accessCode: '4711' } }, send: true });
		expect(sent.status).toBe(201);
		expect(sent.body.signers[0].hasAccessCode).toBe(true);
		const signer = new SignerClient(sent.body.signers[0].signingUrl);
		expect((await signer.session()).body.error.code).toBe('access_code_required');
		expect((await signer.accessCode('4711')).status).toBe(200);
		expect((await signer.session()).status).toBe(200);
	});

	it('send: true that cannot send (a role without a signature field) makes nothing', async () => {
		const built = await offerTemplate(t.api);
		await t.api.post(`/templates/${built.id}/roles`, { name: 'Witness', order: 3 });
		const before = (await listed(t.api, '/workflows')).length;
		const refused = await t.api.post(`/templates/${built.id}/workflows`, {
			roles: { Employee: { name: 'Ann', email: 'ann@example.com' }, Witness: { name: 'Wit', email: 'wit@example.com' } },
			prefill: { salary: '1' },
			send: true,
		});
		expect(refused.status).toBe(409);
		expect((await listed(t.api, '/workflows')).length).toBe(before);
	});

	it('a role is renamed and changed with PATCH; its fields stay its own, so it cannot become a role that may not hold them', async () => {
		const built = await offerTemplate(t.api, 'Offer – Renamed roles');
		const renamed = await t.api.request('PATCH', `/templates/${built.id}/roles/${built.employee}`, { json: { name: 'Employé·e 社員', order: 2, defaultName: 'Zoë Ångström' } });
		expect(renamed.status).toBe(200);
		expect(renamed.body).toMatchObject({ id: built.employee, name: 'Employé·e 社員', role: 'signer', order: 2, defaultName: 'Zoë Ångström', defaultEmail: null });
		const read = (await t.api.get(`/templates/${built.id}`)).body;
		expect(read.roles.map((role: any) => role.name)).toEqual(['Employé·e 社員', 'HR']);
		expect(read.signatures.filter((field: any) => field.roleId === built.employee)).toHaveLength(1);
		const cleared = await t.api.request('PATCH', `/templates/${built.id}/roles/${built.employee}`, { json: { defaultName: null } });
		expect(cleared.body.defaultName).toBeNull();

		const refusals = [
			[{ name: 'HR' }, 'role_name_taken'],
			[{ role: 'cc' }, 'role_cannot_sign'],
			[{ name: '' }, 'validation_failed'],
			[{ colour: 'red' }, 'validation_failed'],
		] as const;
		for (const [body, code] of refusals) {
			const refused = await t.api.request('PATCH', `/templates/${built.id}/roles/${built.employee}`, { json: body });
			expect([refused.status, refused.body.error.code]).toEqual([422, code]);
		}
		const unknown = await t.api.request('PATCH', `/templates/${built.id}/roles/01a23790-0000-7000-8000-000000000000`, { json: { name: 'X' } });
		expect([unknown.status, unknown.body.error.code]).toEqual([404, 'role_not_found']);
		// A role without fields may become a cc.
		const legal = await t.api.post(`/templates/${built.id}/roles`, { name: 'Rechtsabteilung' });
		expect((await t.api.request('PATCH', `/templates/${built.id}/roles/${legal.body.id}`, { json: { role: 'cc' } })).body.role).toBe('cc');
	});

	it("a template's PDF downloads as stored; an unknown file of it is a 404", async () => {
		const built = await offerTemplate(t.api, 'Offer – Ünal Öztürk');
		const content = await t.api.get(`/templates/${built.id}/files/${built.fileId}/content`);
		expect(content.status).toBe(200);
		expect(content.headers.get('content-type')).toBe('application/pdf');
		expect(content.headers.get('content-disposition')).toContain('vertrag.pdf');
		expect(content.bytes.equals(Buffer.from(pdf()))).toBe(true);
		expect(content.headers.get('x-content-sha256')).toBe((await t.api.get(`/templates/${built.id}`)).body.files[0].sha256);
		const unknown = await t.api.get(`/templates/${built.id}/files/01a23790-0000-7000-8000-000000000000/content`);
		expect([unknown.status, unknown.body.error.code]).toEqual([404, 'file_not_found']);
	});

	it("another organization's template is a 404 everywhere", async () => {
		const built = await offerTemplate(t.api);
		const mallory = (await t.newOrganization('Mallory Ltd')).api;
		const attempts = [
			() => mallory.get(`/templates/${built.id}`),
			() => mallory.request('PATCH', `/templates/${built.id}`, { json: { name: 'Mine' } }),
			() => mallory.request('DELETE', `/templates/${built.id}`),
			() => uploadTo(mallory, built.id, 'x.pdf', pdf()),
			() => mallory.post(`/templates/${built.id}/roles`, { name: 'X' }),
			() => mallory.request('DELETE', `/templates/${built.id}/roles/${built.employee}`),
			() => mallory.get(`/templates/${built.id}/files/${built.fileId}/content`),
			() => mallory.request('PATCH', `/templates/${built.id}/roles/${built.employee}`, { json: { name: 'Mine' } }),
			() => mallory.post(`/templates/${built.id}/workflows`, { roles: { Employee: { name: 'M', email: 'm@example.com' } }, prefill: { salary: '1' } }),
		];
		for (const attempt of attempts) {
			const response = await attempt();
			expect([response.status, response.body.error.code]).toEqual([404, 'template_not_found']);
		}
		expect(await listed(mallory, '/templates')).not.toContain(built.id);
		expect((await t.api.get(`/templates/${built.id}`)).body.name).toBe('Arbeitsvertrag – Zoë Ångström');
	});

	it('test keys see test templates only, and live keys live ones; a test template makes test workflows', async () => {
		const live = await offerTemplate(t.api, 'Live offer');
		const testKey = await t.api.post('/api-keys', { name: 'Sandbox', mode: 'test' });
		const sandbox = t.api.withKey(testKey.body.apiKey);
		expect((await sandbox.get(`/templates/${live.id}`)).status).toBe(404);
		expect((await sandbox.get(`/templates/${live.id}/files/${live.fileId}/content`)).status).toBe(404);
		const test = await offerTemplate(sandbox, 'Test offer');
		expect((await sandbox.get(`/templates/${test.id}`)).body.test).toBe(true);
		expect((await t.api.get(`/templates/${test.id}`)).status).toBe(404);
		expect(await listed(sandbox, '/templates')).toEqual([test.id]);
		const made = await sandbox.post(`/templates/${test.id}/workflows`, { roles: { Employee: { name: 'Ann', email: 'ann@example.com' } }, prefill: { salary: '1' } });
		expect(made.body.test).toBe(true);
	});

	it('deleting a template keeps a blob a workflow shares, and removes one nothing else names', async () => {
		const shared = fixturePdf('letter-3pages.pdf');
		const draft = await t.api.post('/workflows', { name: 'Uses the same PDF' });
		const workflowFile = await t.api.uploadBase64(draft.body.id, 'same.pdf', shared);
		const template = await t.api.post('/templates', { name: 'Shares a blob' });
		const templateFile = await uploadTo(t.api, template.body.id, 'same.pdf', shared);
		expect(templateFile.body.sha256).toBe(workflowFile.body.sha256);
		const deleted = await t.api.request('DELETE', `/templates/${template.body.id}`);
		expect(deleted.status).toBe(200);
		expect(deleted.body).toMatchObject({ id: template.body.id, removedBlobs: 0 });
		expect(await blobStored(t.dataDir, workflowFile.body.sha256)).toBe(true);
		expect((await t.api.get(`/workflows/${draft.body.id}/files/${workflowFile.body.id}/content`)).status).toBe(200);
		expect((await t.api.get(`/templates/${template.body.id}`)).status).toBe(404);

		// The other way round: a discarded draft's PDF stays while a template holds it.
		const own = await t.api.post('/templates', { name: 'Own blob' });
		const ownBytes = Buffer.concat([fixturePdf('mixed-sizes.pdf'), Buffer.from('\n% template only\n')]);
		const ownFile = await uploadTo(t.api, own.body.id, 'own.pdf', ownBytes);
		const other = await t.api.post('/workflows', { name: 'Discarded' });
		await t.api.uploadBase64(other.body.id, 'own.pdf', ownBytes);
		expect((await t.api.post(`/workflows/${other.body.id}/discard`)).body.removedBlobs).toBe(0);
		expect(await blobStored(t.dataDir, ownFile.body.sha256)).toBe(true);
		const gone = await t.api.request('DELETE', `/templates/${own.body.id}`);
		expect(gone.body.removedBlobs).toBe(1);
		expect(await blobStored(t.dataDir, ownFile.body.sha256)).toBe(false);
	});

	it('saves a draft as a template: signers become roles, by mapping or by name', async () => {
		const draft = await createReadyDraft(t.api, 'Mietvertrag');
		await t.api.post(`/workflows/${draft.workflowId}/annotations`, { fileId: draft.fileId, page: 1, x: 60, y: 700, type: 'text', value: 'Wohnung 3 – Straße' });
		await t.api.post(`/workflows/${draft.workflowId}/annotations`, { fileId: draft.fileId, signerId: draft.signerIds[1], page: 1, x: 60, y: 650, type: 'date' });
		const saved = await t.api.post(`/workflows/${draft.workflowId}/template`, { roleNames: { [draft.signerIds[0]]: 'Tenant' } });
		expect(saved.status).toBe(201);
		expect(saved.body).toMatchObject({ name: 'Mietvertrag', files: [{ name: 'offer.pdf' }] });
		expect(saved.body.roles.map((role: any) => [role.name, role.order])).toEqual([
			['Tenant', 1],
			['Bob Ray', 2],
		]);
		const [tenant, bob] = saved.body.roles;
		expect(saved.body.signatures.map((field: any) => field.roleId)).toEqual([tenant.id, bob.id]);
		expect(saved.body.annotations).toMatchObject([
			{ roleId: null, value: 'Wohnung 3 – Straße' },
			{ roleId: bob.id, type: 'date', value: null },
		]);
		const made = await t.api.post(`/templates/${saved.body.id}/workflows`, {
			roles: { Tenant: { name: 'Ann Lee', email: 'ann@example.com' }, 'Bob Ray': { name: 'Bob Ray', email: 'bob@example.com' } },
			send: true,
		});
		expect(made.status).toBe(201);
		expect(made.body.status).toBe('sent');

		const unknown = await t.api.post(`/workflows/${draft.workflowId}/template`, { roleNames: { [draft.fileId]: 'X' } });
		expect(unknown.status).toBe(422);
	});
});

describe('template events', () => {
	let receiver: Receiver;
	beforeAll(async () => {
		receiver = await startReceiver();
	});
	afterAll(() => receiver.close());

	it('template.created, template.modified and template.deleted reach a webhook subscribed to them', async () => {
		const { api } = await t.newOrganization('Events GmbH');
		const hook = await api.post('/webhooks', { name: 'Templates', url: receiver.url, events: ['template.created', 'template.modified', 'template.deleted'] });
		expect(hook.status).toBe(201);
		const made = await api.post('/templates', { name: 'Événement' });
		const id = made.body.id;
		await api.post(`/templates/${id}/roles`, { name: 'Employee' });
		await api.request('DELETE', `/templates/${id}`);
		const received = await receiver.waitFor(3);
		const bodies = received.map((request) => request.body).filter((body) => body.data?.templateId === id);
		expect(bodies.map((body) => body.event).sort()).toEqual(['template.created', 'template.deleted', 'template.modified']);
		for (const body of bodies) expect(body).toMatchObject({ uri: `/api/v1/templates/${id}`, test: false, data: { templateId: id, name: 'Événement' } });
		expect(bodies.find((body) => body.event === 'template.modified').data).toMatchObject({ change: 'role.added', role: 'Employee' });
		const feed = await api.get('/events');
		expect(feed.body.data.map((event: any) => event.type)).toEqual(expect.arrayContaining(['template.created', 'template.modified', 'template.deleted']));
	});
});
