import type { PDFContext, PDFFont, PDFHexString } from 'pdf-lib';
import { RecentlyUsed } from '../support/recentlyUsed';

/*
 * Font subsets written once per set of glyphs, not once per document: pdf-lib's subsetting
 * embedder (the font files of the certificate and the stamps) with its glyphs numbered in font
 * order, its file kept, and that file compressed once for every document that has it. Installed
 * on each embedded font by fonts.ts (DocumentFonts).
 */

/** Subset font files kept: a few per font cover the certificates and stamps of an organization. */
const MAX_SUBSETS = 64;

/** The part of pdf-lib's subsetting font embedder (its own, unexported API) that numbers glyphs and writes the subset's file. */
interface SubsetEmbedder {
	/** fontkit's subset: the font's glyph ids in the order of their numbers in the subset (0, .notdef, first). */
	subset: { glyphs: number[]; mapping: Record<number, number> };
	/** The glyphs drawn, at their number in the subset less one. */
	glyphs: unknown[];
	/** Number in the subset, by the font's glyph id. */
	glyphIdMap: Map<number, number>;
	glyphCache: { invalidate(): void };
	encodeText(text: string): PDFHexString;
	serializeFont(): Promise<Uint8Array>;
}

/**
 * The file of a font's subset, by font and by the glyphs of the subset in their order (the order
 * gives each its number in the subset, which the text drawn with it uses). Subsetting writes the
 * same file for the same glyphs in the same order, so it is written once and handed out again:
 * most of what a certificate or a stamp costs in its fonts. The same file is compressed once too.
 */
const subsetFiles = new RecentlyUsed<Promise<Uint8Array>>(MAX_SUBSETS);
/** Each kept subset file's compressed bytes, once a document has compressed it (null until then). */
const compressedFiles = new WeakMap<Uint8Array, Uint8Array | null>();

export function withSubsetFilesKept(font: PDFFont, name: string): PDFFont {
	const embedder = (font as unknown as { embedder: Partial<SubsetEmbedder> }).embedder;
	if (!embedder?.subset || !embedder.glyphIdMap || typeof embedder.serializeFont !== 'function' || typeof embedder.encodeText !== 'function') return font;
	const subsetting = embedder as SubsetEmbedder;
	withCompressedFilesKept(font.doc.context);
	const encodeText = subsetting.encodeText.bind(subsetting);
	const serialize = subsetting.serializeFont.bind(subsetting);
	/** The text drawn with the font until its first file is written: renumbered with its glyphs. */
	const drawn: PDFHexString[] = [];
	let numbered = false;
	subsetting.encodeText = (text) => {
		const hex = encodeText(text);
		if (!numbered) drawn.push(hex);
		return hex;
	};
	subsetting.serializeFont = () => {
		if (!numbered) {
			numbered = true;
			inGlyphOrder(subsetting, drawn);
			drawn.length = 0;
		}
		return subsetFiles.get(`${name} ${subsetting.subset.glyphs.join(',')}`, () =>
			serialize().then((file) => {
				compressedFiles.set(file, null);
				return file;
			}),
		);
	};
	return font;
}

/**
 * Numbers a subset's glyphs in the order of their ids in the font, rather than in the order the
 * document first drew them, before its file is first written (when the document is saved, before
 * any text drawn with it is). Two documents whose text needs the same glyphs then have the same
 * subset, whatever they say in what order (a certificate's dates, hashes and ids differ in every
 * one, drawing its digits first in another order each time): its file is written once (subsetFiles).
 * The text already drawn is renumbered with it, as are the widths and the text extraction map
 * pdf-lib makes from the glyphs' numbers. Left as drawn when any text is not in four-digit codes.
 */
function inGlyphOrder(embedder: SubsetEmbedder, drawn: readonly PDFHexString[]): void {
	const { subset } = embedder;
	const before = subset.glyphs;
	const after = [before[0], ...before.slice(1).sort((a, b) => a - b)];
	if (after.every((glyph, index) => glyph === before[index])) return;
	const texts = drawn as unknown as Array<{ value: string }>;
	if (after.length > 0xffff || texts.some((text) => text.value.length % 4 !== 0)) return;
	const numberOf = new Map(after.map((glyph, index) => [glyph, index]));
	/** By number in the subset as drawn: the number in glyph order. */
	const renumbered = before.map((glyph) => numberOf.get(glyph)!);
	subset.glyphs = after;
	subset.mapping = {};
	for (const [index, glyph] of after.entries()) subset.mapping[glyph] = index;
	const glyphs: unknown[] = [];
	embedder.glyphs.forEach((glyph, index) => {
		glyphs[renumbered[index + 1] - 1] = glyph;
	});
	embedder.glyphs = glyphs;
	embedder.glyphCache.invalidate();
	for (const [glyph, number] of embedder.glyphIdMap) embedder.glyphIdMap.set(glyph, renumbered[number]);
	for (const text of texts) {
		let value = '';
		for (let at = 0; at < text.value.length; at += 4)
			value += renumbered[parseInt(text.value.slice(at, at + 4), 16)].toString(16).padStart(4, '0').toUpperCase();
		text.value = value;
	}
}

/** The document compresses a kept subset file by taking its compressed bytes, once made (see subsetFiles). */
const compressingKeptFiles = new WeakSet<PDFContext>();
function withCompressedFilesKept(context: PDFContext): void {
	if (compressingKeptFiles.has(context)) return;
	compressingKeptFiles.add(context);
	const flateStream = context.flateStream.bind(context);
	context.flateStream = (contents, dict = {}) => {
		if (!(contents instanceof Uint8Array) || !compressedFiles.has(contents)) return flateStream(contents, dict);
		const kept = compressedFiles.get(contents);
		if (kept) return context.stream(kept, { ...dict, Filter: 'FlateDecode' });
		const stream = flateStream(contents, dict);
		compressedFiles.set(contents, stream.contents);
		return stream;
	};
}

