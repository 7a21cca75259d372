import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts, degrees, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { launchChromium } from '../e2e/support/browser';
import { auditWith } from '../helpers/engine/audit';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { words } from '../helpers/pdf/pdfTools';

/*
 * Text tags and anchors on real PDFs made here with pdf-lib: text at known
 * positions (Helvetica; textTagAccuracy.test.ts has an embedded font),
 * a tag split across runs, two columns, a page with /Rotate 90, and the
 * signed document rendered by poppler to see that no tag is left visible.
 */

// Helvetica's ascent and descent as pdf.js reads them (the tag's box spans the font's full height).
const ASCENT = 0.905;
const DESCENT = 0.212;
const SIZE = 12;

interface Drawn {
	page: number;
	x: number;
	y: number;
	width: number;
	height: number;
}

/** Where a tag drawn at (x, baseline) in Helvetica `SIZE` stands: its text box. */
function boxOf(font: PDFFont, page: number, text: string, x: number, baseline: number): Drawn {
	return { page, x, y: baseline - DESCENT * SIZE, width: font.widthOfTextAtSize(text, SIZE), height: (ASCENT + DESCENT) * SIZE };
}

async function taggedContract() {
	const document = await PDFDocument.create();
	const font = await document.embedFont(StandardFonts.Helvetica);
	const draw = (page: PDFPage, text: string, x: number, y: number, rotate = 0) => page.drawText(text, { x, y, size: SIZE, font, rotate: degrees(rotate) });
	const expected: Record<string, Drawn> = {};

	// Page 1: a tag inside a longer run, and a tag split across three runs (as word processors write them).
	const first = document.addPage([595.28, 841.89]);
	const lead = 'Unterschrift / Signature (Zoë): ';
	draw(first, `${lead}{{signature;role=signer1}}`, 60, 700);
	expected.signature = boxOf(font, 1, '{{signature;role=signer1}}', 60 + font.widthOfTextAtSize(lead, SIZE), 700);
	// The middle run in bold: another font, so pdf.js reports three runs and the engine joins them.
	const bold = await document.embedFont(StandardFonts.HelveticaBold);
	const parts = [
		['{{text;role=hr@example.com;', font],
		['name=Gehalt brutto;', bold],
		['required}}', font],
	] as const;
	let x = 60;
	for (const [part, face] of parts) {
		first.drawText(part, { x, y: 600, size: SIZE, font: face });
		x += face.widthOfTextAtSize(part, SIZE);
	}
	expected.salary = { ...boxOf(font, 1, '', 60, 600), width: x - 60 };

	// Page 2: two columns drawn line by line across both, each column with its own tag on the same baseline.
	const second = document.addPage([595.28, 841.89]);
	draw(second, 'Left column: the employee', 50, 500);
	draw(second, 'Right column: HR', 270, 500);
	draw(second, '{{initials;role=Hal Ödegaard}}', 50, 480);
	// (pdf.js drops text past the page's edge: a tag must fit on its page.)
	draw(second, '{{checkbox;role=signer2;name=agree;width=14;height=14}}', 270, 480);
	expected.initials = boxOf(font, 2, '{{initials;role=Hal Ödegaard}}', 50, 480);
	const checkboxTag = boxOf(font, 2, '{{checkbox;role=signer2;name=agree;width=14;height=14}}', 270, 480);
	expected.checkbox = { page: 2, x: 270, y: checkboxTag.y + checkboxTag.height - 14, width: 14, height: 14 };
	expected.checkboxTag = checkboxTag;

	// Page 3: a landscape page kept as portrait with /Rotate 90, its text drawn turned so it reads upright.
	const third = document.addPage([595.28, 841.89]);
	third.setRotation(degrees(90));
	const dateTag = '{{date;role=SIGNER1;required}}';
	draw(third, dateTag, 300, 200, 90);
	const length = font.widthOfTextAtSize(dateTag, SIZE);
	expected.date = { page: 3, x: 300 - ASCENT * SIZE, y: 200, width: (ASCENT + DESCENT) * SIZE, height: length };
	return { bytes: await document.save(), expected };
}

function expectBox(actual: Drawn, expected: Drawn): void {
	expect(actual.page).toBe(expected.page);
	for (const key of ['x', 'y', 'width', 'height'] as const) expect(Math.abs(actual[key] - expected[key])).toBeLessThanOrEqual(1);
}

/** The grey levels of a region of a page (in points from the top-left as displayed), rendered by poppler's pdftoppm at 72 dpi. */
function greys(bytes: Uint8Array, page: number, region: { left: number; top: number; width: number; height: number }): number[] {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'signflow-tags-'));
	try {
		const file = path.join(dir, 'document.pdf');
		writeFileSync(file, bytes);
		const crop = [region.left, region.top, region.width, region.height].map((value) => String(Math.round(value)));
		const pgm = execFileSync('pdftoppm', ['-gray', '-r', '72', '-f', String(page), '-l', String(page), '-x', crop[0], '-y', crop[1], '-W', crop[2], '-H', crop[3], '-singlefile', file]);
		// P5 <width> <height> <max>\n then one byte a pixel.
		const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 40).toString('latin1'))!;
		return [...pgm.subarray(header[0].length)];
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

const PAGE_HEIGHT = 841.89;
const regionOf = (box: Drawn) => ({ left: box.x, top: PAGE_HEIGHT - box.y - box.height, width: box.width, height: box.height });

let t: TestEngine;

beforeAll(async () => {
	t = await startTestEngine();
});

afterAll(async () => {
	await t?.stop();
});

async function draftWithSigners() {
	const workflowId = (await t.api.post('/workflows', { name: 'Arbeitsvertrag – Zoë Ødegaard' })).body.id as string;
	const ann = (await t.api.post(`/workflows/${workflowId}/signers`, { name: 'Ann Lee', email: 'ann@example.com', order: 1 })).body;
	const hal = (await t.api.post(`/workflows/${workflowId}/signers`, { name: 'Hal Ödegaard', email: 'hr@example.com', order: 2 })).body;
	return { workflowId, ann, hal };
}

function uploadTagged(workflowId: string, bytes: Uint8Array, textTags = true) {
	const form = new FormData();
	form.append('name', 'vertrag.pdf');
	form.append('textTags', String(textTags));
	form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'vertrag.pdf');
	return t.api.request<any>('POST', `/workflows/${workflowId}/files`, { body: form });
}

describe('text tags on Add File', () => {
	it('turns each tag into a field on the tag’s box (within 1 pt): in a longer run, split across runs, in two columns, on a rotated page', async () => {
		const { bytes, expected } = await taggedContract();
		const { workflowId, ann, hal } = await draftWithSigners();
		const added = await uploadTagged(workflowId, bytes);
		expect([added.status, added.body.error?.message]).toEqual([201, undefined]);
		const { signatures, annotations } = added.body.textTagFields;
		expect(signatures.map((field: { kind: string }) => field.kind)).toEqual(['signature', 'initials']);
		expect(annotations.map((field: { type: string }) => field.type)).toEqual(['text', 'checkbox', 'date']);

		expectBox(signatures[0], expected.signature);
		expect(signatures[0]).toMatchObject({ signerId: ann.id, required: true });
		expectBox(signatures[1], expected.initials);
		expect(signatures[1].signerId).toBe(hal.id);
		expectBox(annotations[0], expected.salary);
		expect(annotations[0]).toMatchObject({ signerId: hal.id, label: 'Gehalt brutto', required: true, value: null });
		expectBox(annotations[1], expected.checkbox);
		expect(annotations[1]).toMatchObject({ signerId: hal.id, label: 'agree', required: false });
		expectBox(annotations[2], expected.date);
		expect(annotations[2]).toMatchObject({ signerId: ann.id, required: true });

		const detail = (await t.api.get(`/workflows/${workflowId}`)).body;
		expect(detail.signatures).toHaveLength(2);
		expect(detail.annotations).toHaveLength(3);
	});

	it('leaves tags alone without textTags (the default for drafts)', async () => {
		const { bytes } = await taggedContract();
		const { workflowId } = await draftWithSigners();
		const added = await t.api.upload(workflowId, 'vertrag.pdf', bytes);
		expect(added.status).toBe(201);
		expect(added.body.textTagFields).toBeUndefined();
		expect((await t.api.get(`/workflows/${workflowId}`)).body.signatures).toHaveLength(0);
	});

	it('refuses the whole upload with 422 listing each bad tag with its page, and adds nothing', async () => {
		const document = await PDFDocument.create();
		const font = await document.embedFont(StandardFonts.Helvetica);
		const first = document.addPage([595.28, 841.89]);
		first.drawText('{{signature;role=signer1}} {{signature;role=Boss}}', { x: 40, y: 700, size: 11, font });
		const second = document.addPage([595.28, 841.89]);
		second.drawText('{{text;role=signer2;colour=red}}', { x: 40, y: 700, size: 11, font });
		second.drawText('{{signature;role=signer1;width=900}}', { x: 40, y: 600, size: 11, font });
		second.drawText('{{date;role=signer1', { x: 40, y: 500, size: 11, font });
		const { workflowId } = await draftWithSigners();
		const refused = await uploadTagged(workflowId, await document.save());
		expect(refused.status).toBe(422);
		expect(refused.body.error.code).toBe('text_tags_invalid');
		const details = refused.body.error.details as Array<{ page: number; tag: string; message: string }>;
		expect(details.map(({ page, tag }) => [page, tag])).toEqual([
			[1, '{{signature;role=Boss}}'],
			[2, '{{text;role=signer2;colour=red}}'],
			[2, '{{signature;role=signer1;width=900}}'],
			[2, '{{'],
		]);
		expect(details[0].message).toMatch(/Page 1, \{\{signature;role=Boss\}\}: no signer matches role "Boss"/);
		expect(details[1].message).toMatch(/Unknown option "colour"/);
		expect(details[2].message).toMatch(/does not fit on page 2/);
		expect(details[3].message).toMatch(/not closed/);
		const detail = (await t.api.get(`/workflows/${workflowId}`)).body;
		expect([detail.files.length, detail.signatures.length, detail.annotations.length]).toEqual([0, 0, 0]);
	});

	it('hides the tags: the signed pages show no ink where a tag stood, the uploaded one did', async () => {
		const { bytes, expected } = await taggedContract();
		const { workflowId } = await draftWithSigners();
		const added = (await uploadTagged(workflowId, bytes)).body;
		const [signature, initials] = added.textTagFields.signatures;
		const [salary, agree, date] = added.textTagFields.annotations;
		const sent = (await t.api.post(`/workflows/${workflowId}/send`)).body;
		const link = (email: string) => new SignerClient(sent.signers.find((signer: { email: string }) => signer.email === email).signingUrl);
		const annSigned = await link('ann@example.com').sign({
			consent: true,
			values: {
				[signature.id]: { type: 'typed', text: 'Ann Lee' },
				[date.id]: { type: 'date', value: '2027-02-01' },
			},
		});
		expect([annSigned.status, annSigned.body.error?.message]).toEqual([200, undefined]);
		// Hal leaves the optional checkbox empty: its tag must be hidden all the same.
		const halSigned = await link('hr@example.com').sign({
			consent: true,
			values: { [initials.id]: { type: 'typed', text: 'HÖ' }, [salary.id]: { type: 'text', value: '85 000 €' } },
		});
		expect([halSigned.status, halSigned.body.error?.message]).toEqual([200, undefined]);
		expect(agree.value).toBeNull();
		await auditWith(t.api, workflowId, 'workflow.completed', 30_000);
		const signed = (await t.api.get(`/workflows/${workflowId}/files/${added.id}/content?version=signed`)).bytes;

		const darkest = (values: number[]) => Math.min(...values);
		// The unfilled checkbox's tag, and the run before the signature tag (text that is no tag stays).
		expect(darkest(greys(bytes, 2, regionOf(expected.checkboxTag)))).toBeLessThan(100);
		expect(darkest(greys(signed, 2, regionOf(expected.checkboxTag)))).toBeGreaterThan(240);
		expect(darkest(greys(signed, 1, { left: 60, top: PAGE_HEIGHT - 700 - 9, width: 100, height: 9 }))).toBeLessThan(100);
		// The original as stored (what signers see) is covered too; the upload's hash is in file.added.
		const original = (await t.api.get(`/workflows/${workflowId}/files/${added.id}/content?version=original`)).bytes;
		expect(darkest(greys(original, 2, regionOf(expected.checkboxTag)))).toBeGreaterThan(240);
	});
});

describe('anchors on Add Signature and Add Annotation', () => {
	async function anchoredDraft() {
		const document = await PDFDocument.create();
		const font = await document.embedFont(StandardFonts.Helvetica);
		for (const y of [700, 300]) {
			const page = document.addPage([595.28, 841.89]);
			page.drawText('Signature (Unterschrift):', { x: 72, y, size: SIZE, font, color: rgb(0, 0, 0) });
		}
		const { workflowId, ann } = await draftWithSigners();
		const file = (await t.api.upload(workflowId, 'anchors.pdf', await document.save())).body;
		return { workflowId, ann, file, anchorY: 300 - DESCENT * SIZE };
	}

	it('places a field at the n-th occurrence, moved by the offsets, and at every occurrence when none is given', async () => {
		const { workflowId, ann, file, anchorY } = await anchoredDraft();
		const second = await t.api.post(`/workflows/${workflowId}/signatures`, {
			fileId: file.id,
			signerId: ann.id,
			anchor: { text: 'Signature (Unterschrift):', offsetX: 0, offsetY: -60, occurrence: 2 },
		});
		expect(second.status).toBe(201);
		expect(second.body).toMatchObject({ page: 2, width: 180, height: 50 });
		expect(Math.abs(second.body.x - 72)).toBeLessThanOrEqual(1);
		expect(Math.abs(second.body.y - (anchorY - 60))).toBeLessThanOrEqual(1);
		expect(second.body.anchorFields).toHaveLength(1);

		const every = await t.api.post(`/workflows/${workflowId}/annotations`, {
			fileId: file.id,
			signerId: ann.id,
			type: 'date',
			anchor: { text: 'Signature (Unterschrift):', offsetX: 200 },
		});
		expect(every.status).toBe(201);
		expect(every.body.anchorFields.map((field: { page: number }) => field.page)).toEqual([1, 2]);
		expect((await t.api.get(`/workflows/${workflowId}`)).body.annotations).toHaveLength(2);
	});

	it('answers 422 anchor_not_found for a text that is not there, or an occurrence past the last', async () => {
		const { workflowId, ann, file } = await anchoredDraft();
		const missing = await t.api.post(`/workflows/${workflowId}/signatures`, { fileId: file.id, signerId: ann.id, anchor: { text: 'Firma:' } });
		expect(missing.status).toBe(422);
		expect(missing.body.error).toMatchObject({ code: 'anchor_not_found', details: [{ path: 'anchor.text' }] });
		const third = await t.api.post(`/workflows/${workflowId}/annotations`, {
			fileId: file.id,
			type: 'text',
			value: 'fixed',
			anchor: { text: 'Signature (Unterschrift):', occurrence: 3 },
		});
		expect(third.status).toBe(422);
		expect(third.body.error.message).toMatch(/occurs 2 time\(s\).*no occurrence 3/);
		const both = await t.api.post(`/workflows/${workflowId}/signatures`, { fileId: file.id, signerId: ann.id, page: 1, x: 1, y: 1, anchor: { text: 'x' } });
		expect(both.status).toBe(422);
		expect((await t.api.get(`/workflows/${workflowId}`)).body.signatures).toHaveLength(0);
	});
});

describe('a PDF from another producer: Chromium printing an HTML letter (its own fonts, runs split by styling)', () => {
	it('finds the tags typed in white, split across styled runs, at the words poppler sees', async () => {
		const browser = await launchChromium();
		let bytes: Uint8Array;
		try {
			const page = await browser.newPage();
			await page.setContent(`<!doctype html><html lang="de"><body style="font: 12pt 'DejaVu Sans', sans-serif; margin: 2cm">
				<h1>Arbeitsvertrag – Zoë Ødegaard</h1>
				<p>Unterschrift der Arbeitnehmerin: <span style="color:#fff">{{signature;<b>role=Ann Lee</b>}}</span></p>
				<p>Datum: <span style="color:#fff">{{date;role=signer1;<i>required</i>}}</span> 日本語のテキスト</p>
				<p style="page-break-before: always">Personalabteilung: <span style="color:#fff">{{initials;role=hr@example.com}}</span></p>
			</body></html>`);
			bytes = await page.pdf({ format: 'A4' });
		} finally {
			await browser.close();
		}
		const { workflowId, ann, hal } = await draftWithSigners();
		const added = await uploadTagged(workflowId, bytes);
		expect([added.status, added.body.error?.message]).toEqual([201, undefined]);
		const { signatures, annotations } = added.body.textTagFields;
		expect(signatures.map((field: { kind: string; page: number; signerId: string }) => [field.kind, field.page, field.signerId])).toEqual([
			['signature', 1, ann.id],
			['initials', 2, hal.id],
		]);
		expect(annotations.map((field: { type: string; required: boolean }) => [field.type, field.required])).toEqual([['date', true]]);

		// Poppler's word boxes (top-left origin) for the same tags: each field starts where its tag's first word does.
		const pageHeight = added.body.pages[0].height;
		const starts = words(bytes).filter((word) => word.text.startsWith('{{'));
		expect(starts).toHaveLength(3);
		const pairs = [[signatures[0], starts[0]], [annotations[0], starts[1]], [signatures[1], starts[2]]] as const;
		// Chromium writes each line as one run in DejaVu Sans: the tag's start within it comes from the font's glyph widths.
		for (const [field, word] of pairs) {
			expect(Math.abs(field.x - word.xMin)).toBeLessThanOrEqual(1);
			expect(field.y).toBeLessThan(pageHeight - word.yMin);
			expect(field.y + field.height).toBeGreaterThan(pageHeight - word.yMax);
		}
	});
});
