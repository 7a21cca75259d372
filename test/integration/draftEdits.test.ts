import { PDFDocument } from 'pdf-lib';
import { ApiClient } from '../helpers/engine/apiClient';
import { blobStored } from '../helpers/engine/blobs';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';

/*
 * A draft's parts change and go: PATCH and DELETE on its signature fields, annotations, signers and
 * files, PATCH on the draft itself; each recorded with what it was before; only while a draft.
 */

/** A PDF of `pages` A4 pages whose bytes no other test makes (its title differs), so its blob is its own. */
async function uniquePdf(title: string, pages = 1): Promise<Buffer> {
	const document = await PDFDocument.create();
	for (let page = 0; page < pages; page += 1) document.addPage([595, 842]);
	document.setTitle(title);
	document.setCreationDate(new Date(0));
	document.setModificationDate(new Date(0));
	return Buffer.from(await document.save());
}

interface Draft {
	id: string;
	fileId: string;
	sha256: string;
	signerId: string;
	approverId: string;
	signatureId: string;
	fieldId: string;
	fixedId: string;
}

/** A two-page draft: Zoë (signer) with a signature field, an approver with a text field, fixed text. */
async function draftWith(api: ApiClient, name: string, pdf: Buffer): Promise<Draft> {
	const workflow = await api.post('/workflows', { name, timeZone: 'Europe/Berlin' });
	expect(workflow.status).toBe(201);
	const id = workflow.body.id as string;
	const file = await api.upload(id, 'contrat-signé.pdf', pdf);
	expect(file.status).toBe(201);
	const signer = await api.post(`/workflows/${id}/signers`, { name: 'Zoë Ødegård', email: 'zoe@example.com' });
	const approver = await api.post(`/workflows/${id}/signers`, { name: 'محمد الأحمد', email: 'mohammed@example.com', role: 'approver', order: 2 });
	const signature = await api.post(`/workflows/${id}/signatures`, { fileId: file.body.id, signerId: signer.body.id, page: 1, x: 60, y: 80 });
	const field = await api.post(`/workflows/${id}/annotations`, { fileId: file.body.id, signerId: approver.body.id, type: 'text', page: 1, x: 60, y: 200, label: 'Remarque' });
	const fixed = await api.post(`/workflows/${id}/annotations`, { fileId: file.body.id, type: 'text', value: 'Réf. 東京-7', page: 1, x: 60, y: 300 });
	for (const response of [signer, approver, signature, field, fixed]) expect(response.status).toBe(201);
	return {
		id,
		fileId: file.body.id,
		sha256: file.body.sha256,
		signerId: signer.body.id,
		approverId: approver.body.id,
		signatureId: signature.body.id,
		fieldId: field.body.id,
		fixedId: fixed.body.id,
	};
}

const patch = (api: ApiClient, path: string, json: unknown) => api.request('PATCH', path, { json });
const remove = (api: ApiClient, path: string) => api.request('DELETE', path);

async function lastEvent(api: ApiClient, workflowId: string, type: string) {
	const audit = await api.get(`/workflows/${workflowId}/audit`);
	expect(audit.status).toBe(200);
	expect(audit.body.chain.intact).toBe(true);
	return audit.body.events.filter((event: { type: string }) => event.type === type).at(-1);
}

describe('changing a draft', () => {
	let t: TestEngine;
	beforeAll(async () => {
		t = await startTestEngine();
	});
	afterAll(() => t.destroy());

	it('moves, resizes and reassigns a signature field, keeping its id; signature.updated says what it was', async () => {
		const draft = await draftWith(t.api, 'Contrat – مرحبا 📄', await uniquePdf('move a signature', 2));
		const other = await t.api.post(`/workflows/${draft.id}/signers`, { name: 'Jose\u0301 Nu\u0301n\u0303ez', email: 'jose@example.com' });
		const moved = await patch(t.api, `/workflows/${draft.id}/signatures/${draft.signatureId}`, { page: 2, x: 300, y: 500, width: 200, signerId: other.body.id, required: false });
		expect(moved.status).toBe(200);
		expect(moved.body).toMatchObject({ id: draft.signatureId, page: 2, x: 300, y: 500, width: 200, height: 50, signerId: other.body.id, required: false, kind: 'signature' });

		const detail = (await t.api.get(`/workflows/${draft.id}`)).body;
		expect(detail.signatures).toHaveLength(1);
		expect(detail.signatures[0]).toMatchObject({ id: draft.signatureId, page: 2, x: 300, signerId: other.body.id });
		expect(detail.signers.find((signer: { id: string }) => signer.id === other.body.id).name).toBe('Jos\u00e9 N\u00fa\u00f1ez');

		const event = await lastEvent(t.api, draft.id, 'signature.updated');
		expect(event.data).toEqual({
			signatureId: draft.signatureId,
			changed: ['page', 'x', 'y', 'width', 'signerId', 'required'],
			previous: { page: 1, x: 60, y: 80, width: 180, signerId: draft.signerId, required: true },
		});
	});

	it('refuses a box outside the page, a page the file lacks, an unknown or non-signing signer, and a field that is not there', async () => {
		const draft = await draftWith(t.api, 'Bounds – Ελλάδα', await uniquePdf('bounds'));
		const path = `/workflows/${draft.id}/signatures/${draft.signatureId}`;
		const outside = await patch(t.api, path, { x: 500 });
		expect(outside.status).toBe(422);
		expect(outside.body.error).toMatchObject({ code: 'box_outside_page', details: [{ path: 'x' }] });
		expect((await patch(t.api, path, { page: 3 })).body.error.code).toBe('page_out_of_range');
		const unknown = await patch(t.api, path, { signerId: '01a237ae-2d42-737b-8e2f-7ce2dc6bd172' });
		expect(unknown.status).toBe(422);
		expect(unknown.body.error).toMatchObject({ code: 'signer_not_found', details: [{ path: 'signerId' }] });
		expect((await patch(t.api, path, { signerId: draft.approverId })).body.error.code).toBe('signer_cannot_sign');
		expect((await patch(t.api, path, {})).body.error.code).toBe('nothing_to_change');
		const annotationOutside = await patch(t.api, `/workflows/${draft.id}/annotations/${draft.fieldId}`, { y: 830 });
		expect(annotationOutside.body.error.code).toBe('box_outside_page');
		const missing = await patch(t.api, `/workflows/${draft.id}/signatures/${draft.fieldId}`, { x: 10 });
		expect({ status: missing.status, code: missing.body.error.code }).toEqual({ status: 404, code: 'signature_not_found' });
		// Nothing moved.
		expect((await t.api.get(`/workflows/${draft.id}`)).body.signatures[0]).toMatchObject({ page: 1, x: 60, y: 80 });
	});

	it('changes an annotation: a signer\'s field goes to another actor, fixed content gets a new value; each recorded', async () => {
		const draft = await draftWith(t.api, 'Annotations – 한국어', await uniquePdf('annotations'));
		const field = await patch(t.api, `/workflows/${draft.id}/annotations/${draft.fieldId}`, { signerId: draft.signerId, label: 'Bemerkung – ملاحظة', x: 100, required: false });
		expect(field.status).toBe(200);
		expect(field.body).toMatchObject({ id: draft.fieldId, signerId: draft.signerId, label: 'Bemerkung – ملاحظة', x: 100, required: false });
		expect((await lastEvent(t.api, draft.id, 'annotation.updated')).data).toEqual({
			annotationId: draft.fieldId,
			changed: ['x', 'signerId', 'label', 'required'],
			previous: { signerId: draft.approverId, label: 'Remarque', x: 60, required: true },
		});

		const fixed = await patch(t.api, `/workflows/${draft.id}/annotations/${draft.fixedId}`, { value: 'Ref. 北京 – 🚀', fontSize: 14 });
		expect(fixed.body).toMatchObject({ id: draft.fixedId, value: 'Ref. 北京 – 🚀', fontSize: 14, signerId: null });
		expect((await lastEvent(t.api, draft.id, 'annotation.updated')).data).toMatchObject({ changed: ['value', 'fontSize'], previous: { value: 'Réf. 東京-7', fontSize: 11 } });

		expect((await patch(t.api, `/workflows/${draft.id}/annotations/${draft.fixedId}`, { signerId: draft.signerId })).body.error.code).toBe('annotation_is_fixed');
		expect((await patch(t.api, `/workflows/${draft.id}/annotations/${draft.fieldId}`, { value: 'x' })).body.error.code).toBe('annotation_filled_by_signer');
		const viewer = await t.api.post(`/workflows/${draft.id}/signers`, { name: 'Ana', email: 'ana@example.com', role: 'viewer' });
		expect((await patch(t.api, `/workflows/${draft.id}/annotations/${draft.fieldId}`, { signerId: viewer.body.id })).body.error.code).toBe('signer_cannot_fill');
		expect((await patch(t.api, `/workflows/${draft.id}/annotations/${draft.fixedId}`, { value: '' })).body.error.code).toBe('annotation_value_invalid');
	});

	it('removes a signature field and an annotation; the draft answers without them', async () => {
		const draft = await draftWith(t.api, 'Remove fields', await uniquePdf('remove fields'));
		const afterSignature = await remove(t.api, `/workflows/${draft.id}/signatures/${draft.signatureId}`);
		expect(afterSignature.status).toBe(200);
		expect(afterSignature.body.signatures).toEqual([]);
		expect((await lastEvent(t.api, draft.id, 'signature.removed')).data).toEqual({ signatureId: draft.signatureId, fileId: draft.fileId, signerId: draft.signerId, page: 1, kind: 'signature' });
		const afterAnnotation = await remove(t.api, `/workflows/${draft.id}/annotations/${draft.fixedId}`);
		expect(afterAnnotation.body.annotations.map((annotation: { id: string }) => annotation.id)).toEqual([draft.fieldId]);
		expect((await lastEvent(t.api, draft.id, 'annotation.removed')).data).toMatchObject({ annotationId: draft.fixedId, type: 'text', signerId: null });
		expect((await remove(t.api, `/workflows/${draft.id}/signatures/${draft.signatureId}`)).status).toBe(404);
	});

	it('changes a signer (name, email, role, order, access code, language) and removes one with their fields', async () => {
		const draft = await draftWith(t.api, 'Signers – עברית', await uniquePdf('signers'));
		const changed = await patch(t.api, `/workflows/${draft.id}/signers/${draft.approverId}`, {
			name: 'Sérgio Araújo',
			email: 'sergio@example.pt',
			role: 'signer',
			order: 3,
			accessCode: 'ñandú-42',
			locale: 'pt',
		});
		expect(changed.status).toBe(200);
		expect(changed.body).toMatchObject({ id: draft.approverId, name: 'Sérgio Araújo', email: 'sergio@example.pt', role: 'signer', order: 3, hasAccessCode: true, locale: 'pt' });
		expect(JSON.stringify(changed.body)).not.toContain('ñandú');
		const event = await lastEvent(t.api, draft.id, 'signer.updated');
		expect(event.data).toEqual({
			signerId: draft.approverId,
			name: 'Sérgio Araújo',
			changed: ['name', 'email', 'role', 'order', 'locale', 'accessCode'],
			previous: { name: 'محمد الأحمد', email: 'mohammed@example.com', role: 'approver', order: 2, locale: null, hasAccessCode: false },
		});
		expect(JSON.stringify(event)).not.toContain('ñandú');
		const stored = (await t.api.get(`/workflows/${draft.id}`)).body.signers.find((signer: { id: string }) => signer.id === draft.approverId);
		expect(stored).toMatchObject({ role: 'signer', order: 3, hasAccessCode: true });
		expect((await patch(t.api, `/workflows/${draft.id}/signers/${draft.approverId}`, { accessCode: null })).body.hasAccessCode).toBe(false);
		expect((await patch(t.api, `/workflows/${draft.id}/signers/${draft.signerId}`, { role: 'cc' })).body.error.code).toBe('signer_cannot_sign');

		const removed = await remove(t.api, `/workflows/${draft.id}/signers/${draft.signerId}`);
		expect(removed.status).toBe(200);
		expect(removed.body.signers.map((signer: { id: string }) => signer.id)).toEqual([draft.approverId]);
		expect(removed.body.signatures).toEqual([]);
		const types = (await t.api.get(`/workflows/${draft.id}/audit`)).body.events.slice(-2).map((each: { type: string }) => each.type);
		expect(types).toEqual(['signer.removed', 'signature.removed']);
		expect((await lastEvent(t.api, draft.id, 'signer.removed')).data).toEqual({ signerId: draft.signerId, name: 'Zoë Ødegård', email: 'zoe@example.com', role: 'signer', order: 1 });
	});

	it('changes the draft itself: name, message, expiry, metadata; workflow.updated keeps the values before', async () => {
		const draft = await draftWith(t.api, 'Ancien nom', await uniquePdf('workflow patch'));
		const expiresAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
		const updated = await patch(t.api, `/workflows/${draft.id}`, { name: 'Nouveau nom – 日本語 ✍️', message: 'Bitte unterschreiben – أهلا', expiresAt, metadata: { crm: 'Ä-1' }, locale: 'de' });
		expect(updated.status).toBe(200);
		expect(updated.body).toMatchObject({ id: draft.id, name: 'Nouveau nom – 日本語 ✍️', message: 'Bitte unterschreiben – أهلا', expiresAt, metadata: { crm: 'Ä-1' }, locale: 'de', status: 'draft' });
		expect(updated.body.signatures).toHaveLength(1);
		expect((await t.api.get(`/workflows/${draft.id}`)).body).toMatchObject({ name: 'Nouveau nom – 日本語 ✍️', expiresAt });
		expect((await t.api.get('/workflows?q=nihongo')).status).toBe(200);
		expect((await t.api.get(`/workflows?q=${encodeURIComponent('nouveau nom')}`)).body.data.map((each: { id: string }) => each.id)).toContain(draft.id);
		expect((await lastEvent(t.api, draft.id, 'workflow.updated')).data).toEqual({
			name: 'Nouveau nom – 日本語 ✍️',
			changed: ['name', 'message', 'expiresAt', 'metadata', 'locale'],
			previous: { name: 'Ancien nom', message: null, expiresAt: null, metadata: {}, locale: null },
		});
		const past = await patch(t.api, `/workflows/${draft.id}`, { expiresAt: '2001-01-01T00:00:00Z' });
		expect({ status: past.status, code: past.body.error.code }).toEqual({ status: 422, code: 'expires_at_in_past' });
	});

	it('records nothing for a change to the values already there (a retried PATCH, an n8n run with the same item)', async () => {
		const draft = await draftWith(t.api, 'Mietvertrag – Jürgen Weiß', await uniquePdf('unchanged patch'));
		const count = async (type: string) =>
			(await t.api.get(`/workflows/${draft.id}/audit`)).body.events.filter((event: { type: string }) => event.type === type).length;
		const change = { name: 'Mietvertrag – Jürgen Weiß 🏠', metadata: { crm: 'ä-7', 'étiquette': 'שלום' } };
		expect((await patch(t.api, `/workflows/${draft.id}`, change)).status).toBe(200);
		expect(await count('workflow.updated')).toBe(1);
		// The same values again, the name typed decomposed: answered as it stands, no event.
		const again = await patch(t.api, `/workflows/${draft.id}`, { ...change, name: change.name.normalize('NFD') });
		expect(again.status).toBe(200);
		expect(again.body).toMatchObject({ id: draft.id, name: change.name, metadata: change.metadata });
		const sameSigner = await patch(t.api, `/workflows/${draft.id}/signers/${draft.signerId}`, { name: 'Zoë Ødegård', email: 'zoe@example.com' });
		expect(sameSigner.status).toBe(200);
		expect({ workflow: await count('workflow.updated'), signer: await count('signer.updated') }).toEqual({ workflow: 1, signer: 0 });
		// A real change after them is recorded as usual.
		expect((await patch(t.api, `/workflows/${draft.id}/signers/${draft.signerId}`, { name: 'Zoë Ødegård-Lindqvist' })).status).toBe(200);
		expect(await count('signer.updated')).toBe(1);
	});

	it('removes a file with its fields; its blob goes only when no other row names the same bytes', async () => {
		const shared = await uniquePdf('shared by two drafts');
		const first = await draftWith(t.api, 'Erste', shared);
		const second = await draftWith(t.api, 'Zweite', shared);
		expect(second.sha256).toBe(first.sha256);

		const afterFirst = await remove(t.api, `/workflows/${first.id}/files/${first.fileId}`);
		expect(afterFirst.status).toBe(200);
		expect(afterFirst.body).toMatchObject({ files: [], signatures: [], annotations: [] });
		expect(afterFirst.body.signers).toHaveLength(2);
		expect(await blobStored(t.dataDir, first.sha256)).toBe(true);
		const trail = (await t.api.get(`/workflows/${first.id}/audit`)).body.events.map((event: { type: string }) => event.type);
		expect(trail.slice(-4)).toEqual(['file.removed', 'signature.removed', 'annotation.removed', 'annotation.removed']);
		expect((await lastEvent(t.api, first.id, 'file.removed')).data).toEqual({ fileId: first.fileId, name: 'contrat-signé.pdf', sha256: first.sha256 });
		expect((await t.api.get(`/workflows/${first.id}/files/${first.fileId}/content`)).status).toBe(404);
		expect((await t.api.get(`/workflows/${second.id}/files/${second.fileId}/content`)).status).toBe(200);

		expect((await remove(t.api, `/workflows/${second.id}/files/${second.fileId}`)).status).toBe(200);
		expect(await blobStored(t.dataDir, second.sha256)).toBe(false);
	});

	it('refuses every change once sent (409), and answers 404 to another organization and to a test key on live data', async () => {
		const draft = await draftWith(t.api, 'Gesendet', await uniquePdf('sent is final'));
		const other = await t.newOrganization('Другая организация');
		const sandbox = new ApiClient(t.engine.url, (await t.api.post('/api-keys', { name: 'Sandbox', mode: 'test' })).body.apiKey);
		const changes: Array<[string, string, unknown?]> = [
			['PATCH', `/workflows/${draft.id}`, { name: 'x' }],
			['PATCH', `/workflows/${draft.id}/signatures/${draft.signatureId}`, { x: 70 }],
			['PATCH', `/workflows/${draft.id}/annotations/${draft.fieldId}`, { x: 70 }],
			['PATCH', `/workflows/${draft.id}/signers/${draft.signerId}`, { name: 'y' }],
			['DELETE', `/workflows/${draft.id}/signatures/${draft.signatureId}`],
			['DELETE', `/workflows/${draft.id}/annotations/${draft.fixedId}`],
			['DELETE', `/workflows/${draft.id}/signers/${draft.approverId}`],
			['DELETE', `/workflows/${draft.id}/files/${draft.fileId}`],
		];
		for (const client of [other.api, sandbox])
			for (const [method, path, json] of changes) {
				const response = await client.request(method, path, json === undefined ? {} : { json });
				expect({ path, status: response.status, code: response.body.error.code }).toEqual({ path, status: 404, code: 'workflow_not_found' });
			}
		expect((await t.api.post(`/workflows/${draft.id}/send`)).status).toBe(200);
		for (const [method, path, json] of changes) {
			const response = await t.api.request(method, path, json === undefined ? {} : { json });
			expect({ path, status: response.status, code: response.body.error.code }).toEqual({ path, status: 409, code: 'workflow_not_draft' });
		}
		const detail = (await t.api.get(`/workflows/${draft.id}`)).body;
		expect(detail).toMatchObject({ name: 'Gesendet', status: 'sent' });
		expect(detail.signatures[0]).toMatchObject({ x: 60 });
	});
});
