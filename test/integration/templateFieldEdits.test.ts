import { ApiClient } from '../helpers/engine/apiClient';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { fixturePdf } from '../helpers/pdf/fixtures';

/*
 * PATCH on a template's signature fields and annotations: moved, resized or changed in place
 * (same id), checked as on adding, recorded as template.modified with the values before.
 */

let t: TestEngine;
beforeAll(async () => {
	t = await startTestEngine();
});
afterAll(() => t.destroy());

const patch = (api: ApiClient, path: string, json: unknown) => api.request('PATCH', path, { json });

interface Built {
	id: string;
	fileId: string;
	employee: string;
	hr: string;
	viewer: string;
	signatureId: string;
	noteId: string;
	fixedId: string;
}

async function template(api: ApiClient, name: string): Promise<Built> {
	const made = await api.post('/templates', { name });
	expect(made.status).toBe(201);
	const id = made.body.id as string;
	const file = await api.post(`/templates/${id}/files`, { name: 'vertrag.pdf', contentBase64: fixturePdf('a4-1page.pdf').toString('base64') });
	const employee = await api.post(`/templates/${id}/roles`, { name: 'Employé·e', order: 1 });
	const hr = await api.post(`/templates/${id}/roles`, { name: '人事部', order: 2 });
	const viewer = await api.post(`/templates/${id}/roles`, { name: 'مراقب', role: 'viewer' });
	const fileId = file.body.id as string;
	const signature = await api.post(`/templates/${id}/signatures`, { fileId, roleId: employee.body.id, page: 1, x: 50, y: 60 });
	const note = await api.post(`/templates/${id}/annotations`, { fileId, roleId: employee.body.id, type: 'text', page: 1, x: 50, y: 200, name: 'note', label: 'Remarque' });
	const fixed = await api.post(`/templates/${id}/annotations`, { fileId, type: 'text', page: 1, x: 50, y: 300, name: 'salary', prefill: 'fixed' });
	for (const response of [file, employee, hr, viewer, signature, note, fixed]) expect(response.status).toBe(201);
	return { id, fileId, employee: employee.body.id, hr: hr.body.id, viewer: viewer.body.id, signatureId: signature.body.id, noteId: note.body.id, fixedId: fixed.body.id };
}

/** The organization's newest template.modified event. */
async function lastModified(api: ApiClient) {
	const events: Array<{ type: string; data: Record<string, unknown> }> = [];
	for (let after = '', more = true; more; ) {
		const page = await api.get(`/events?limit=500${after ? `&after=${after}` : ''}`);
		expect(page.status).toBe(200);
		events.push(...page.body.data);
		[after, more] = [page.body.nextCursor, page.body.hasMore];
	}
	return events.filter((event) => event.type === 'template.modified').at(-1)!;
}

describe('changing a template\'s fields', () => {
	it('moves, resizes and reassigns a signature field in place; template.modified says what it was', async () => {
		const built = await template(t.api, 'Contrat – 東京 ✍️');
		const moved = await patch(t.api, `/templates/${built.id}/signatures/${built.signatureId}`, { x: 300, y: 400, width: 150, height: 45, roleId: built.hr, required: false });
		expect(moved.status).toBe(200);
		expect(moved.body).toEqual({ id: built.signatureId, fileId: built.fileId, roleId: built.hr, page: 1, x: 300, y: 400, width: 150, height: 45, kind: 'signature', required: false });
		const stored = (await t.api.get(`/templates/${built.id}`)).body.signatures;
		expect(stored).toEqual([moved.body]);
		expect((await lastModified(t.api)).data).toMatchObject({
			templateId: built.id,
			name: 'Contrat – 東京 ✍️',
			change: 'signature.changed',
			signatureId: built.signatureId,
			changed: ['roleId', 'x', 'y', 'width', 'height', 'required'],
			previous: { roleId: built.employee, x: 50, y: 60, width: 180, height: 50, required: true },
		});
		// The same values again (a retried PATCH): answered as it stands, not announced again.
		const countModified = async () => (await t.api.get('/events?limit=500')).body.data.filter((event: { type: string }) => event.type === 'template.modified').length;
		const before = await countModified();
		const again = await patch(t.api, `/templates/${built.id}/signatures/${built.signatureId}`, { x: 300, y: 400, roleId: built.hr });
		expect(again.status).toBe(200);
		expect(again.body).toEqual(moved.body);
		expect(await countModified()).toBe(before);
	});

	it('changes an annotation: its box, role, label, and fixed content\'s value; the rules of adding one hold', async () => {
		const built = await template(t.api, 'Formulaire – עברית');
		const note = await patch(t.api, `/templates/${built.id}/annotations/${built.noteId}`, { roleId: built.hr, label: 'Anmerkung – ملاحظة', y: 250 });
		expect(note.status).toBe(200);
		expect(note.body).toMatchObject({ id: built.noteId, roleId: built.hr, label: 'Anmerkung – ملاحظة', y: 250, name: 'note' });
		expect((await lastModified(t.api)).data).toMatchObject({ change: 'annotation.changed', annotationId: built.noteId, changed: ['roleId', 'y', 'label'], previous: { roleId: built.employee, y: 200, label: 'Remarque' } });

		const fixed = await patch(t.api, `/templates/${built.id}/annotations/${built.fixedId}`, { value: 'Zoe\u0308 – 4 200 € 😀', prefill: 'default' });
		expect(fixed.body).toMatchObject({ id: built.fixedId, value: 'Zoe\u0308 – 4 200 € 😀', prefill: 'default', roleId: null, required: false });
		expect((await t.api.get(`/templates/${built.id}`)).body.annotations.find((each: { id: string }) => each.id === built.fixedId).value).toBe(fixed.body.value);

		const path = `/templates/${built.id}/annotations/${built.noteId}`;
		expect((await patch(t.api, path, { x: 590 })).body.error.code).toBe('box_outside_page');
		expect((await patch(t.api, path, { roleId: built.viewer })).body.error.code).toBe('role_cannot_fill');
		expect((await patch(t.api, path, { roleId: '01a237ae-2d42-737b-8e2f-7ce2dc6bd172' })).body.error).toMatchObject({ code: 'role_not_found', details: [{ path: 'roleId' }] });
		expect((await patch(t.api, path, { value: true })).body.error.code).toBe('annotation_value_invalid');
		expect((await patch(t.api, `/templates/${built.id}/annotations/${built.fixedId}`, { name: null, value: null })).body.error.code).toBe('annotation_value_missing');
		const checkbox = await t.api.post(`/templates/${built.id}/annotations`, { fileId: built.fileId, roleId: built.employee, type: 'checkbox', page: 1, x: 10, y: 10, name: 'agree' });
		expect((await patch(t.api, `/templates/${built.id}/annotations/${checkbox.body.id}`, { name: 'note' })).body.error.code).toBe('field_name_type_clash');
		// Nothing refused was kept.
		expect((await t.api.get(`/templates/${built.id}`)).body.annotations.find((each: { id: string }) => each.id === built.noteId)).toMatchObject({ x: 50, roleId: built.hr });
	});

	it('refuses a signature field outside the page or for a role that does not sign; 404 for another organization and a test key', async () => {
		const built = await template(t.api, 'Grenzen – Ελλάδα');
		const path = `/templates/${built.id}/signatures/${built.signatureId}`;
		const outside = await patch(t.api, path, { y: 800 });
		expect(outside.status).toBe(422);
		expect(outside.body.error).toMatchObject({ code: 'box_outside_page', details: [{ path: 'y' }] });
		expect((await patch(t.api, path, { page: 2 })).body.error.code).toBe('page_out_of_range');
		expect((await patch(t.api, path, { roleId: built.viewer })).body.error.code).toBe('role_cannot_sign');
		expect((await patch(t.api, `/templates/${built.id}/signatures/${built.noteId}`, { x: 1 })).status).toBe(404);

		const other = await t.newOrganization('Otra organización');
		const sandbox = new ApiClient(t.engine.url, (await t.api.post('/api-keys', { name: 'Sandbox', mode: 'test' })).body.apiKey);
		for (const client of [other.api, sandbox]) {
			expect((await patch(client, path, { x: 70 })).body.error.code).toBe('template_not_found');
			expect((await patch(client, `/templates/${built.id}/annotations/${built.noteId}`, { x: 70 })).body.error.code).toBe('template_not_found');
		}
		expect((await t.api.get(`/templates/${built.id}`)).body.signatures[0]).toMatchObject({ x: 50, y: 60 });
	});
});
