import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, rgb, type PDFFont } from 'pdf-lib';
import { DocumentFonts } from '../../../engine/pdf/fonts';
import { Face } from '../../../engine/pdf/text';
import { vendoredPath } from '../../../engine/vendor';
import { pdftotext, qpdfCheck } from '../../helpers/pdf/pdfTools';
import { PEOPLES_TEXT } from '../../helpers/pdf/peoplesText';

const TEXTS = PEOPLES_TEXT;

/** A face over a font parsed for this document alone, by plain fontkit, with nothing kept: what the engine did before. */
async function uncachedFace(file: string): Promise<Face> {
	const document = await PDFDocument.create();
	document.registerFontkit(fontkit);
	const font: PDFFont = await document.embedFont(readFileSync(vendoredPath(file as Parameters<typeof vendoredPath>[0])), { subset: true });
	return new Face([font]);
}

function measured(face: Face) {
	return TEXTS.map((text) => ({
		text,
		clean: face.clean(text),
		width: face.widthOf(text, 11),
		runs: face.runs(text).map((run) => run.text),
		glyphWidths: face.runs(text).map((run) => run.font.widthOfTextAtSize(run.text, 11)),
	}));
}

describe('fonts and text widths kept per thread', () => {
	it.each([
		['DejaVu Sans', 'fonts/DejaVuSans.ttf', (fonts: DocumentFonts) => fonts.sans()],
		['DejaVu Sans Bold', 'fonts/DejaVuSans-Bold.ttf', (fonts: DocumentFonts) => fonts.bold()],
	])('measure %s exactly as a font parsed afresh, in every document after the first', async (_name, file, pick) => {
		const expected = measured(await uncachedFace(file));
		for (let round = 0; round < 3; round += 1) {
			const face = await pick(new DocumentFonts(await PDFDocument.create()));
			expect(measured(face)).toEqual(expected);
		}
	});

	it('draws documents that each carry their own complete font subset', async () => {
		const saved: Buffer[] = [];
		for (const lines of [TEXTS.slice(0, 9), TEXTS.slice(8)]) {
			const document = await PDFDocument.create();
			const page = document.addPage();
			const face = await new DocumentFonts(document).sans();
			lines.forEach((line, index) => face.drawAt(page, line, { x: 40, y: 700 - index * 20, size: 11, color: rgb(0, 0, 0) }));
			saved.push(Buffer.from(await document.save()));
		}
		for (const bytes of saved) expect(qpdfCheck(bytes).code).toBe(0);
		// The second document uses glyphs the first already laid out: its own subset still has them.
		expect(pdftotext(saved[0]).normalize('NFC')).toContain('Zoë Ångström');
		expect(pdftotext(saved[1]).normalize('NFC')).toContain('Константинопольский');
		expect(pdftotext(saved[1]).normalize('NFC')).toContain('Wójcik-Brzęczyszczykiewicz');
	});

	it('maps every glyph to its text in later documents, also one first met as part of an accented letter', async () => {
		// "Wójcik" draws ó, a composite whose subset also takes the plain o (and í takes the dotless i),
		// before any document has drawn o or i by themselves.
		const first = await PDFDocument.create();
		(await new DocumentFonts(first).sans()).drawAt(first.addPage(), 'Wójcik Ní', { x: 40, y: 700, size: 11, color: rgb(0, 0, 0) });
		await first.save();
		const second = await PDFDocument.create();
		(await new DocumentFonts(second).sans()).drawAt(second.addPage(), 'Page 2 of 2, signed by Joanna Wójcik', { x: 40, y: 700, size: 11, color: rgb(0, 0, 0) });
		expect(pdftotext(Buffer.from(await second.save())).normalize('NFC')).toContain('Page 2 of 2, signed by Joanna Wójcik');
	});

	/** The font files (FontFile2 streams) of a saved document, as stored. */
	async function fontFiles(bytes: Uint8Array): Promise<Buffer[]> {
		const document = await PDFDocument.load(bytes);
		return document.context.enumerateIndirectObjects().flatMap(([, object]) => {
			const file = object instanceof PDFDict && object.get(PDFName.of('Type')) === PDFName.of('FontDescriptor') ? object.get(PDFName.of('FontFile2')) : undefined;
			const stream = file instanceof PDFRef ? document.context.lookup(file) : undefined;
			return stream instanceof PDFRawStream ? [Buffer.from(stream.contents)] : [];
		});
	}

	async function drawn(lines: readonly string[], pick: (fonts: DocumentFonts) => Promise<Face> = (fonts) => fonts.sans()): Promise<Buffer> {
		const document = await PDFDocument.create();
		const page = document.addPage();
		const face = await pick(new DocumentFonts(document));
		lines.forEach((line, index) => face.drawAt(page, line, { x: 40, y: 760 - index * 20, size: 11, color: rgb(0, 0, 0) }));
		return Buffer.from(await document.save());
	}

	it('gives documents that draw the same glyphs in another order the same font subset, each with its own text', async () => {
		// Fresh text (no earlier test drew it): its glyphs first met in two orders.
		const lines = ['Ψηφιακή υπογραφή № 4711 – Þórunn', 'Ødegaard & Søn: 2031-07-19, 23:58 · ¶ § ½', 'Ýmir Ðorđević'];
		const forward = await drawn(lines);
		const backward = await drawn([...lines].reverse());
		const [forwardFonts, backwardFonts] = [await fontFiles(forward), await fontFiles(backward)];
		expect(forwardFonts).toHaveLength(1);
		expect(backwardFonts).toEqual(forwardFonts);
		for (const bytes of [forward, backward]) {
			expect(qpdfCheck(bytes).code).toBe(0);
			const text = pdftotext(bytes).normalize('NFC');
			for (const line of lines) expect(text).toContain(line);
		}
		// Different glyphs, a subset of their own.
		expect(await fontFiles(await drawn(['Ýmir Ðorđević']))).not.toEqual(forwardFonts);
	});

	it('keeps every glyph mapped to its text in shaped scripts and composites, whichever document met it first', async () => {
		const first = await drawn(PEOPLES_TEXT);
		const second = await drawn([...PEOPLES_TEXT].reverse());
		expect(await fontFiles(second)).toEqual(await fontFiles(first));
		for (const bytes of [first, second]) {
			expect(qpdfCheck(bytes).code).toBe(0);
			const text = pdftotext(bytes).normalize('NFC');
			for (const line of ['Zoë Ångström', 'Владимир Константинопольский', 'Łukasz Wójcik-Brzęczyszczykiewicz', 'Ἀλέξανδρος Παπαδόπουλος']) expect(text).toContain(line);
		}
	});
});
