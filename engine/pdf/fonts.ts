import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { vendoredPath } from '../vendor';

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
const coverage = new Map<FontName, { hasGlyphForCodePoint(codePoint: number): boolean }>();

function fontBytes(name: FontName): Buffer {
	let data = bytes.get(name);
	if (!data) {
		data = readFileSync(FILES[name]);
		bytes.set(name, data);
	}
	return data;
}

function covers(name: FontName, text: string): boolean {
	let font = coverage.get(name);
	if (!font) {
		font = fontkit.create(fontBytes(name)) as unknown as { hasGlyphForCodePoint(codePoint: number): boolean };
		coverage.set(name, font);
	}
	return [...text].every((char) => char === ' ' || font!.hasGlyphForCodePoint(char.codePointAt(0)!));
}

/** Embeds fonts into one document on first use (subset, so only used glyphs are stored). */
export class DocumentFonts {
	private readonly embedded = new Map<FontName, Promise<PDFFont>>();

	constructor(private readonly document: PDFDocument) {
		document.registerFontkit(fontkit);
	}

	private font(name: FontName): Promise<PDFFont> {
		let font = this.embedded.get(name);
		if (!font) {
			font = this.document.embedFont(fontBytes(name), { subset: true });
			this.embedded.set(name, font);
		}
		return font;
	}

	sans(): Promise<PDFFont> {
		return this.font('sans');
	}

	bold(): Promise<PDFFont> {
		return this.font('sansBold');
	}

	/** The handwriting font when it has every character of the name, else the sans font. */
	signature(text: string): Promise<PDFFont> {
		if (covers('handwriting', text)) return this.font('handwriting');
		if (covers('handwritingExt', text)) return this.font('handwritingExt');
		return this.font('sans');
	}
}

/** Characters a font cannot draw are replaced, so stamping never fails on an unusual name. */
export function drawable(font: PDFFont, text: string): string {
	const supported = new Set(font.getCharacterSet());
	return [...text.replace(/[\r\n\t]+/g, ' ')].map((char) => (supported.has(char.codePointAt(0)!) && canLayOut(font, char) ? char : '?')).join('');
}

const layoutWorks = new WeakMap<PDFFont, Map<string, boolean>>();

/**
 * Having a glyph is not enough: fontkit shapes some scripts with code that
 * needs Babel's global regeneratorRuntime, which it does not ship (Tifinagh
 * in DejaVu Sans throws "regeneratorRuntime is not defined"). Each character
 * is laid out once per font to find out.
 */
function canLayOut(font: PDFFont, char: string): boolean {
	let known = layoutWorks.get(font);
	if (!known) layoutWorks.set(font, (known = new Map()));
	let works = known.get(char);
	if (works === undefined) {
		try {
			font.encodeText(char);
			works = true;
		} catch {
			works = false;
		}
		known.set(char, works);
	}
	return works;
}
