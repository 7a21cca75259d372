import { PDFDict, PDFDocument, PDFName, degrees } from 'pdf-lib';
import { consentCatalogue } from '../../../engine/i18n';
import { appendCertificate, type CertificateData, type CertificateParty } from '../../../engine/pdf/certificate';
import { DocumentFonts } from '../../../engine/pdf/fonts';
import { fixturePdf } from '../../helpers/pdf/fixtures';
import { pdftotext, qpdfCheck, words, type Word } from '../../helpers/pdf/pdfTools';

const SIGN_CONSENT = 'I agree to sign this document electronically. My electronic signature is the legal equivalent of my handwritten signature.';
const APPROVE_CONSENT = 'I have reviewed this document and approve it electronically.';

/** Names as real parties have them: accents, decomposed Unicode, right-to-left, CJK and emoji (which DejaVu lacks). */
const NAMES = [
	'Zoë Zu\u0308rich-Müller',
	'דנה לוי-כהן',
	'سارة عبد الله الحسيني',
	'山田 太郎',
	'Ana 👩🏽‍💼 Martínez de la Fuente y Ortega',
	'Łukasz Wójcik-Brzęczyszczykiewicz',
	'Ngọc Anh Nguyễn Thị',
	'Ἀλέξανδρος Παπαδόπουλος',
	'Владимир Александрович Константинопольский',
	'Siobhán Ní Mhaoldomhnaigh',
	'李小龍 Bruce Lee 🥋',
	'Jean-Baptiste Émile Dupont-Aignan',
];

function party(index: number, name = NAMES[index % NAMES.length]): CertificateParty {
	const role = index % 4 === 3 ? 'approver' : index % 5 === 4 ? 'cc' : 'signer';
	const acting = role !== 'cc';
	return {
		name,
		email: `party${index + 1}@example.com`,
		role,
		order: index + 1,
		status: acting ? (role === 'approver' ? 'approved' : 'signed') : 'pending',
		viewedAt: '2027-01-04T09:00:00.000Z',
		actedAt: acting ? '2027-01-04T09:05:00.000Z' : null,
		ip: acting ? '203.0.113.7' : null,
		userAgent: acting ? 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36' : null,
		consent: acting,
		consentText: acting ? (role === 'approver' ? APPROVE_CONSENT : SIGN_CONSENT) : null,
	};
}

function certificate(parties: CertificateParty[], workflowName = 'Employment contract', locale = 'en'): CertificateData {
	return {
		locale,
		organization: { name: 'Acme HR', primaryColor: '#aa3300', logo: null },
		workflow: {
			id: 'wf_0123456789abcdef',
			name: workflowName,
			timeZone: 'Europe/Berlin',
			createdAt: '2027-01-03T10:00:00.000Z',
			sentAt: '2027-01-03T10:05:00.000Z',
			completedAt: '2027-01-04T09:05:00.000Z',
		},
		files: [{ name: 'contract.pdf', pageCount: 3, sha256: 'a'.repeat(64), stampedSha256: 'b'.repeat(64) }],
		parties,
		audit: { headHash: 'c'.repeat(64), eventCount: 40 },
	};
}

async function withCertificate(original: Uint8Array, data: CertificateData) {
	const document = await PDFDocument.load(original);
	const before = document.getPageCount();
	await appendCertificate(document, data, new DocumentFonts(document));
	const bytes = await document.save();
	const loaded = await PDFDocument.load(bytes);
	const pages = loaded.getPages().slice(before);
	const all = words(bytes);
	return {
		bytes,
		pages: pages.map((page, index) => ({
			size: page.getSize(),
			rotation: page.getRotation().angle,
			words: all.filter((word) => word.page === before + index + 1),
		})),
	};
}

const MARGIN_SLACK = 1;

/** Every word lies inside the page's margins (the footer inside the bottom margin). */
function expectInsideMargins(pageWords: Word[], margin: number) {
	for (const word of pageWords) {
		const where = { word: word.text, xMin: word.xMin, xMax: word.xMax, yMin: word.yMin, yMax: word.yMax };
		expect({ ...where, left: word.xMin >= margin - MARGIN_SLACK }).toEqual({ ...where, left: true });
		expect({ ...where, right: word.xMax <= word.pageWidth - margin + MARGIN_SLACK }).toEqual({ ...where, right: true });
		expect({ ...where, top: word.yMin >= margin - 14 }).toEqual({ ...where, top: true });
		expect({ ...where, bottom: word.yMax <= word.pageHeight }).toEqual({ ...where, bottom: true });
	}
}

/** How much of the text area the body of a page uses (footer left out), 0 to 1. */
function fill(pageWords: Word[], margin: number): number {
	const body = pageWords.filter((word) => word.yMax < word.pageHeight - margin);
	const lowest = Math.max(...body.map((word) => word.yMax));
	return (lowest - margin) / (pageWords[0].pageHeight - 2 * margin);
}

const text = (pageWords: Word[]) => pageWords.map((word) => word.text).join(' ');

/** Hashes are never cut across lines, whatever the page size: they are copied and compared whole. */
function expectWholeHashes(pages: Array<{ words: Word[] }>) {
	const all = pages.flatMap((page) => page.words.map((word) => word.text));
	for (const hash of ['a'.repeat(64), 'b'.repeat(64), 'c'.repeat(64)]) expect(all).toContain(hash);
}

describe('the certificate of completion', () => {
	it.each([
		['letter-3pages.pdf', { width: 612, height: 792 }],
		['a4-1page.pdf', { width: 595.28, height: 841.89 }],
	])('after %s is one page of the size of its last page', async (fixture, size) => {
		const { pages, bytes } = await withCertificate(fixturePdf(fixture), certificate([0, 1, 2].map((index) => party(index))));
		expect(pages).toHaveLength(1);
		expect(pages[0].size.width).toBeCloseTo(size.width, 1);
		expect(pages[0].size.height).toBeCloseTo(size.height, 1);
		expect(text(pages[0].words)).toContain('Certificate of completion');
		expect(text(pages[0].words)).not.toContain('Page 1 of');
		expectInsideMargins(pages[0].words, 48);
		expectWholeHashes(pages);
		expect(qpdfCheck(bytes).code).toBe(0);
	});

	it('after an A5 last page (mixed-sizes.pdf) is A5, with narrower margins', async () => {
		const { pages } = await withCertificate(fixturePdf('mixed-sizes.pdf'), certificate([0, 1].map((index) => party(index))));
		for (const page of pages) {
			expect(page.size.width).toBeCloseTo(420.94, 1);
			expect(page.size.height).toBeCloseTo(595.28, 1);
			expectInsideMargins(page.words, 33);
		}
		expectWholeHashes(pages);
	});

	it('is upright and landscape after a last page shown turned (/Rotate 90)', async () => {
		const document = await PDFDocument.create();
		document.addPage([595.28, 841.89]).setRotation(degrees(90));
		const { pages } = await withCertificate(await document.save(), certificate([0, 1].map((index) => party(index))));
		expect(pages[0].rotation).toBe(0);
		expect(pages[0].size).toEqual({ width: 841.89, height: 595.28 });
		expectInsideMargins(pages[0].words, 48);
	});

	it('gets a readable size after a very small last page', async () => {
		const document = await PDFDocument.create();
		document.addPage([150, 220]);
		const { pages } = await withCertificate(await document.save(), certificate([party(0)]));
		for (const page of pages) expect(page.size).toEqual({ width: 288, height: 288 });
		for (const page of pages) expectInsideMargins(page.words, 24);
		expectWholeHashes(pages);
	});

	it('flows 12 parties with long right-to-left, CJK and emoji names onto numbered Letter pages, each party whole on one page', async () => {
		const parties = NAMES.map((_, index) => party(index));
		const { pages, bytes } = await withCertificate(fixturePdf('letter-3pages.pdf'), certificate(parties));
		expect(pages.length).toBeGreaterThan(1);
		pages.forEach((page, index) => {
			expect(page.size).toEqual({ width: 612, height: 792 });
			expect(text(page.words)).toContain(`Page ${index + 1} of ${pages.length}`);
			expectInsideMargins(page.words, 48);
		});
		expect(fill(pages[pages.length - 1].words, 48)).toBeGreaterThan(0.15);
		// A party is never split: every page has as many e-mail lines as "Role, order" lines, and every party is there.
		for (const page of pages) {
			const emails = page.words.filter((word) => /^<party\d+@example\.com>$/.test(word.text)).length;
			expect(emails).toBe(page.words.filter((word) => word.text === 'Role,').length);
		}
		const emails = pages.flatMap((page) => page.words.filter((word) => /^<party\d+@example\.com>$/.test(word.text)));
		expect(emails).toHaveLength(parties.length);
		const all = pages.map((page) => text(page.words)).join(' ');
		// Both consent texts, each once, with the letter the parties refer to.
		expect(all).toContain('A. Language: English (en), version 1 I agree to sign');
		expect(all).toContain('B. Language: English (en), version 1 I have reviewed this document and approve it');
		expect(all).toContain('Given (text B below)');
		// Characters DejaVu Sans lacks (CJK, emoji) are replaced, the rest is kept.
		expect(all).toContain('Martínez');
		expect(all).toContain('Łukasz');
		expect(all).toMatch(/\?\? \?\?/);
		expect(qpdfCheck(bytes).code).toBe(0);
	});

	it('names each font once in the resources of each of its pages, however many lines it draws', async () => {
		const parties = NAMES.map((_, index) => party(index));
		const { bytes } = await withCertificate(fixturePdf('letter-3pages.pdf'), certificate(parties));
		const loaded = await PDFDocument.load(bytes);
		const certificatePages = loaded.getPages().slice(3);
		expect(certificatePages.length).toBeGreaterThan(1);
		for (const page of certificatePages) {
			const fonts = page.node.Resources()!.lookup(PDFName.of('Font'), PDFDict);
			const names = fonts.keys();
			const targets = new Set(names.map((name) => fonts.get(name)!.toString()));
			// The regular and the bold face: two fonts, each under one name.
			expect(targets.size).toBe(2);
			expect(names).toHaveLength(targets.size);
		}
	});

	it('draws right-to-left names in their reading order, beside left-to-right text', async () => {
		const { pages } = await withCertificate(fixturePdf('a4-1page.pdf'), certificate([party(0, 'דנה לוי'), party(1, 'Sara سارة 12')]));
		const line = (email: string) => {
			const anchor = pages[0].words.find((word) => word.text.includes(email))!;
			return pages[0].words.filter((word) => Math.abs(word.yMin - anchor.yMin) < 2).sort((a, b) => a.xMin - b.xMin);
		};
		// pdftotext gives a left-to-right line in visual order: each Hebrew word reads reversed, the family name comes first.
		const reversed = (word: string) => [...word].reverse().join('');
		expect(line('party1@example.com').map((word) => word.text)).toEqual([reversed('לוי'), reversed('דנה'), '<party1@example.com>']);
		const arabic = line('party2@example.com').map((word) => word.text);
		// "Sara سارة 12": the number belongs to the Arabic, so it shows to the left of the Arabic word.
		expect(arabic[0]).toBe('Sara');
		expect(arabic[1]).toBe('12');
		expect(arabic[arabic.length - 1]).toBe('<party2@example.com>');
	});

	it('never leaves a page holding only the last few lines: it fits them, or flows a real part onto the next page', async () => {
		const pageCounts = new Set<number>();
		const titleHeights = new Set<number>();
		for (const count of [3, 5]) {
			for (const extraLines of [0, 3, 6, 9, 12]) {
				const name = `Employment contract ${'with a very long title that wraps '.repeat(extraLines)}`.trim();
				for (const fixture of ['letter-3pages.pdf', 'a4-1page.pdf']) {
					const { pages } = await withCertificate(fixturePdf(fixture), certificate(NAMES.slice(0, count).map((_, index) => party(index)), name));
					pageCounts.add(pages.length);
					const title = pages[0].words.find((word) => word.text === 'Certificate')!;
					titleHeights.add(Math.round((title.yMax - title.yMin) * 10) / 10);
					const last = fill(pages[pages.length - 1].words, 48);
					if (pages.length > 1) expect({ count, extraLines, fixture, last, filled: last > 0.15 }).toEqual({ count, extraLines, fixture, last, filled: true });
				}
			}
		}
		// The sweep crossed from one page to two, and some certificates were set smaller to save a page.
		expect([...pageCounts].sort()).toEqual([1, 2]);
		expect(titleHeights.size).toBeGreaterThan(1);
	}, 120_000);

	it('is in the organization’s language, with each consent as its party read it and its language named', async () => {
		const parties: CertificateParty[] = [
			{ ...party(0, 'Jürgen Weiß'), consentText: consentCatalogue.de.signer, consentLocale: 'de', consentVersion: 1 },
			{ ...party(1, 'נועה בן דוד'), consentText: consentCatalogue.he.signer, consentLocale: 'he', consentVersion: 1 },
			{ ...party(3, 'Łukasz Żółć'), consentText: consentCatalogue.pl.approver, consentLocale: 'pl', consentVersion: 1 },
		];
		const { bytes, pages } = await withCertificate(fixturePdf('a4-1page.pdf'), certificate(parties, 'Arbeitsvertrag', 'de'));
		const all = readable(pdftotext(bytes));
		for (const label of ['Abschlusszertifikat', 'Signaturvorgang', 'Beteiligte', 'Rolle, Reihenfolge', 'Eingesehen', 'Unterzeichnet', 'Genehmigt', 'Prüfprotokoll'])
			expect(all).toContain(label);
		expect(all).toContain('4. Januar 2027 um 10:05:00 · 2027-01-04 09:05:00 UTC');
		expect(all).toContain('contract.pdf (3 Seiten)');
		expect(all).toContain('Einwilligungen zur elektronischen Unterzeichnung');
		expect(all).toContain('A. Sprache: Deutsch (de), Version 1');
		expect(all).toContain('B. Sprache: Polnisch (pl), Version 1');
		expect(all).toContain('C. Sprache: Hebräisch (he), Version 1');
		expect(all).toContain('Erteilt (Wortlaut C unten)');
		for (const text of [consentCatalogue.de.signer, consentCatalogue.pl.approver, 'נועה בן דוד']) expect(all).toContain(text);
		expect(hebrewWords(all)).toContain(hebrewWords(consentCatalogue.he.signer));
		for (const english of ['Certificate', 'Signed', 'Consent', 'Given', 'Parties', 'January', 'Page']) expect(all).not.toContain(english);
		// The Hebrew consent, against the certificate's direction, is on a page of its own, set from the right margin.
		const last = pages[pages.length - 1].words;
		const hebrew = last.filter((word) => /[\u0590-\u05ff]/.test(word.text));
		expect(hebrew.length).toBeGreaterThan(10);
		expect(Math.max(...hebrew.map((word) => word.xMax))).toBeCloseTo(595.28 - 48, 0);
		expect(qpdfCheck(bytes).code).toBe(0);
	});

	it('in Hebrew is mirrored: set from the right margin, its text readable in order', async () => {
		const parties: CertificateParty[] = [
			{ ...party(0, 'נועה בן דוד'), consentText: consentCatalogue.he.signer, consentLocale: 'he', consentVersion: 1 },
			{ ...party(1, 'Jürgen Weiß'), consentText: consentCatalogue.de.signer, consentLocale: 'de', consentVersion: 1 },
		];
		const { bytes, pages } = await withCertificate(fixturePdf('a4-1page.pdf'), certificate(parties, 'חוזה עבודה', 'he'));
		const first = pages[0].words;
		const title = first.filter((word) => word.yMin < 100 && /[\u0590-\u05ff]/.test(word.text));
		expect(Math.max(...title.map((word) => word.xMax))).toBeCloseTo(595.28 - 48, 0);
		expectInsideMargins(first, 48);
		const all = readable(pdftotext(bytes));
		for (const text of ['תעודת השלמה', 'תהליך החתימה', 'חוזה עבודה', 'נועה בן דוד', consentCatalogue.de.signer]) expect(all).toContain(text);
		for (const text of [consentCatalogue.he.signer, 'שפה: עברית (he), גרסה 1']) expect(hebrewWords(all)).toContain(hebrewWords(text));
		expect(qpdfCheck(bytes).code).toBe(0);
	});
});

/**
 * The Hebrew words of a text in order. pdftotext gives right-to-left words in reading order, but
 * puts a space beside a full stop or comma inside them on the wrong side ("אלקטרוני .לחתימתי"):
 * poppler reads such punctuation as part of a number. So Hebrew is compared word by word.
 */
function hebrewWords(text: string): string {
	return (text.match(/[\u0590-\u05ff]+/g) ?? []).join(' ');
}

/** pdftotext's text without the bidi controls it wraps right-to-left runs in, each run of white space one space. */
function readable(text: string): string {
	return text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ');
}
