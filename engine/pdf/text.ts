import { degrees, drawLinesOfText, type Color, type Degrees, type PDFFont, type PDFName, type PDFPage, type PDFPageLeaf } from 'pdf-lib';
import { RecentlyUsed } from '../support/recentlyUsed';
import { visualRuns, type BaseDirection } from './bidi';

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
const MARK = /\p{M}/u;
/** Printable ASCII only: each character is a grapheme of its own, so cleaning needs no segmentation. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** A piece of a line drawn with one font, in visual order. */
export interface TextRun {
	text: string;
	font: PDFFont;
}

/**
 * Strings kept per memo and map, the most recently used. Each document brings a few dozen strings of
 * its own (hashes, ids, dates) that never come back: a bound in the thousands keeps what documents
 * share and lets those go (kept by the ten thousand, they held some 100 MB in each worker).
 */
const MAX_KEPT = 2_000;

/**
 * What measuring a face's fonts finds out, which depends only on the font
 * files and the text: their character sets, whether each character can be
 * laid out, and the width of each string at size 1. One memo serves every
 * document drawn with the same fonts.
 */
export class FaceMemo {
	readonly sets: ReadonlyArray<ReadonlySet<number>>;
	readonly layoutWorks: ReadonlyArray<Map<string, boolean>>;
	/** Widths at size 1: measuring runs the shaper, which is slow, and lines are measured word by word many times. */
	readonly widths = new RecentlyUsed<number>(MAX_KEPT);
	/** Each text as drawn (see Face.clean), and its runs as the index of the font each piece uses. */
	readonly cleaned = new RecentlyUsed<string>(MAX_KEPT);
	readonly runs = new RecentlyUsed<Array<{ text: string; index: number }>>(MAX_KEPT);
	/** Whether some font of the face draws each ASCII character: 1 yes, -1 no, 0 not asked yet. */
	readonly asciiDrawable = new Int8Array(128);

	constructor(fonts: readonly PDFFont[]) {
		this.sets = fonts.map((font) => new Set(font.getCharacterSet()));
		this.layoutWorks = fonts.map(() => new Map<string, boolean>());
	}
}

/**
 * One typeface as one or more embedded fonts (subsets of one design, such as
 * Dancing Script's Latin and Latin Extended files): measures and draws a line
 * of text, each character with the first font that has it, right-to-left
 * words in their visual order. A character no font has is drawn as "?", so
 * drawing never fails on an unusual name (emoji, CJK).
 */
export class Face {
	constructor(
		readonly fonts: readonly [PDFFont, ...PDFFont[]],
		/** Shared by faces over the same font files; a face of its own when not given. */
		private readonly memo: FaceMemo = new FaceMemo(fonts),
	) {}

	private has(codePoint: number): boolean {
		if (codePoint < 128) {
			const known = this.memo.asciiDrawable[codePoint];
			if (known !== 0) return known === 1;
			const drawable = this.fonts.some((_, index) => this.usable(index, codePoint));
			this.memo.asciiDrawable[codePoint] = drawable ? 1 : -1;
			return drawable;
		}
		return this.fonts.some((_, index) => this.usable(index, codePoint));
	}

	/** The font has the character and can lay it out (see canLayOut). */
	private usable(index: number, codePoint: number): boolean {
		return this.memo.sets[index].has(codePoint) && canLayOut(this.fonts[index], this.memo.layoutWorks[index], String.fromCodePoint(codePoint));
	}

	/** The text as it will be drawn: line breaks as spaces, each grapheme no font can draw as one "?". */
	clean(text: string): string {
		return this.memo.cleaned.get(text, () => this.cleanAfresh(text));
	}

	private cleanAfresh(text: string): string {
		// Hashes, addresses, dates and ids (most of a certificate's text, new in every document) are plain ASCII.
		if (PRINTABLE_ASCII.test(text)) {
			let out = '';
			for (let index = 0; index < text.length; index += 1) out += this.has(text.charCodeAt(index)) ? text[index] : '?';
			return out;
		}
		let out = '';
		for (const { segment } of graphemes.segment(text.replace(/[\r\n\t]+/g, ' '))) {
			const codePoints = [...segment].map((char) => char.codePointAt(0)!);
			if (!this.has(codePoints[0])) out += '?';
			// Keep the base and the marks a font has; drop what only decorates (variation selectors, joiners).
			else out += String.fromCodePoint(...codePoints.filter((codePoint) => this.has(codePoint)));
		}
		return out;
	}

	/** The runs of one line of (clean) text, in visual order, laid out on the base `direction`. */
	runs(text: string, direction: BaseDirection = 'ltr'): TextRun[] {
		const key = direction === 'ltr' ? text : `${direction}\u0000${text}`;
		return this.memo.runs.get(key, () => this.runsAfresh(text, direction)).map((run) => ({ text: run.text, font: this.fonts[run.index] }));
	}

	private runsAfresh(text: string, direction: BaseDirection): Array<{ text: string; index: number }> {
		const result: Array<{ text: string; index: number }> = [];
		for (const run of visualRuns(this.clean(text), direction)) {
			const pieces: Array<{ text: string; index: number }> = [];
			let previous: number | null = null;
			for (const char of run.text) {
				const codePoint = char.codePointAt(0)!;
				// Marks and spaces stay with the character before them when its font has them too.
				const stays: boolean = previous !== null && (MARK.test(char) || char === ' ') && this.usable(previous, codePoint);
				const index: number = stays ? previous! : Math.max(0, this.fonts.findIndex((_, candidate) => this.usable(candidate, codePoint)));
				const last = pieces[pieces.length - 1];
				if (last && last.index === index) last.text += char;
				else pieces.push({ text: char, index });
				previous = index;
			}
			result.push(...(run.rtl ? pieces.reverse() : pieces));
		}
		return result;
	}

	widthOf(text: string, size: number): number {
		return this.memo.widths.get(text, () => this.runs(text).reduce((sum, run) => sum + run.font.widthOfTextAtSize(run.text, 1), 0)) * size;
	}

	/** Height from descender to ascender (or baseline to ascender without the descender), as pdf-lib measures it. */
	heightAtSize(size: number, options?: { descender?: boolean }): number {
		return this.fonts[0].heightAtSize(size, options);
	}

	/**
	 * Draws one line, on the base `direction` (left to right unless told).
	 * `origin(dx)` is the page point `dx` along the baseline from its start,
	 * so lines can run in any direction (rotated pages).
	 */
	draw(
		page: PDFPage,
		text: string,
		options: { origin: (dx: number) => { x: number; y: number }; size: number; color: Color; rotate?: Degrees; opacity?: number; direction?: BaseDirection },
	): void {
		let dx = 0;
		for (const run of this.runs(text, options.direction)) {
			const at = options.origin(dx);
			if (options.opacity === undefined) drawRun(page, run, { ...at, size: options.size, color: options.color, rotate: options.rotate });
			else page.drawText(run.text, { ...at, size: options.size, font: run.font, color: options.color, rotate: options.rotate, opacity: options.opacity });
			dx += run.font.widthOfTextAtSize(run.text, options.size);
		}
	}

	/** Draws one line from (x, y) to the right. */
	drawAt(page: PDFPage, text: string, options: { x: number; y: number; size: number; color: Color; direction?: BaseDirection }): void {
		this.draw(page, text, { origin: (dx) => ({ x: options.x + dx, y: options.y }), size: options.size, color: options.color, direction: options.direction });
	}
}

const UPRIGHT = degrees(0);
/** Each page's resource name for each font it draws with. */
const fontKeys = new WeakMap<PDFPageLeaf, Map<PDFFont, PDFName>>();

function fontKeyOn(page: PDFPage, font: PDFFont): PDFName {
	let keys = fontKeys.get(page.node);
	if (!keys) fontKeys.set(page.node, (keys = new Map<PDFFont, PDFName>()));
	let key = keys.get(font);
	if (!key) keys.set(font, (key = page.node.newFontDictionary(font.name, font.ref)));
	return key;
}

/**
 * One run of clean text (one line, one font), with the operators page.drawText writes for it. But
 * drawText, given a font, also adds the font to the page's resources under a new name every time it
 * is called, and once more to restore the page's own font: a certificate page of 12 parties named
 * its two fonts 72 times, each name made, checked for clashes and saved. Here a page names each
 * font once.
 */
function drawRun(page: PDFPage, run: TextRun, options: { x: number; y: number; size: number; color: Color; rotate?: Degrees }): void {
	page.pushOperators(
		...drawLinesOfText([run.font.encodeText(run.text)], {
			color: options.color,
			font: fontKeyOn(page, run.font),
			size: options.size,
			rotate: options.rotate ?? UPRIGHT,
			xSkew: UPRIGHT,
			ySkew: UPRIGHT,
			x: options.x,
			y: options.y,
			lineHeight: options.size,
		}),
	);
}

/**
 * Having a glyph is not enough: fontkit shapes some scripts with code that
 * needs Babel's global regeneratorRuntime, which it does not ship (Tifinagh
 * in DejaVu Sans throws "regeneratorRuntime is not defined"). Each character
 * is laid out once per font file (per thread) to find out.
 */
function canLayOut(font: PDFFont, known: Map<string, boolean>, char: string): boolean {
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
