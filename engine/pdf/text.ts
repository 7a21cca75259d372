import type { Color, Degrees, PDFFont, PDFPage } from 'pdf-lib';
import { visualRuns } from './bidi';

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
const MARK = /\p{M}/u;

/** A piece of a line drawn with one font, in visual order. */
export interface TextRun {
	text: string;
	font: PDFFont;
}

/**
 * One typeface as one or more embedded fonts (subsets of one design, such as
 * Dancing Script's Latin and Latin Extended files): measures and draws a line
 * of text, each character with the first font that has it, right-to-left
 * words in their visual order. A character no font has is drawn as "?", so
 * drawing never fails on an unusual name (emoji, CJK).
 */
export class Face {
	private readonly sets: ReadonlyArray<ReadonlySet<number>>;
	/** Widths at size 1: measuring runs the shaper, which is slow, and lines are measured word by word many times. */
	private readonly widths = new Map<string, number>();

	constructor(readonly fonts: readonly [PDFFont, ...PDFFont[]]) {
		this.sets = fonts.map((font) => new Set(font.getCharacterSet()));
	}

	private has(codePoint: number): boolean {
		return this.fonts.some((_, index) => this.usable(index, codePoint));
	}

	/** The font has the character and can lay it out (see canLayOut). */
	private usable(index: number, codePoint: number): boolean {
		return this.sets[index].has(codePoint) && canLayOut(this.fonts[index], String.fromCodePoint(codePoint));
	}

	/** The text as it will be drawn: line breaks as spaces, each grapheme no font can draw as one "?". */
	clean(text: string): string {
		let out = '';
		for (const { segment } of graphemes.segment(text.replace(/[\r\n\t]+/g, ' '))) {
			const codePoints = [...segment].map((char) => char.codePointAt(0)!);
			if (!this.has(codePoints[0])) out += '?';
			// Keep the base and the marks a font has; drop what only decorates (variation selectors, joiners).
			else out += String.fromCodePoint(...codePoints.filter((codePoint) => this.has(codePoint)));
		}
		return out;
	}

	/** The runs of one line of (clean) text, in visual order. */
	runs(text: string): TextRun[] {
		const result: TextRun[] = [];
		for (const run of visualRuns(this.clean(text))) {
			const pieces: TextRun[] = [];
			let previous: number | null = null;
			for (const char of run.text) {
				const codePoint = char.codePointAt(0)!;
				// Marks and spaces stay with the character before them when its font has them too.
				const keep: boolean = previous !== null && (MARK.test(char) || char === ' ') && this.usable(previous, codePoint);
				const index: number = keep ? previous! : Math.max(0, this.fonts.findIndex((_, candidate) => this.usable(candidate, codePoint)));
				const last = pieces[pieces.length - 1];
				if (last && last.font === this.fonts[index]) last.text += char;
				else pieces.push({ text: char, font: this.fonts[index] });
				previous = index;
			}
			result.push(...(run.rtl ? pieces.reverse() : pieces));
		}
		return result;
	}

	widthOf(text: string, size: number): number {
		let width = this.widths.get(text);
		if (width === undefined) {
			width = this.runs(text).reduce((sum, run) => sum + run.font.widthOfTextAtSize(run.text, 1), 0);
			this.widths.set(text, width);
		}
		return width * size;
	}

	/** Height from descender to ascender (or baseline to ascender without the descender), as pdf-lib measures it. */
	heightAtSize(size: number, options?: { descender?: boolean }): number {
		return this.fonts[0].heightAtSize(size, options);
	}

	/**
	 * Draws one line. `origin(dx)` is the page point `dx` along the baseline
	 * from its start, so lines can run in any direction (rotated pages).
	 */
	draw(
		page: PDFPage,
		text: string,
		options: { origin: (dx: number) => { x: number; y: number }; size: number; color: Color; rotate?: Degrees },
	): void {
		let dx = 0;
		for (const run of this.runs(text)) {
			page.drawText(run.text, { ...options.origin(dx), size: options.size, font: run.font, color: options.color, rotate: options.rotate });
			dx += run.font.widthOfTextAtSize(run.text, options.size);
		}
	}

	/** Draws one line from (x, y) to the right. */
	drawAt(page: PDFPage, text: string, options: { x: number; y: number; size: number; color: Color }): void {
		this.draw(page, text, { origin: (dx) => ({ x: options.x + dx, y: options.y }), size: options.size, color: options.color });
	}
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
	if (!known) layoutWorks.set(font, (known = new Map<string, boolean>()));
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
