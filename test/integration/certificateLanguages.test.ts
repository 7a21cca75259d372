import { PDFDocument } from 'pdf-lib';
import { consentCatalogue } from '../../engine/i18n';
import { auditWith } from '../helpers/engine/audit';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { TEST_DB } from '../helpers/engine/testDatabase';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { pdfsig, pdftotext, qpdfCheck } from '../helpers/pdf/pdfTools';

/*
 * The certificate of completion in the organization's language, each consent as its signer read
 * it: a German organization whose signers consented in German, Hebrew and Polish, signed through
 * their links and finalized by the real worker, read back with pdftotext.
 */

let t: TestEngine;
beforeAll(async () => {
	t = await startTestEngine({ finalizePollIntervalMs: 50 });
});
afterAll(() => t.destroy());

/** pdftotext's text without the bidi controls it wraps right-to-left runs in, each run of white space one space. */
const readable = (text: string) => text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ');

/**
 * The Hebrew words of a text in order. pdftotext gives right-to-left words in reading order but puts
 * the space beside a full stop or comma inside them on the wrong side ("אלקטרוני .לחתימתי"), so
 * Hebrew sentences are compared word by word.
 */
const hebrewWords = (text: string) => (text.match(/[\u0590-\u05ff]+/g) ?? []).join(' ');

describe(`the certificate of a German organization on ${TEST_DB}`, () => {
	it('is German, with the German, Hebrew and Polish consents as read, each language named, and Hebrew readable', async () => {
		const { api } = t;
		expect((await api.request('PATCH', '/organization', { json: { defaultLocale: 'de' } })).body.defaultLocale).toBe('de');
		const workflow = (await api.post('/workflows', { name: 'Arbeitsvertrag – Zoë Ångström', timeZone: 'Europe/Berlin' })).body;
		const file = (await api.upload(workflow.id, 'vertrag.pdf', fixturePdf('a4-1page.pdf'))).body;
		const add = async (signer: Record<string, unknown>) => (await api.post(`/workflows/${workflow.id}/signers`, signer)).body.id as string;
		const jurgen = await add({ name: 'Jürgen Weiß', email: 'juergen@example.com', locale: 'de' });
		const noa = await add({ name: 'נועה בן דוד', email: 'noa@example.com' });
		await add({ name: 'Łukasz Żółć', email: 'lukasz@example.com', role: 'approver', order: 2 });
		const field = async (signerId: string, y: number) =>
			(await api.post(`/workflows/${workflow.id}/signatures`, { fileId: file.id, signerId, page: 1, x: 50, y, width: 220, height: 40 })).body.id as string;
		const jurgenField = await field(jurgen, 80);
		const noaField = await field(noa, 140);
		const city = (await api.post(`/workflows/${workflow.id}/annotations`, { fileId: file.id, signerId: noa, page: 1, x: 300, y: 140, width: 200, type: 'text' })).body.id;
		await api.post(`/workflows/${workflow.id}/annotations`, { fileId: file.id, page: 1, x: 300, y: 80, width: 200, type: 'date', value: '2027-01-04' });
		const sent = (await api.post(`/workflows/${workflow.id}/send`)).body;
		const link = (email: string) => new SignerClient(sent.signers.find((signer: { email: string }) => signer.email === email).signingUrl);

		// Each page in its signer's language: Noa and Łukasz switched theirs before consenting.
		expect((await link('juergen@example.com').sign({ consent: true, locale: 'de', values: { [jurgenField]: { type: 'typed', text: 'Jürgen Weiß' } } })).status).toBe(200);
		const noaValues = { [noaField]: { type: 'typed', text: 'נועה בן דוד' }, [city]: { type: 'text', value: 'תל אביב' } };
		expect((await link('noa@example.com').sign({ consent: true, locale: 'he', values: noaValues })).status).toBe(200);
		expect((await link('lukasz@example.com').sign({ consent: true, locale: 'pl' })).status).toBe(200);
		await auditWith(api, workflow.id, 'workflow.completed', 60_000);

		const signed = (await api.get(`/workflows/${workflow.id}/files/${file.id}/content?version=signed`)).bytes;
		const pageCount = (await PDFDocument.load(signed)).getPageCount();
		const originalPages = (await PDFDocument.load(fixturePdf('a4-1page.pdf'))).getPageCount();
		const certificate = readable(Array.from({ length: pageCount - originalPages }, (_, index) => pdftotext(signed, originalPages + 1 + index)).join('\n'));

		for (const label of ['Abschlusszertifikat', 'elektronisch unterzeichnet mit Signflow', 'Signaturvorgang', 'Vorgangs-ID', 'Beteiligte', 'Rolle, Reihenfolge', 'Eingesehen', 'Unterzeichnet', 'Genehmigt', 'Prüfprotokoll', 'Seite 1 von'])
			expect(certificate).toContain(label);
		expect(certificate).toContain('vertrag.pdf (1 Seite)');
		expect(certificate).toContain('genehmigende Person, 2');
		// Dates in German, in the workflow's zone, and in UTC: "2. Dezember 2026 um 10:14:38 · 2026-12-02 09:14:38 UTC".
		expect(certificate).toMatch(/\d{1,2}\. (Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) \d{4} um \d{2}:\d{2}:\d{2} · \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
		expect(certificate).toContain('Einwilligungen zur elektronischen Unterzeichnung');
		expect(certificate).toContain('Sprache: Deutsch (de), Version 1');
		expect(certificate).toContain('Sprache: Polnisch (pl), Version 1');
		expect(certificate).toContain('Sprache: Hebräisch (he), Version 1');
		expect(certificate).toContain(consentCatalogue.de.signer);
		expect(certificate).toContain(consentCatalogue.pl.approver);
		expect(hebrewWords(certificate)).toContain(hebrewWords(consentCatalogue.he.signer));
		expect(certificate).toContain('נועה בן דוד');
		for (const english of ['Certificate', 'Signed', 'Consent', 'Given', 'Parties', 'Page ', 'Not recorded']) expect(certificate).not.toContain(english);

		// The stamped page: the Hebrew signature and text field read in order, the fixed date in German.
		const page = readable(pdftotext(signed, 1));
		expect(page).toContain('נועה בן דוד');
		expect(page).toContain('תל אביב');
		expect(page).toContain('4. Januar 2027');
		expect(page).toContain('Jürgen Weiß');

		const report = pdfsig(signed);
		expect(report).toContain('Signature Validation: Signature is Valid.');
		const check = qpdfCheck(signed);
		expect(check.output).toContain('No syntax or stream encoding errors found');
		expect(check.code).toBe(0);
	}, 120_000);
});
