import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { ARTIFACTS } from '../helpers/artifacts';
import { auditWith } from '../helpers/engine/audit';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { pdfsig, qpdfCheck, words } from '../helpers/pdf/pdfTools';

/** Twelve parties with long names in many scripts; CJK and emoji, which DejaVu Sans lacks, become "?". */
const PARTIES = [
	['Zoë Zu\u0308rich-Müller', 'signer'],
	['דנה לוי-כהן', 'signer'],
	['سارة عبد الله الحسيني', 'signer'],
	['山田 太郎', 'approver'],
	['Ana 👩🏽‍💼 Martínez de la Fuente y Ortega', 'signer'],
	['Łukasz Wójcik-Brzęczyszczykiewicz', 'signer'],
	['Ngọc Anh Nguyễn Thị', 'signer'],
	['Ἀλέξανδρος Παπαδόπουλος', 'approver'],
	['Владимир Александрович Константинопольский', 'signer'],
	['Siobhán Ní Mhaoldomhnaigh', 'cc'],
	['李小龍 Bruce Lee 🥋', 'signer'],
	['Jean-Baptiste Émile Dupont-Aignan', 'viewer'],
] as const;

let t: TestEngine;
beforeAll(async () => {
	t = await startTestEngine({ finalizePollIntervalMs: 50 });
});
afterAll(() => t.destroy());

/** A workflow on `fixture` signed by all twelve parties through their links; the signed PDF. */
async function signedByTwelve(fixture: string): Promise<{ signed: Buffer; originalPages: number }> {
	const { api } = t;
	const id = (await api.post('/workflows', { name: `Framework agreement (${fixture})`, timeZone: 'Asia/Tokyo' })).body.id;
	const file = (await api.upload(id, 'agreement.pdf', fixturePdf(fixture))).body;
	const fields: Record<string, string> = {};
	for (const [index, [name, role]] of PARTIES.entries()) {
		const email = `party${index + 1}@example.com`;
		const signer = (await api.post(`/workflows/${id}/signers`, { name, email, role, order: role === 'approver' ? 2 : 1 })).body;
		if (role === 'signer')
			fields[email] = (await api.post(`/workflows/${id}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 40 + (index % 3) * 180, y: 60 + index * 40, width: 160, height: 30 })).body.id;
	}
	const sent = (await api.post(`/workflows/${id}/send`)).body;
	const link = (email: string) => new SignerClient(sent.signers.find((s: { email: string }) => s.email === email).signingUrl);
	for (const [email, fieldId] of Object.entries(fields)) {
		const name = PARTIES[Number(email.match(/\d+/)![0]) - 1][0];
		expect((await link(email).sign({ consent: true, values: { [fieldId]: { type: 'typed', text: name } } })).status).toBe(200);
	}
	for (const [index, [, role]] of PARTIES.entries())
		if (role === 'approver') expect((await link(`party${index + 1}@example.com`).sign({ consent: true })).status).toBe(200);
	await auditWith(api, id, 'workflow.completed', 30_000);
	const response = await api.get(`/workflows/${id}/files/${file.id}/content?version=signed`);
	expect(response.status).toBe(200);
	const signed = response.bytes;
	return { signed, originalPages: (await PDFDocument.load(fixturePdf(fixture))).getPageCount() };
}

describe('the certificate of completion of a real finalization', () => {
	it.each([
		['letter-3pages.pdf', { width: 612, height: 792 }],
		['a4-1page.pdf', { width: 595.28, height: 841.89 }],
	])('after %s: pages of that size, every party, text inside the margins, a valid seal, a clean file', async (fixture, size) => {
		const { signed, originalPages } = await signedByTwelve(fixture);
		const pdf = await PDFDocument.load(signed);
		const certificatePages = pdf.getPages().slice(originalPages);
		expect(certificatePages.length).toBeGreaterThan(1);
		for (const page of certificatePages) {
			expect(page.getSize().width).toBeCloseTo(size.width, 2);
			expect(page.getSize().height).toBeCloseTo(size.height, 2);
		}
		const all = words(signed).filter((word) => word.page > originalPages);
		for (const word of all) {
			expect({ word: word.text, inside: word.xMin >= 47 && word.xMax <= word.pageWidth - 47 && word.yMax <= word.pageHeight - 20 }).toEqual({
				word: word.text,
				inside: true,
			});
		}
		const text = all.map((word) => word.text).join(' ');
		for (let index = 1; index <= PARTIES.length; index += 1) expect(text).toContain(`<party${index}@example.com>`);
		expect(text).toContain('Łukasz Wójcik-Brzęczyszczykiewicz');
		expect(text).toContain('Константинопольский');
		expect(text).toContain('?? ??'); // 山田 太郎
		expect(text).toContain(`Page ${certificatePages.length} of ${certificatePages.length}`);
		// The last page holds a real part of the certificate, not a line or two.
		const last = all.filter((word) => word.page === pdf.getPageCount() && word.yMax < word.pageHeight - 48);
		expect(Math.max(...last.map((word) => word.yMax))).toBeGreaterThan(48 + 0.15 * (size.height - 96));

		// For a look: test/artifacts/certificate-<fixture>.pdf and its certificate pages as PNG.
		mkdirSync(ARTIFACTS, { recursive: true });
		const name = path.join(ARTIFACTS, `certificate-${fixture.replace('.pdf', '')}`);
		writeFileSync(`${name}.pdf`, signed);
		execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(originalPages + 1), `${name}.pdf`, name]);

		const report = pdfsig(signed);
		expect(report).toContain('Signature Validation: Signature is Valid.');
		expect(report).toContain('Total document signed');
		const check = qpdfCheck(signed);
		expect(check.output).toContain('No syntax or stream encoding errors found');
		expect(check.code).toBe(0);
	}, 120_000);
});
