import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont } from 'pdf-lib';
import { DocumentFonts } from '../../../engine/pdf/fonts';
import { Face, FaceMemo } from '../../../engine/pdf/text';
import { vendoredPath, type VendoredName } from '../../../engine/vendor';
import { renderPage, words } from '../../helpers/pdf/pdfTools';
import { PEOPLES_TEXT } from '../../helpers/pdf/peoplesText';

/*
 * The engine's fontkit (fonts.ts) keeps layouts and glyph outlines per thread and skips positioning,
 * which pdf-lib never reads. Its own file: these compare with plain fontkit from the thread's first
 * document on, before any other test has drawn with the kept fonts.
 */

const TEXTS = [
	...PEOPLES_TEXT,
	'Certificate of completion · 9244671c-b1a6-4d8f-874e-4b6f7b2c48c0',
];

/**
 * Text a certificate is mostly made of (dates, hashes, ids, addresses, labels) and Latin text with
 * what a font substitutes in it (ligatures, fractions, accents on i and j): laid out without
 * shaping when every character of it is plain (fonts.ts, plainRun), which must come to the same
 * glyphs. With strings of random characters from the plain ranges and around them.
 */
const CANDIDATES = [
	...Array.from({ length: 0x7f - 0x20 }, (_, index) => String.fromCharCode(0x20 + index)),
	...Array.from({ length: 0x100 - 0xa0 }, (_, index) => String.fromCharCode(0xa0 + index)),
	...Array.from({ length: 0x2060 - 0x2010 }, (_, index) => String.fromCharCode(0x2010 + index)),
	'\u0301', '\u0308', 'ﬁ', 'ı', 'ȷ', '\u200d', '\u05d0', '\u0627',
];
let seed = 20261205;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const LAYOUT_TEXTS = [
	...TEXTS,
	'e6f6a2cdf9a32db6bfbb2b83e842d25c8ef918b6d041d0d9923dc10f974af3e9',
	'8d4c1572-6c82-44ae-8d38-f39b693a55a0',
	'5 December 2026 at 20:29:43 · 2026-12-05 19:29:43 UTC',
	'203.0.113.7, Mozilla/5.0 (Windows NT 10.0; Win64; x64)',
	'office affiliation fjord ﬁle flat, 1/2 ½ 3⁄4, fi ff ffi ffl',
	'baffle off flat: ff, fl, f f, -f, f.',
	'ff',
	'fl',
	'f',
	'Ĳssel ij IJ, naïve café, Þórunn Æsir œuvre',
	'“Quoted” — ‘single’ … ‰ ′ ″ ‹ › ⁇ ⁈',
	...Array.from({ length: 300 }, () => Array.from({ length: 1 + Math.floor(random() * 24) }, () => CANDIDATES[Math.floor(random() * CANDIDATES.length)]).join('')),
];

type Layouts = { layout(text: string): { glyphs: Array<{ id: number }> } };

/** Each text's glyph ids as fontkit lays it out (what pdf-lib encodes and measures), or the error fontkit throws. */
function glyphIds(font: Layouts): Array<number[] | string> {
	return LAYOUT_TEXTS.map((text) => {
		try {
			return font.layout(text).glyphs.map((glyph) => glyph.id);
		} catch (error) {
			return (error as Error).message;
		}
	});
}

/** The fontkit font behind an embedded font (pdf-lib's embedder holds it). */
function fontkitFontOf(font: PDFFont): Layouts & { stream: { buffer: Uint8Array } } {
	return (font as unknown as { embedder: { font: Layouts & { stream: { buffer: Uint8Array } } } }).embedder.font;
}

describe("the engine's fontkit", () => {
	// First in this file: a glyph keeps the characters of its first request in a font kept per thread,
	// so after other documents' text the same page can map a glyph to other (equally right) text.
	// The engine numbers a subset's glyphs in font order, not in the order the text first drew them
	// (fonts.ts, inGlyphOrder): the files differ in those numbers, the pages and their text do not.
	it('draws documents as plain fontkit does: pixel for pixel, with the same text in the same boxes, in every document after the first', async () => {
		const draw = async (document: PDFDocument, face: Face) => {
			const page = document.addPage();
			TEXTS.forEach((line, index) => face.drawAt(page, line, { x: 40, y: 780 - index * 20, size: 11, color: rgb(0, 0, 0) }));
			return Buffer.from(await document.save({ useObjectStreams: false }));
		};
		// Plain fontkit parses the font afresh for each document; what the face learns about the font
		// (which characters lay out, found by encoding them into the first document) is shared as the engine shares it.
		let memo: FaceMemo | undefined;
		for (let round = 0; round < 3; round += 1) {
			const plainDocument = await PDFDocument.create({ updateMetadata: false });
			plainDocument.registerFontkit(fontkit);
			const plainFont = await plainDocument.embedFont(readFileSync(vendoredPath('fonts/DejaVuSans.ttf')), { subset: true });
			memo ??= new FaceMemo([plainFont]);
			const plain = await draw(plainDocument, new Face([plainFont], memo));
			const document = await PDFDocument.create({ updateMetadata: false });
			const ours = await draw(document, await new DocumentFonts(document).sans());
			expect(words(ours)).toEqual(words(plain));
			expect(renderPage(ours, 1).equals(renderPage(plain, 1))).toBe(true);
		}
	});

	it.each([
		['DejaVu Sans', 'fonts/DejaVuSans.ttf', (fonts: DocumentFonts) => fonts.sans()],
		['DejaVu Sans Bold', 'fonts/DejaVuSans-Bold.ttf', (fonts: DocumentFonts) => fonts.bold()],
		['Dancing Script', 'fonts/dancing-script-latin-400-normal.woff', (fonts: DocumentFonts) => fonts.signature('Ann Lee')],
		['Dancing Script Latin Extended', 'fonts/dancing-script-latin-ext-400-normal.woff', (fonts: DocumentFonts) => fonts.signature('Łódź Ğ')],
	] as Array<[string, VendoredName, (fonts: DocumentFonts) => Promise<Face>]>)(
		'lays out %s into the glyphs plain fontkit gives, in visual order, afresh and kept',
		async (_name, file, pick) => {
			const bytes = readFileSync(vendoredPath(file));
			const expected = glyphIds(fontkit.create(bytes));
			const face = await pick(new DocumentFonts(await PDFDocument.create()));
			// The face's font parsed from this file (a signature face may have both Dancing Script files).
			const kept = face.fonts.map(fontkitFontOf).find((font) => Buffer.from(font.stream.buffer).equals(bytes))!;
			expect(glyphIds(kept)).toEqual(expected);
			expect(glyphIds(kept)).toEqual(expected);
		},
	);
});
