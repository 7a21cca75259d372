import { createReadyDraft } from '../helpers/engine/drafts';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { fixturePdf } from '../helpers/pdf/fixtures';

const PNG_1PX =
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

let t: TestEngine;
beforeAll(async () => {
	t = await startTestEngine();
});
afterAll(() => t.destroy());

describe('a signing workflow from draft to sent, over HTTP', () => {
	it('builds a draft with every part, sends it and records the trail', async () => {
		const { api } = t;
		const created = await api.post('/workflows', {
			name: 'Employment contract – Zoë',
			message: 'Please sign by Friday.',
			expiresAt: new Date(Date.now() + 7 * 86400_000).toISOString(),
			timeZone: 'Europe/Berlin',
			requestFrom: 'HRPortal',
			metadata: { candidateId: 'C-1042', tags: ['hr', 2026] },
			reminderPolicy: { intervalDays: 2, maxReminders: 3 },
		});
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({
			status: 'draft',
			timeZone: 'Europe/Berlin',
			requestFrom: 'HRPortal',
			metadata: { candidateId: 'C-1042', tags: ['hr', 2026] },
			files: [],
			signers: [],
		});
		const id = created.body.id;

		const contract = await api.upload(id, 'contract.pdf', fixturePdf('mixed-sizes.pdf'));
		expect(contract.status).toBe(201);
		expect(contract.body).toMatchObject({ name: 'contract.pdf', pageCount: 3, size: fixturePdf('mixed-sizes.pdf').length });
		expect(contract.body.pages[1].width).toBeGreaterThan(contract.body.pages[1].height);

		const annex = await api.uploadBase64(id, 'annex.pdf', fixturePdf('letter-3pages.pdf'));
		expect(annex.status).toBe(201);
		expect(annex.body).toMatchObject({ pageCount: 3, signedSha256: null });

		const zoe = await api.post(`/workflows/${id}/signers`, { name: 'Zoë Weiß', email: 'zoe@example.com', accessCode: '4711' });
		const hr = await api.post(`/workflows/${id}/signers`, { name: 'HR Lead', email: 'hr@example.com', role: 'approver', order: 2 });
		const cc = await api.post(`/workflows/${id}/signers`, { name: 'Payroll', email: 'payroll@example.com', role: 'cc' });
		expect([zoe.status, hr.status, cc.status]).toEqual([201, 201, 201]);
		expect(zoe.body).toMatchObject({ role: 'signer', order: 1, status: 'pending', hasAccessCode: true });
		expect(JSON.stringify(zoe.body)).not.toContain('4711');

		// Page 2 is landscape: a box at x=700 fits there.
		const field = await api.post(`/workflows/${id}/signatures`, {
			fileId: contract.body.id,
			signerId: zoe.body.id,
			page: 2,
			x: 600,
			y: 40,
		});
		expect(field.status).toBe(201);
		expect(field.body).toMatchObject({ kind: 'signature', width: 180, height: 50, required: true, signedAt: null });
		const initials = await api.post(`/workflows/${id}/signatures`, {
			fileId: annex.body.id,
			signerId: zoe.body.id,
			page: 3,
			x: 500,
			y: 20,
			kind: 'initials',
		});
		expect(initials.status).toBe(201);

		const annotations = [
			{ type: 'text', value: 'Employee no. 1042', page: 1, x: 50, y: 700 },
			{ type: 'date', value: '2027-01-01', page: 1, x: 50, y: 670 },
			{ type: 'checkbox', value: true, page: 1, x: 50, y: 640 },
			{ type: 'image', value: PNG_1PX, page: 1, x: 400, y: 700, width: 100, height: 40 },
			{ type: 'date', signerId: zoe.body.id, label: 'Start date', page: 1, x: 50, y: 600 },
			{ type: 'text', signerId: hr.body.id, label: 'Cost centre', page: 1, x: 50, y: 570, required: false },
		];
		for (const annotation of annotations) {
			const response = await api.post(`/workflows/${id}/annotations`, { fileId: contract.body.id, ...annotation });
			expect(response.status).toBe(201);
		}

		const draft = await api.get(`/workflows/${id}`);
		expect(draft.status).toBe(200);
		expect(draft.body.files).toHaveLength(2);
		expect(draft.body.signers.map((s: { name: string }) => s.name)).toEqual(['Zoë Weiß', 'Payroll', 'HR Lead']);
		expect(draft.body.signatures).toHaveLength(2);
		expect(draft.body.annotations).toHaveLength(6);
		const image = draft.body.annotations.find((a: { type: string }) => a.type === 'image');
		expect(image).toMatchObject({ value: null, imageFileId: expect.any(String) });
		expect(draft.body.annotations.find((a: { label: string }) => a.label === 'Cost centre')).toMatchObject({ required: false });

		const content = await api.get(`/workflows/${id}/files/${contract.body.id}/content`);
		expect(content.status).toBe(200);
		expect(content.headers.get('content-type')).toBe('application/pdf');
		expect(content.headers.get('content-disposition')).toContain('contract.pdf');
		expect(content.bytes.equals(fixturePdf('mixed-sizes.pdf'))).toBe(true);
		const notYetSigned = await api.get(`/workflows/${id}/files/${contract.body.id}/content?version=signed`);
		expect(notYetSigned.status).toBe(409);
		expect(notYetSigned.body.error.code).toBe('signed_file_not_ready');

		const sent = await api.post(`/workflows/${id}/send`);
		expect(sent.status).toBe(200);
		expect(sent.body.status).toBe('sent');
		expect(sent.body.sentAt).toEqual(expect.any(String));
		const statuses = Object.fromEntries(sent.body.signers.map((s: { name: string; status: string }) => [s.name, s.status]));
		expect(statuses).toEqual({ 'Zoë Weiß': 'active', 'HR Lead': 'pending', Payroll: 'notified' });

		// Only a draft can be edited.
		const late = await api.post(`/workflows/${id}/signers`, { name: 'Late', email: 'late@example.com' });
		expect(late.status).toBe(409);
		expect(late.body.error.code).toBe('workflow_not_draft');
		const again = await api.post(`/workflows/${id}/send`);
		expect(again.status).toBe(409);

		const audit = await api.get(`/workflows/${id}/audit`);
		expect(audit.status).toBe(200);
		expect(audit.body.chain).toMatchObject({ intact: true, brokenAt: null });
		expect(audit.body.events.map((e: { type: string }) => e.type)).toEqual([
			'workflow.created',
			'file.added',
			'file.added',
			'signer.added',
			'signer.added',
			'signer.added',
			'signature.added',
			'signature.added',
			...Array(6).fill('annotation.added'),
			'workflow.sent',
			'signer.invited',
		]);
		expect(audit.body.events[0]).toMatchObject({ sequence: 1, prevHash: null, actor: { type: 'api_key' }, ip: '127.0.0.1' });
		expect(audit.body.events[1].prevHash).toBe(audit.body.events[0].hash);

		const cancelled = await api.post(`/workflows/${id}/cancel`, { reason: 'Offer withdrawn' });
		expect(cancelled.status).toBe(200);
		expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'Offer withdrawn', endedAt: expect.any(String) });
		const cancelAgain = await api.post(`/workflows/${id}/cancel`);
		expect(cancelAgain.status).toBe(409);
		expect(cancelAgain.body.error.code).toBe('workflow_not_sent');
	});

	it('lists workflows newest first, filtered by status, in stable pages', async () => {
		const { api } = await t.newOrganization('Lister');
		const ids: string[] = [];
		for (let index = 0; index < 5; index += 1) ids.push((await api.post('/workflows', { name: `W${index}` })).body.id);
		const ready = await createReadyDraft(api);
		expect((await api.post(`/workflows/${ready.workflowId}/send`)).status).toBe(200);

		const seen: string[] = [];
		let cursor: string | null = null;
		do {
			const page: { status: number; body: { data: Array<{ id: string }>; nextCursor: string | null } } = await api.get(
				`/workflows?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
			);
			expect(page.status).toBe(200);
			expect(page.body.data.length).toBeLessThanOrEqual(2);
			seen.push(...page.body.data.map((w) => w.id));
			cursor = page.body.nextCursor;
		} while (cursor);
		expect(seen).toEqual([ready.workflowId, ...ids.reverse()]);

		const sentOnly = await api.get('/workflows?status=sent');
		expect(sentOnly.body.data.map((w: { id: string }) => w.id)).toEqual([ready.workflowId]);
		expect(sentOnly.body.nextCursor).toBeNull();
		const drafts = await api.get('/workflows?status=draft&limit=100');
		expect(drafts.body.data).toHaveLength(5);
	});

	it('answers /me and /healthz', async () => {
		const me = await t.api.get('/me');
		expect(me.status).toBe(200);
		expect(me.body).toMatchObject({ organization: { id: t.organizationId, name: 'Acme HR' }, apiKey: { mode: 'live' } });
		const health = await t.api.withKey(null).get('/healthz');
		expect(health.status).toBe(200);
		expect(health.body).toEqual({ status: 'ok' });
	});

	it('serves branding with defaults, then the organization\'s own', async () => {
		const { api } = await t.newOrganization('Branded');
		const initial = await api.get('/interface');
		expect(initial.body).toMatchObject({ primaryColor: '#2563eb', logoFileId: null, iconFileId: null, isDefault: true });
		const updated = await api.put('/interface', { primaryColor: '#112233', logo: { contentBase64: PNG_1PX } });
		expect(updated.status).toBe(200);
		expect(updated.body).toMatchObject({
			interfaceId: initial.body.interfaceId,
			primaryColor: '#112233',
			logoFileId: expect.any(String),
			iconFileId: null,
			isDefault: false,
		});
		const logo = await api.get('/interface/logo');
		expect(logo.status).toBe(200);
		expect(logo.headers.get('content-type')).toBe('image/png');
		expect(logo.bytes.equals(Buffer.from(PNG_1PX, 'base64'))).toBe(true);
		expect((await api.get('/interface/icon')).status).toBe(404);
		const reset = await api.put('/interface', { primaryColor: null, logo: null });
		expect(reset.body).toMatchObject({ primaryColor: '#2563eb', logoFileId: null, isDefault: true });
	});
});
