import { randomUUID } from 'node:crypto';
import type { ApiClient, ApiResponse } from '../helpers/engine/apiClient';
import { rowCounts } from '../helpers/engine/database';
import { createReadyDraft, type ReadyDraft } from '../helpers/engine/drafts';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { fixturePdf } from '../helpers/pdf/fixtures';

const MAX_FILE_BYTES = 100 * 1024; // pages-500.pdf (157 KB) is too large for this engine
const PNG_1PX =
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString('base64');
const MISSING = '0190f0f0-0000-7000-8000-000000000000';

interface Setup {
	api: ApiClient;
	draft: ReadyDraft; // a ready draft with an approver added
	approverId: string;
	ccId: string;
	sentId: string;
	emptyId: string; // a draft with nothing in it
	signerOnlyId: string; // a draft with a file and a signer without a field
}

let t: TestEngine;
let s: Setup;

beforeAll(async () => {
	t = await startTestEngine({ maxFileBytes: MAX_FILE_BYTES });
	const { api } = t;
	const draft = await createReadyDraft(api, 'Ready draft');
	const approver = await api.post(`/workflows/${draft.workflowId}/signers`, { name: 'Apu', email: 'apu@example.com', role: 'approver' });
	const cc = await api.post(`/workflows/${draft.workflowId}/signers`, { name: 'Cece', email: 'cc@example.com', role: 'cc' });
	const sent = await createReadyDraft(api, 'Sent one');
	expect((await api.post(`/workflows/${sent.workflowId}/send`)).status).toBe(200);
	const empty = await api.post('/workflows', { name: 'Empty' });
	const signerOnly = await api.post('/workflows', { name: 'Signer without field' });
	await api.upload(signerOnly.body.id, 'a.pdf', fixturePdf('a4-1page.pdf'));
	await api.post(`/workflows/${signerOnly.body.id}/signers`, { name: 'Nofield', email: 'nofield@example.com' });
	s = {
		api,
		draft,
		approverId: approver.body.id,
		ccId: cc.body.id,
		sentId: sent.workflowId,
		emptyId: empty.body.id,
		signerOnlyId: signerOnly.body.id,
	};
});
afterAll(() => t.destroy());

type Case = [string, (s: Setup) => Promise<ApiResponse>, number, string];

const field = (s: Setup, extra: Record<string, unknown>) =>
	s.api.post(`/workflows/${s.draft.workflowId}/signatures`, {
		fileId: s.draft.fileId,
		signerId: s.draft.signerIds[0],
		page: 1,
		x: 10,
		y: 10,
		...extra,
	});
const annotation = (s: Setup, extra: Record<string, unknown>) =>
	s.api.post(`/workflows/${s.draft.workflowId}/annotations`, { fileId: s.draft.fileId, page: 1, x: 10, y: 10, ...extra });
/** A POST with a body as given and an Idempotency-Key of its own. */
const keyed = (s: Setup, path: string, body: string, contentType = 'application/json') =>
	s.api.request('POST', path, { body, headers: { 'content-type': contentType, 'idempotency-key': `n8n-${randomUUID()}` } });
const raw = (s: Setup, method: string, path: string, body: string, contentType: string) =>
	s.api.request(method, path, { body, headers: { 'content-type': contentType } });

const cases: Case[] = [
	// requests the API cannot read
	['malformed JSON', (s) => raw(s, 'POST', '/workflows', '{"name": ', 'application/json'), 400, 'malformed_json'],
	['a content type other than JSON', (s) => raw(s, 'POST', '/workflows', 'name=x', 'text/plain'), 415, 'unsupported_media_type'],
	[
		'a multipart body where JSON is expected',
		(s) => s.api.request('POST', '/workflows', { body: (() => { const f = new FormData(); f.append('name', 'x'); return f; })() }),
		415,
		'unsupported_media_type',
	],
	['an unknown route', (s) => s.api.get('/envelopes'), 404, 'route_not_found'],
	// authentication
	['no API key', (s) => s.api.withKey(null).post('/workflows', { name: 'x' }), 401, 'missing_api_key'],
	['an unknown API key', (s) => s.api.withKey('sf_live_nope').post('/workflows', { name: 'x' }), 401, 'invalid_api_key'],
	[
		'a non-bearer Authorization header',
		(s) => s.api.withKey(null).request('GET', '/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } }),
		401,
		'invalid_authorization_header',
	],
	// AddWorkflow
	['a workflow without a name', (s) => s.api.post('/workflows', {}), 422, 'validation_failed'],
	['a workflow with an unknown field', (s) => s.api.post('/workflows', { name: 'x', signers: [] }), 422, 'validation_failed'],
	['a workflow body that is an array', (s) => s.api.post('/workflows', [{ name: 'x' }]), 422, 'validation_failed'],
	['an expiry in the past', (s) => s.api.post('/workflows', { name: 'x', expiresAt: '2020-01-01T00:00:00Z' }), 422, 'expires_at_in_past'],
	['an unknown time zone', (s) => s.api.post('/workflows', { name: 'x', timeZone: 'Mars/Base' }), 422, 'validation_failed'],
	[
		'metadata nested 10,000 objects deep',
		(s) => raw(s, 'POST', '/workflows', `{"name":"x","metadata":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`, 'application/json'),
		422,
		'validation_failed',
	],
	[
		'metadata holding arrays nested 10,000 deep',
		(s) => raw(s, 'POST', '/workflows', `{"name":"x","metadata":{"list":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`, 'application/json'),
		422,
		'validation_failed',
	],
	// reading
	['a malformed workflow id', (s) => s.api.get('/workflows/123'), 404, 'workflow_not_found'],
	['an unknown workflow id', (s) => s.api.get(`/workflows/${MISSING}`), 404, 'workflow_not_found'],
	['an unknown status filter', (s) => s.api.get('/workflows?status=signed'), 422, 'validation_failed'],
	['a page size of 0', (s) => s.api.get('/workflows?limit=0'), 422, 'validation_failed'],
	['a forged cursor', (s) => s.api.get('/workflows?cursor=abc'), 422, 'invalid_cursor'],
	['an unknown file', (s) => s.api.get(`/workflows/${s.draft.workflowId}/files/${MISSING}/content`), 404, 'file_not_found'],
	[
		'an unknown file version',
		(s) => s.api.get(`/workflows/${s.draft.workflowId}/files/${s.draft.fileId}/content?version=final`),
		422,
		'validation_failed',
	],
	// AddFile
	['an empty upload', (s) => s.api.upload(s.draft.workflowId, 'e.pdf', fixturePdf('empty.pdf')), 422, 'file_empty'],
	['empty base64 content', (s) => s.api.uploadBase64(s.draft.workflowId, 'e.pdf', fixturePdf('empty.pdf')), 422, 'validation_failed'],
	['a zip named .pdf', (s) => s.api.upload(s.draft.workflowId, 'x.pdf', fixturePdf('not-a-pdf.pdf')), 422, 'file_not_pdf'],
	['a zip as base64', (s) => s.api.uploadBase64(s.draft.workflowId, 'x.pdf', fixturePdf('not-a-pdf.pdf')), 422, 'file_not_pdf'],
	['an encrypted PDF', (s) => s.api.upload(s.draft.workflowId, 'x.pdf', fixturePdf('encrypted-password.pdf')), 422, 'file_encrypted'],
	['a truncated PDF', (s) => s.api.uploadBase64(s.draft.workflowId, 'x.pdf', fixturePdf('truncated.pdf')), 422, 'file_broken'],
	['a PDF over the size limit', (s) => s.api.upload(s.draft.workflowId, 'big.pdf', fixturePdf('pages-500.pdf')), 413, 'file_too_large'],
	[
		'a base64 PDF over the size limit',
		(s) => s.api.uploadBase64(s.draft.workflowId, 'big.pdf', fixturePdf('pages-500.pdf')),
		413,
		'file_too_large',
	],
	[
		'a base64 body far over the size limit',
		(s) => s.api.uploadBase64(s.draft.workflowId, 'big.pdf', Buffer.concat(Array(4).fill(fixturePdf('pages-500.pdf')))),
		413,
		'file_too_large',
	],
	[
		'a multipart upload without a "file" field',
		(s) => s.api.upload(s.draft.workflowId, 'a.pdf', fixturePdf('a4-1page.pdf'), 'document'),
		422,
		'file_missing',
	],
	[
		'content that is not base64',
		(s) => s.api.post(`/workflows/${s.draft.workflowId}/files`, { name: 'a.pdf', contentBase64: '%%% not base64 %%%' }),
		422,
		'validation_failed',
	],
	// The same with an Idempotency-Key, as n8n sends one with every item: the key changes none of these answers.
	[
		'a base64 PDF over the size limit, with an Idempotency-Key',
		(s) => keyed(s, `/workflows/${s.draft.workflowId}/files`, JSON.stringify({ name: 'groß.pdf', contentBase64: fixturePdf('pages-500.pdf').toString('base64') })),
		413,
		'file_too_large',
	],
	['malformed JSON with an Idempotency-Key', (s) => keyed(s, '/workflows', '{"name": "Zoë', 'application/json'), 400, 'malformed_json'],
	['another content type with an Idempotency-Key', (s) => keyed(s, '/workflows', 'name=Zoë', 'text/plain'), 415, 'unsupported_media_type'],
	[
		'a multipart upload with an Idempotency-Key',
		(s) => {
			const form = new FormData();
			form.append('file', new Blob([fixturePdf('a4-1page.pdf')], { type: 'application/pdf' }), 'vertrag.pdf');
			return s.api.request('POST', `/workflows/${s.draft.workflowId}/files`, { body: form, headers: { 'idempotency-key': `n8n-${randomUUID()}` } });
		},
		422,
		'idempotency_key_multipart',
	],
	['a file for a sent workflow', (s) => s.api.upload(s.sentId, 'a.pdf', fixturePdf('a4-1page.pdf')), 409, 'workflow_not_draft'],
	['a file for an unknown workflow', (s) => s.api.upload(MISSING, 'a.pdf', fixturePdf('a4-1page.pdf')), 404, 'workflow_not_found'],
	// AddSigner
	['a signer with a bad email', (s) => s.api.post(`/workflows/${s.draft.workflowId}/signers`, { name: 'A', email: 'a@' }), 422, 'validation_failed'],
	[
		'a signer with an unknown role',
		(s) => s.api.post(`/workflows/${s.draft.workflowId}/signers`, { name: 'A', email: 'a@b.co', role: 'notary' }),
		422,
		'validation_failed',
	],
	['a signer for a sent workflow', (s) => s.api.post(`/workflows/${s.sentId}/signers`, { name: 'A', email: 'a@b.co' }), 409, 'workflow_not_draft'],
	// AddSignature
	['a field on an unknown file', (s) => field(s, { fileId: MISSING }), 422, 'file_not_found'],
	['a field for an unknown signer', (s) => field(s, { signerId: MISSING }), 422, 'signer_not_found'],
	['a field for an approver', (s) => field(s, { signerId: s.approverId }), 422, 'signer_cannot_sign'],
	['a field on page 2 of a 1-page file', (s) => field(s, { page: 2 }), 422, 'page_out_of_range'],
	['a field past the right edge', (s) => field(s, { x: 500, width: 180 }), 422, 'box_outside_page'],
	['a field past the top edge', (s) => field(s, { y: 820 }), 422, 'box_outside_page'],
	['a field with a negative x', (s) => field(s, { x: -5 }), 422, 'validation_failed'],
	['a field with a fileId that is not an id', (s) => field(s, { fileId: 'first' }), 422, 'validation_failed'],
	// AddAnnotation
	['an annotation without value or signer', (s) => annotation(s, { type: 'text' }), 422, 'validation_failed'],
	['a date annotation that is not a date', (s) => annotation(s, { type: 'date', value: 'next week' }), 422, 'validation_failed'],
	['an SVG image annotation', (s) => annotation(s, { type: 'image', value: SVG }), 422, 'image_unsupported'],
	[
		'a broken PNG image annotation',
		(s) => annotation(s, { type: 'image', value: PNG_1PX.slice(0, 40) }),
		422,
		'image_broken',
	],
	['a field for a cc', (s) => annotation(s, { type: 'text', signerId: s.ccId }), 422, 'signer_cannot_fill'],
	['an annotation off the page', (s) => annotation(s, { type: 'text', value: 'x', x: 590 }), 422, 'box_outside_page'],
	// Send and cancel
	['sending a workflow without a file', (s) => s.api.post(`/workflows/${s.emptyId}/send`), 409, 'workflow_has_no_file'],
	[
		'sending a signer without a signature field',
		(s) => s.api.post(`/workflows/${s.signerOnlyId}/send`),
		409,
		'signer_without_signature_field',
	],
	['sending a sent workflow', (s) => s.api.post(`/workflows/${s.sentId}/send`), 409, 'workflow_not_draft'],
	['cancelling a draft', (s) => s.api.post(`/workflows/${s.draft.workflowId}/cancel`), 409, 'workflow_not_sent'],
	['a cancel reason that is not text', (s) => s.api.post(`/workflows/${s.sentId}/cancel`, { reason: 42 }), 422, 'validation_failed'],
	// Branding
	['an empty branding update', (s) => s.api.put('/interface', {}), 422, 'validation_failed'],
	['a color name instead of #RRGGBB', (s) => s.api.put('/interface', { primaryColor: 'red' }), 422, 'validation_failed'],
	['an SVG logo', (s) => s.api.put('/interface', { logo: { contentBase64: SVG } }), 422, 'image_unsupported'],
];

describe('bad input: a clear 4xx, and nothing written', () => {
	it.each(cases)('%s', async (_name, send, status, code) => {
		const before = await rowCounts(t.dataDir);
		const response = await send(s);
		expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
		expect(response.body.error.message).toEqual(expect.any(String));
		expect(response.body.error.message.length).toBeGreaterThan(10);
		expect(Array.isArray(response.body.error.details)).toBe(true);
		expect(await rowCounts(t.dataDir)).toEqual(before);
	});

	it('sending a workflow without a signer', async () => {
		const workflow = await s.api.post('/workflows', { name: 'No signer' });
		await s.api.upload(workflow.body.id, 'a.pdf', fixturePdf('a4-1page.pdf'));
		await s.api.post(`/workflows/${workflow.body.id}/signers`, { name: 'Cc only', email: 'cc@example.com', role: 'cc' });
		const before = await rowCounts(t.dataDir);
		const response = await s.api.post(`/workflows/${workflow.body.id}/send`);
		expect(response.status).toBe(409);
		expect(response.body.error.code).toBe('workflow_has_no_signer');
		expect(await rowCounts(t.dataDir)).toEqual(before);
	});

	it('validation errors point at the field to fix', async () => {
		const response = await field(s, { page: 0, x: 'left' });
		expect(response.status).toBe(422);
		expect(response.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['page', 'x']);
	});

	it('the draft is unchanged by all of the above', async () => {
		const draft = await s.api.get(`/workflows/${s.draft.workflowId}`);
		expect(draft.body).toMatchObject({ status: 'draft', files: [expect.anything()], signatures: [expect.anything(), expect.anything()] });
		expect(draft.body.annotations).toEqual([]);
	});
});
