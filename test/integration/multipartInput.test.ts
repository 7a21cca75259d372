import { rowCounts } from '../helpers/engine/database';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { fixturePdf } from '../helpers/pdf/fixtures';

/*
 * Multipart bodies a broken client or a fuzzer sends, on both routes that
 * take a PDF upload: each gets a 4xx with a code, never a 500, and nothing
 * is written.
 */

const BOUNDARY = '----SignflowBoundary7MA4YWxkTrZu0gW';
const PDF = fixturePdf('a4-1page.pdf');

const part = (name: string, value: string | Buffer, filename?: string) =>
	Buffer.concat([
		Buffer.from(
			`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"\r\nContent-Type: application/pdf` : ''}\r\n\r\n`,
		),
		Buffer.isBuffer(value) ? value : Buffer.from(value),
		Buffer.from('\r\n'),
	]);
const closing = Buffer.from(`--${BOUNDARY}--\r\n`);
const WITH_BOUNDARY = `multipart/form-data; boundary=${BOUNDARY}`;

type Form = [name: string, contentType: string, body: Buffer, status: number, code: string];

const forms: Form[] = [
	['no boundary in the Content-Type', 'multipart/form-data', Buffer.concat([part('file', PDF, 'offre-Zu\u0308rich.pdf'), closing]), 400, 'multipart_malformed'],
	[
		'an unterminated file part',
		WITH_BOUNDARY,
		Buffer.concat([part('file', PDF, 'contrat.pdf').subarray(0, 400)]),
		400,
		'multipart_malformed',
	],
	// @fastify/multipart reads an end of data between parts as the end of the form: the file is missing
	['a body that stops after the part headers', WITH_BOUNDARY, Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n`), 422, 'file_missing'],
	[
		'eleven fields before the file',
		WITH_BOUNDARY,
		Buffer.concat([...Array.from({ length: 11 }, (_, i) => part(`champ${i}`, `valeur ${i} \u{1F58B}`)), part('file', PDF, 'a.pdf'), closing]),
		422,
		'multipart_field_unexpected',
	],
	[
		'the name field eleven times before the file',
		WITH_BOUNDARY,
		Buffer.concat([...Array.from({ length: 11 }, () => part('name', '\u0639\u0642\u062F.pdf')), part('file', PDF, 'a.pdf'), closing]),
		422,
		'multipart_field_unexpected',
	],
	['no file part at all', WITH_BOUNDARY, closing, 422, 'file_missing'],
];

let t: TestEngine;
let workflowId: string;

beforeAll(async () => {
	t = await startTestEngine();
	workflowId = (await t.api.post('/workflows', { name: 'Contrat de travail \u2013 Zu\u0308rich' })).body.id;
});
afterAll(() => t.destroy());

describe.each([
	['AddFile', () => `/workflows/${workflowId}/files`],
	['verify', () => '/verify'],
])('malformed multipart on %s: a 4xx with a code, and nothing written', (_route, path) => {
	it.each(forms)('%s', async (_name, contentType, body, status, code) => {
		const before = await rowCounts(t.dataDir);
		const response = await t.api.request('POST', path(), { body, headers: { 'content-type': contentType } });
		expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status, code });
		expect(response.body.error.message.length).toBeGreaterThan(10);
		expect(await rowCounts(t.dataDir)).toEqual(before);
	});
});

describe('well-formed multipart still works', () => {
	it('takes the file with a name field before it, in any script', async () => {
		const name = '\u5951\u7D04\u66F8 Zu\u0308rich \u{1F4DD}.pdf';
		const response = await t.api.request('POST', `/workflows/${workflowId}/files`, {
			body: Buffer.concat([part('name', name), part('file', PDF, 'ignored.pdf'), closing]),
			headers: { 'content-type': WITH_BOUNDARY },
		});
		expect(response.status).toBe(201);
		expect(response.body.name).toBe(name.normalize('NFC')); // names are stored composed
	});

	it('verifies a PDF sent as the file field', async () => {
		const response = await t.api.request('POST', '/verify', {
			body: Buffer.concat([part('file', PDF, 'a.pdf'), closing]),
			headers: { 'content-type': WITH_BOUNDARY },
		});
		expect(response.status).toBe(200);
		expect(response.body.unmodified).toBe(false);
	});

	it('refuses a name longer than the field limit as a name error', async () => {
		const response = await t.api.request('POST', `/workflows/${workflowId}/files`, {
			body: Buffer.concat([part('name', `${'\u00E9'.repeat(2000)}.pdf`), part('file', PDF, 'a.pdf'), closing]),
			headers: { 'content-type': WITH_BOUNDARY },
		});
		expect({ status: response.status, code: response.body.error?.code, path: response.body.error?.details?.[0]?.path }).toEqual({
			status: 422,
			code: 'validation_failed',
			path: 'name',
		});
	});
});
