import { readFileSync } from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, degrees, type PDFFont, type PDFPage } from 'pdf-lib';
import { packageDir } from '../../engine/vendor';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';

/*
 * Text tags placed within 1 pt in fonts other than Helvetica: an embedded
 * TrueType font (DejaVu) with text before the tag in the same run, so the
 * tag's start inside the run needs the font's real glyph widths, on a plain
 * page, in two columns, on a page with /Rotate 90, and split across runs.
 */

const SIZE = 11;
const PAGE = [595.28, 841.89] as const;

interface Box {
	page: number;
	x: number;
	y: number;
	width: number;
	height: number;
}

interface Face {
	font: PDFFont;
	ascent: number;
	descent: number;
}

async function embed(document: PDFDocument, file: string): Promise<Face> {
	const bytes = readFileSync(path.join(packageDir('dejavu-fonts-ttf'), 'ttf', file));
	const metrics = fontkit.create(bytes) as unknown as { ascent: number; descent: number; unitsPerEm: number };
	return {
		font: await document.embedFont(bytes, { subset: true }),
		ascent: metrics.ascent / metrics.unitsPerEm,
		descent: -metrics.descent / metrics.unitsPerEm,
	};
}

/** The box of `tag` drawn right after `lead` in one run at (x, baseline), upright. */
function tagBox(face: Face, page: number, lead: string, tag: string, x: number, baseline: number): Box {
	return {
		page,
		x: x + face.font.widthOfTextAtSize(lead, SIZE),
		y: baseline - face.descent * SIZE,
		width: face.font.widthOfTextAtSize(tag, SIZE),
		height: (face.ascent + face.descent) * SIZE,
	};
}

async function contract() {
	const document = await PDFDocument.create();
	document.registerFontkit(fontkit);
	const sans = await embed(document, 'DejaVuSans.ttf');
	const bold = await embed(document, 'DejaVuSans-Bold.ttf');
	const serif = await embed(document, 'DejaVuSerif.ttf');
	const expected: Record<string, Box> = {};
	const line = (page: PDFPage, face: Face, text: string, x: number, y: number, rotate = 0) =>
		page.drawText(text, { x, y, size: SIZE, font: face.font, rotate: degrees(rotate) });

	// Page 1: wide letters (W, M, Ø) before the tag in the same run, where a Helvetica estimate drifts most.
	const first = document.addPage([...PAGE]);
	const lead = 'WWW MMM Ødegaard — Unterschrift der Arbeitnehmerin (Zoë): ';
	const signatureTag = '{{signature;role=signer1}}';
	line(first, sans, `${lead}${signatureTag} und Datum`, 40, 700);
	expected.signature = tagBox(sans, 1, lead, signatureTag, 40, 700);

	// A tag split across three runs (regular, bold, regular), the first run starting with other text.
	const splitLead = 'Gehalt / Salary: ';
	const parts = [
		[`${splitLead}{{text;role=hr@example.com;`, sans],
		['name=Gehalt brutto;', bold],
		['required}}', sans],
	] as const;
	let x = 40;
	for (const [part, face] of parts) {
		line(first, face, part, x, 600);
		x += face.font.widthOfTextAtSize(part, SIZE);
	}
	const splitStart = 40 + sans.font.widthOfTextAtSize(splitLead, SIZE);
	expected.salary = { ...tagBox(sans, 1, splitLead, '', 40, 600), width: x - splitStart };

	// Page 2: two columns in DejaVu Serif, drawn line by line across both, each tag after text in its column's run.
	const second = document.addPage([...PAGE]);
	const leftLead = 'Initialen: ';
	const rightLead = 'Für HR: ';
	const initialsTag = '{{initials;role=signer1}}';
	const dateTag = '{{date;role=signer2;required}}';
	line(second, serif, 'Wöchentliche Arbeitszeit: 40 Stunden', 40, 520);
	line(second, serif, 'Weekly hours: forty', 330, 520);
	line(second, serif, `${leftLead}${initialsTag}`, 40, 500);
	line(second, serif, `${rightLead}${dateTag}`, 330, 500);
	expected.initials = tagBox(serif, 2, leftLead, initialsTag, 40, 500);
	expected.date = tagBox(serif, 2, rightLead, dateTag, 330, 500);

	// Page 3: /Rotate 90, the text drawn turned so it reads upright; the tag after text in its run.
	const third = document.addPage([...PAGE]);
	third.setRotation(degrees(90));
	const turnedLead = 'Bestätigt / Agreed: ';
	const checkboxTag = '{{checkbox;role=signer1;name=agree}}';
	line(third, sans, `${turnedLead}${checkboxTag}`, 300, 150, 90);
	const along = sans.font.widthOfTextAtSize(turnedLead, SIZE);
	expected.checkbox = {
		page: 3,
		x: 300 - sans.ascent * SIZE,
		y: 150 + along,
		width: (sans.ascent + sans.descent) * SIZE,
		height: sans.font.widthOfTextAtSize(checkboxTag, SIZE),
	};
	return { bytes: await document.save(), expected };
}

/** Fails showing how far off each side is, in points. */
function expectWithinOnePoint(actual: Box, expected: Box): void {
	const off = Object.fromEntries((['x', 'y', 'width', 'height'] as const).map((key) => [key, Math.round(Math.abs(actual[key] - expected[key]) * 100) / 100]));
	expect(actual.page).toBe(expected.page);
	expect(Object.values(off).every((points) => points <= 1) ? 'within 1 pt' : off).toBe('within 1 pt');
}

let t: TestEngine;

beforeAll(async () => {
	t = await startTestEngine();
});

afterAll(async () => {
	await t?.stop();
});

describe('text tags in an embedded TrueType font', () => {
	it('puts each field within 1 pt of its tag: after text in the same run, split across runs, in two columns, on a rotated page', async () => {
		const { bytes, expected } = await contract();
		const workflowId = (await t.api.post('/workflows', { name: 'Arbeitsvertrag – Zoë Ødegaard' })).body.id as string;
		const ann = (await t.api.post(`/workflows/${workflowId}/signers`, { name: 'Ann Lee', email: 'ann@example.com', order: 1 })).body;
		const hal = (await t.api.post(`/workflows/${workflowId}/signers`, { name: 'Hal Ödegaard', email: 'hr@example.com', order: 2 })).body;
		const added = await t.api.post(`/workflows/${workflowId}/files`, {
			name: 'vertrag.pdf',
			contentBase64: Buffer.from(bytes).toString('base64'),
			textTags: true,
		});
		expect([added.status, added.body.error?.message]).toEqual([201, undefined]);
		const { signatures, annotations } = added.body.textTagFields;
		expect(signatures.map((field: { kind: string; signerId: string }) => [field.kind, field.signerId])).toEqual([
			['signature', ann.id],
			['initials', ann.id],
		]);
		expect(annotations.map((field: { type: string; signerId: string }) => [field.type, field.signerId])).toEqual([
			['text', hal.id],
			['date', hal.id],
			['checkbox', ann.id],
		]);
		expectWithinOnePoint(signatures[0], expected.signature);
		expectWithinOnePoint(annotations[0], expected.salary);
		expectWithinOnePoint(signatures[1], expected.initials);
		expectWithinOnePoint(annotations[1], expected.date);
		expectWithinOnePoint(annotations[2], expected.checkbox);
	});
});
