import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import type { Font, Fontkit, GlyphRun } from 'pdf-lib/cjs/types/fontkit';
import { RecentlyUsed } from '../support/recentlyUsed';
import { vendoredPath } from '../vendor';
import { plainRun, plainText, type PlainText } from './plainLayout';
import { withSubsetFilesKept } from './subsetFiles';
import { Face, FaceMemo } from './text';

/*
 * Fonts shipped with the package (both under the SIL Open Font License or a
 * free licence): Dancing Script for typed signatures, DejaVu Sans for every
 * other text, so names in any Latin, Greek or Cyrillic script stamp correctly.
 */
const FILES = {
	handwriting: vendoredPath('fonts/dancing-script-latin-400-normal.woff'),
	handwritingExt: vendoredPath('fonts/dancing-script-latin-ext-400-normal.woff'),
	sans: vendoredPath('fonts/DejaVuSans.ttf'),
	sansBold: vendoredPath('fonts/DejaVuSans-Bold.ttf'),
} as const;
type FontName = keyof typeof FILES;

const bytes = new Map<FontName, Buffer>();
const characters = new Map<FontName, ReadonlySet<number>>();

function fontBytes(name: FontName): Buffer {
	let data = bytes.get(name);
	if (!data) {
		data = readFileSync(FILES[name]);
		bytes.set(name, data);
	}
	return data;
}

function characterSet(name: FontName): ReadonlySet<number> {
	let set = characters.get(name);
	if (!set) {
		set = new Set((fontkit.create(fontBytes(name)) as unknown as { characterSet: number[] }).characterSet);
		characters.set(name, set);
	}
	return set;
}

/**
 * How a typed signature is drawn: in Dancing Script when its two files
 * (Latin, Latin Extended) together have every character of the name, else
 * wholly in DejaVu Sans. Names are stored composed (NFC), so they are judged
 * so. The signing page's preview makes the same choice from `signatureCoverage()`.
 */
export function signatureLook(text: string): 'handwriting' | 'sans' {
	const latin = characterSet('handwriting');
	const extended = characterSet('handwritingExt');
	const covered = [...text.normalize('NFC').replace(/[\r\n\t]+/g, ' ')].every((char) => {
		const codePoint = char.codePointAt(0)!;
		return char === ' ' || latin.has(codePoint) || extended.has(codePoint);
	});
	return covered ? 'handwriting' : 'sans';
}

function ranges(set: ReadonlySet<number>): Array<[number, number]> {
	const result: Array<[number, number]> = [];
	for (const codePoint of [...set].sort((a, b) => a - b)) {
		const last = result[result.length - 1];
		if (last && last[1] === codePoint - 1) last[1] = codePoint;
		else result.push([codePoint, codePoint]);
	}
	return result;
}

/** The characters of the signature fonts as code point ranges, for the signing page's preview. */
export function signatureCoverage(): { handwriting: Array<[number, number]>; sans: Array<[number, number]> } {
	return {
		handwriting: ranges(new Set([...characterSet('handwriting'), ...characterSet('handwritingExt')])),
		sans: ranges(characterSet('sans')),
	};
}

/** Layouts kept per font, of the most recently used strings (see MAX_KEPT in text.ts). */
const MAX_LAYOUTS = 2_000;
const parsed = new WeakMap<Uint8Array, Font>();

/**
 * fontkit for pdf-lib, with each font file parsed once per thread rather than
 * once per document, and each string's layout (the shaper's output: glyphs
 * after ligatures, joining and marks, in visual order; see withoutPositioning)
 * kept, since documents measure and draw the same strings again and again. A
 * layout depends only on the font and the string, so a kept one has exactly
 * the glyphs the shaper would give.
 */
const cachingFontkit: Fontkit = {
	create(data: Uint8Array, postscriptName?: string): Font {
		if (postscriptName !== undefined) return fontkit.create(data, postscriptName);
		let font = parsed.get(data);
		if (!font) {
			font = withKeptLayouts(withoutPositioning(withGlyphOutlinesKept(withGlyphTextKept(withInflatedTablesKept(fontkit.create(data))))));
			parsed.set(data, font);
		}
		return font;
	},
};

function withKeptLayouts(font: Font): Font {
	const layout = font.layout.bind(font);
	const kept = new RecentlyUsed<GlyphRun>(MAX_LAYOUTS);
	let plain: PlainText | null = null;
	font.layout = (text, features) => {
		if (features !== undefined) return layout(text, features);
		return kept.get(text, () => {
			plain ??= plainText(font, layout);
			return plainRun(font, text, plain) ?? layout(text);
		});
	};
	return font;
}

/** The part of fontkit's OpenType layout engine (its own, unexported API) that positions a laid-out run. */
interface OpenTypeEngine {
	GPOSProcessor: unknown;
	position(run: GlyphRun): unknown;
}

/**
 * A layout is substitution (which glyphs: ligatures, Arabic joining forms,
 * marks) and then positioning (kerning, mark offsets). pdf-lib reads only the
 * glyphs of a layout, never its positions, and draws each glyph at its
 * advance width; positioning (GPOS) is more than half of fontkit's layout
 * time. So the OpenType engine does of positioning only what changes the
 * glyphs: a right-to-left run is put in visual order. The truthy answer
 * tells fontkit that kerning is done, so it does not fall back to the kern
 * table or to placing marks by their outlines (positions again).
 */
function withoutPositioning(font: Font): Font {
	const engine = (font as unknown as { _layoutEngine?: { engine?: Partial<OpenTypeEngine> } })._layoutEngine?.engine;
	// Only fontkit's OpenType engine (fonts with GSUB or GPOS) is changed; an AAT font keeps its own layout.
	if (!engine || !('GPOSProcessor' in engine) || typeof engine.position !== 'function') return font;
	engine.position = (run: GlyphRun) => {
		if (run.direction === 'rtl') {
			run.glyphs.reverse();
			run.positions.reverse();
		}
		return { kern: true };
	};
	return font;
}

/**
 * fontkit keeps one glyph object per glyph id, with the characters of its
 * first request. Subsetting a composite glyph (ó) requests its parts (o)
 * without characters, and in a font shared by documents that glyph would
 * then have none for good: later documents' text extraction (ToUnicode)
 * would lose the letter. A glyph gets its characters when they are known.
 */
function withGlyphTextKept(font: Font): Font {
	const getGlyph = font.getGlyph.bind(font);
	font.getGlyph = (id, codePoints) => {
		const glyph = getGlyph(id, codePoints);
		if (codePoints?.length && !glyph.codePoints.length) glyph.codePoints = codePoints;
		return glyph;
	};
	return font;
}

/** The part of fontkit's TrueType glyph (its own, unexported API) that decodes the glyph's outline record. */
interface DecodableGlyph {
	_decode?: () => unknown;
}

/**
 * Subsetting decodes each glyph's outline record (points, instructions,
 * composite parts) to copy the glyph into the subset, in every document,
 * though a glyph of a font without variations always decodes to the same
 * record: the first decoding is kept on the glyph (which the font keeps) and
 * handed out again. fontkit only reads these records, except to apply
 * variations, so a variable font is left alone.
 */
function withGlyphOutlinesKept(font: Font): Font {
	if ((font as unknown as { _variationProcessor?: unknown })._variationProcessor) return font;
	const getGlyph = font.getGlyph.bind(font);
	const kept = new WeakSet<object>();
	font.getGlyph = (id, codePoints) => {
		const glyph = getGlyph(id, codePoints);
		const decodable = glyph as unknown as DecodableGlyph;
		if (glyph && typeof decodable._decode === 'function' && !kept.has(glyph)) {
			kept.add(glyph);
			const decode = decodable._decode.bind(glyph);
			let record: unknown;
			let decoded = false;
			decodable._decode = () => {
				if (!decoded) {
					record = decode();
					decoded = true;
				}
				return record;
			};
		}
		return glyph;
	};
	return font;
}

/** The part of fontkit's font (its own, unexported API) that hands out a table's bytes to decode. */
interface TableSource {
	stream: unknown;
	_getTableStream?: (tag: string) => { buffer: Uint8Array; constructor: new (buffer: Uint8Array) => unknown } | null;
}

/**
 * fontkit inflates a compressed WOFF table (Dancing Script's glyphs) every
 * time it reads from it, which subsetting does once per glyph: the inflated
 * bytes are kept instead, and each reader gets its own stream over them.
 */
function withInflatedTablesKept(font: Font): Font {
	const source = font as unknown as TableSource;
	const read = source._getTableStream?.bind(source);
	if (!read) return font;
	const inflated = new Map<string, { buffer: Uint8Array; Stream: new (buffer: Uint8Array) => unknown }>();
	source._getTableStream = (tag) => {
		const kept = inflated.get(tag);
		if (kept) return new kept.Stream(kept.buffer) as ReturnType<typeof read>;
		const stream = read(tag);
		// The font's own stream is an uncompressed table, positioned for the reader: nothing to keep.
		if (stream && stream !== source.stream) inflated.set(tag, { buffer: stream.buffer, Stream: stream.constructor });
		return stream;
	};
	return font;
}

/** What a face learns about its fonts (character sets, widths), kept per thread and shared by every document. */
const memos = new Map<string, FaceMemo>();

/** Embeds fonts into one document on first use (subset, so only used glyphs are stored). */
export class DocumentFonts {
	private readonly embedded = new Map<FontName, Promise<PDFFont>>();

	constructor(private readonly document: PDFDocument) {
		document.registerFontkit(cachingFontkit);
	}

	private font(name: FontName): Promise<PDFFont> {
		let font = this.embedded.get(name);
		if (!font) {
			font = this.document.embedFont(fontBytes(name), { subset: true }).then((embedded) => withSubsetFilesKept(embedded, name));
			this.embedded.set(name, font);
		}
		return font;
	}

	private readonly faces = new Map<string, Face>();

	/** One Face per set of fonts, so its measurements are reused. */
	private async face(names: [FontName, ...FontName[]]): Promise<Face> {
		const key = names.join('+');
		let face = this.faces.get(key);
		if (!face) {
			const fonts = (await Promise.all(names.map((name) => this.font(name)))) as [PDFFont, ...PDFFont[]];
			let memo = memos.get(key);
			if (!memo) memos.set(key, (memo = new FaceMemo(fonts)));
			face = new Face(fonts, memo);
			this.faces.set(key, face);
		}
		return face;
	}

	sans(): Promise<Face> {
		return this.face(['sans']);
	}

	bold(): Promise<Face> {
		return this.face(['sansBold']);
	}

	/** Dancing Script when it has every character of the name, else DejaVu Sans (see `signatureLook`). */
	signature(text: string): Promise<Face> {
		if (signatureLook(text) === 'sans') return this.sans();
		const needs = (name: FontName) => [...text].some((char) => char !== ' ' && characterSet(name).has(char.codePointAt(0)!));
		const extended = needs('handwritingExt');
		// Latin first (it also has the space and the marks); Latin Extended only when the name needs it.
		if (!extended) return this.face(['handwriting']);
		return needs('handwriting') ? this.face(['handwriting', 'handwritingExt']) : this.face(['handwritingExt']);
	}
}
