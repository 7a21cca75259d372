import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont } from 'pdf-lib';
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
});
