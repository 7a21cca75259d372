/*
 * The real advance widths of a page's glyphs, by font and character, read
 * from pdf.js's operator list (its text content gives only each run's width).
 * Widths are in text space units (font units times the font matrix), so a
 * glyph advances `width * font size * horizontal scale` along its run.
 */

/** Per font (pdf.js's loaded name, as in text content items): character -> advance in text space units. */
export type GlyphWidths = Map<string, Map<string, number>>;

interface Glyph {
	unicode?: string;
	width?: number;
}

interface OperatorPage {
	getOperatorList(options: { annotationMode: number }): Promise<{ fnArray: number[]; argsArray: unknown[][] }>;
	commonObjs: { has(name: string): boolean; get(name: string): unknown };
}

interface Ops {
	save: number;
	restore: number;
	setFont: number;
	showText: number;
	showSpacedText: number;
	nextLineShowText: number;
	nextLineSetSpacingShowText: number;
}

/** Each font's glyph widths on a page, or an empty map when pdf.js cannot build the page's operator list. */
export async function glyphWidthsOf(page: OperatorPage, ops: Ops, annotationModeDisable: number): Promise<GlyphWidths> {
	const widths: GlyphWidths = new Map();
	let list: { fnArray: number[]; argsArray: unknown[][] };
	try {
		list = await page.getOperatorList({ annotationMode: annotationModeDisable });
	} catch {
		return widths;
	}
	const shows = new Set([ops.showText, ops.showSpacedText, ops.nextLineShowText, ops.nextLineSetSpacingShowText]);
	const stack: Array<string | null> = [];
	let font: string | null = null;
	for (const [index, fn] of list.fnArray.entries()) {
		const args = list.argsArray[index];
		if (fn === ops.save) stack.push(font);
		else if (fn === ops.restore) font = stack.pop() ?? font;
		else if (fn === ops.setFont && typeof args?.[0] === 'string') font = args[0];
		else if (shows.has(fn) && font !== null) {
			const glyphs = [...(args ?? [])].reverse().find((arg): arg is unknown[] => Array.isArray(arg));
			if (glyphs) record(widths, font, glyphs, fontScale(page, font));
		}
	}
	return widths;
}

function record(widths: GlyphWidths, font: string, glyphs: unknown[], scale: number): void {
	let table = widths.get(font);
	if (!table) widths.set(font, (table = new Map<string, number>()));
	for (const glyph of glyphs) {
		if (typeof glyph !== 'object' || glyph === null) continue;
		const { unicode, width } = glyph as Glyph;
		if (typeof unicode !== 'string' || typeof width !== 'number' || !Number.isFinite(width)) continue;
		// Text content normalises what it reports (a ligature "ﬁ" as "fi"): key single characters both ways.
		for (const key of new Set([unicode, unicode.normalize('NFKC')]))
			if (Array.from(key).length === 1 && !table.has(key)) table.set(key, width * scale);
	}
}

/** The font matrix's horizontal scale: 1/1000 for most fonts, the font's own for Type 3. */
function fontScale(page: OperatorPage, font: string): number {
	if (!page.commonObjs.has(font)) return 0.001;
	const matrix = (page.commonObjs.get(font) as { fontMatrix?: number[] } | null)?.fontMatrix;
	const scale = matrix?.[0];
	return typeof scale === 'number' && Number.isFinite(scale) && scale !== 0 ? Math.abs(scale) : 0.001;
}
