import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { TEST_DB } from '../helpers/engine/testDatabase';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { pdfsig, pdftotext } from '../helpers/pdf/pdfTools';
import { until } from '../helpers/waits';

/*
 * Text as people really type it, on SQLite and on PostgreSQL: names in
 * decomposed Unicode, shaped scripts and combining marks must seal; NUL and
 * other control characters are refused at the door with 422, never a 500 and
 * never a workflow that says "completed" but has no signed document.
 */

const HARD_NAMES = {
	'Vietnamese, decomposed': 'Nguye\u0302\u0303n Thi\u0323 Minh',
	'Arabic': 'مريم بنت محمد',
	'Hebrew': 'שרה כהן',
	'German, decomposed': 'Zu\u0308rich Mu\u0308ller',
	'CJK and emoji': '李雷 🎉',
	'stacked marks': 'Zalgo e\u0301\u0301\u0301\u0327',
	'Devanagari': 'अनुष्का शर्मा',
	'Tifinagh (Amazigh)': 'ⵜⴰⵍⵍⴰ ⴰⵎⴰⵣⵉⵖ',
};

describe(`signer text on ${TEST_DB}`, () => {
	let t: TestEngine;

	beforeAll(async () => {
		t = await startTestEngine({ finalizePollIntervalMs: 25, finalizeRetryDelaysMs: [50] });
	}, 60_000);

	afterAll(async () => {
		await t?.destroy();
	});

	async function sentTo(name: string, workflowName = 'Contrat – Zoë') {
		const workflow = (await t.api.post('/workflows', { name: workflowName })).body;
		const file = (await t.api.upload(workflow.id, 'contrat.pdf', fixturePdf('a4-1page.pdf'))).body;
		const signer = (await t.api.post(`/workflows/${workflow.id}/signers`, { name, email: 'signer@example.com' })).body;
		const field = (await t.api.post(`/workflows/${workflow.id}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 50, y: 50, width: 250 })).body;
		const sent = (await t.api.post(`/workflows/${workflow.id}/send`)).body;
		return { workflowId: workflow.id as string, fileId: file.id as string, signerId: signer.id as string, fieldId: field.id as string, link: new SignerClient(sent.signers[0].signingUrl) };
	}

	it.each(Object.entries(HARD_NAMES))('a typed signature in %s seals, and workflow.completed follows', async (_label, name) => {
		const { workflowId, fileId, fieldId, link } = await sentTo(name);
		expect((await link.sign({ consent: true, values: { [fieldId]: { type: 'typed', text: name } } })).status).toBe(200);
		const detail = await until(
			async () => (await t.api.get(`/workflows/${workflowId}`)).body,
			(body) => Boolean(body.files[0].signedSha256),
			30_000,
		);
		expect(detail.files[0].signedSha256).toMatch(/^[0-9a-f]{64}$/);
		const events = (await t.api.get(`/workflows/${workflowId}/audit`)).body.events.map((event: { type: string }) => event.type);
		expect(events).toContain('workflow.completed');
		const signed = (await t.api.get(`/workflows/${workflowId}/files/${fileId}/content?version=signed`)).bytes;
		expect(pdfsig(signed)).toContain('Signature Validation: Signature is Valid.');
	}, 60_000);

	it('stores what is typed in decomposed form as one composed name (NFC)', async () => {
		const { workflowId, signerId } = await sentTo('Nguye\u0302\u0303n Zu\u0308rich');
		const signer = (await t.api.get(`/workflows/${workflowId}`)).body.signers.find((one: { id: string }) => one.id === signerId);
		expect(signer.name).toBe('Nguyễn Zürich'.normalize('NFC'));
		expect(signer.name).not.toBe('Nguye\u0302\u0303n Zu\u0308rich');
	}, 30_000);

	it('a composed name is stamped as typed', async () => {
		const { workflowId, fileId, fieldId, link } = await sentTo('Zoë Müller');
		await link.sign({ consent: true, values: { [fieldId]: { type: 'typed', text: 'Zoe\u0308 Mu\u0308ller' } } });
		await until(async () => (await t.api.get(`/workflows/${workflowId}`)).body, (body) => Boolean(body.files[0].signedSha256), 30_000);
		const text = pdftotext((await t.api.get(`/workflows/${workflowId}/files/${fileId}/content?version=signed`)).bytes);
		expect(text.normalize('NFC')).toContain('Zoë Müller');
	}, 60_000);

	describe('control characters are refused with 422 wherever text is taken', () => {
		const NUL = 'Ann\u0000Lee';

		it.each([
			['workflow message', () => t.api.post('/workflows', { name: 'x', message: NUL })],
			['workflow name', () => t.api.post('/workflows', { name: NUL })],
			['workflow requestFrom', () => t.api.post('/workflows', { name: 'x', requestFrom: NUL })],
			['workflow metadata', () => t.api.post('/workflows', { name: 'x', metadata: { crm: NUL } })],
			['signer name', async () => t.api.post(`/workflows/${(await t.api.post('/workflows', { name: 'x' })).body.id}/signers`, { name: NUL, email: 'a@example.com' })],
			['webhook requestFrom', () => t.api.post('/webhooks', { name: 'x', url: 'https://example.com/hook', events: ['*'], requestFrom: NUL, auth: { type: 'none' } })],
		])('%s', async (_label, call) => {
			const response = await call();
			expect({ status: response.status, code: response.body.error?.code }).toEqual({ status: 422, code: expect.any(String) });
		});

		it('annotation label and value', async () => {
			const workflow = (await t.api.post('/workflows', { name: 'x' })).body;
			const file = (await t.api.upload(workflow.id, 'a.pdf', fixturePdf('a4-1page.pdf'))).body;
			const signer = (await t.api.post(`/workflows/${workflow.id}/signers`, { name: 'Ann', email: 'a@example.com' })).body;
			const label = await t.api.post(`/workflows/${workflow.id}/annotations`, { fileId: file.id, page: 1, x: 10, y: 10, type: 'text', signerId: signer.id, label: NUL });
			const value = await t.api.post(`/workflows/${workflow.id}/annotations`, { fileId: file.id, page: 1, x: 10, y: 10, type: 'text', value: NUL });
			expect([label.status, value.status]).toEqual([422, 422]);
		});

		it('cancel reason, reassign name (also CR/LF), refuse reason, typed signature, text field', async () => {
			const { workflowId, signerId, fieldId, link } = await sentTo('Ann Lee');
			expect((await t.api.post(`/workflows/${workflowId}/cancel`, { reason: NUL })).status).toBe(422);
			for (const name of [NUL, 'Ann\r\nBcc: victim@example.com'])
				expect((await t.api.post(`/workflows/${workflowId}/signers/${signerId}/reassign`, { name, email: 'b@example.com' })).status).toBe(422);
			expect((await link.refuse(NUL)).status).toBe(422);
			expect((await link.sign({ consent: true, values: { [fieldId]: { type: 'typed', text: NUL } } })).status).toBe(422);
			// Nothing was half-done: the signer can still sign.
			expect((await link.sign({ consent: true, values: { [fieldId]: { type: 'typed', text: 'Ann Lee' } } })).status).toBe(200);
		}, 30_000);

		it('keeps line breaks and tabs where text spans lines', async () => {
			const response = await t.api.post('/workflows', { name: 'x', message: 'Hello Zoë,\n\n\tplease sign.\r\nThanks' });
			expect(response.status).toBe(201);
			expect(response.body.message).toContain('\n\n\tplease sign.');
		});
	});
});
