import { pathToFileURL } from 'node:url';
import { StandardFontEmbedder, StandardFonts } from 'pdf-lib';
import { vendoredPath } from '../vendor';
import { glyphWidthsOf, type GlyphWidths } from './glyphWidths';

/*
 * A page's text with where each character stands, read with pdf.js's text
 * content (run in the bounded parser worker: parserWorker.ts). Boxes are in
 * the page's user space, unrotated, as the API's boxes are: the same box the
 * signing page (pdf.js viewport) and the stamp (frameOf) place fields by, so
 * /Rotate and a MediaBox or CropBox away from the origin need nothing more.
 */

export interface TextBox {
	x: number;
	y: number;
	width: number;
	height: number;
}

/** A span of a page's text and the box around it. */
export interface TextFound {
	page: number;
	text: string;
	box: TextBox;
}

interface PageText {
	page: number;
	/** The page's runs joined: runs that continue one another are joined directly, others with a line break. */
	text: string;
	/** The quadrilateral of each character of `text` (null for the line breaks put between runs). */
	glyphs: Array<Quad | null>;
	/** Whether the index of `text` falls between two characters of one run (not at a run's start or end). */
	insideRun(index: number): boolean;
}

type Point = [number, number];
type Quad = [Point, Point, Point, Point];

interface TextItem {
	str: string;
	width: number;
	height: number;
	dir: string;
	transform: number[];
	fontName: string;
	hasEOL: boolean;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

// tsc and esbuild would turn import() into require(); pdf.js is an ES module shipped in dist/engine/vendor.
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a constant body, no input evaluated
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;
let pdfjs: Promise<PdfJs> | null = null;

function loadPdfJs(): Promise<PdfJs> {
	pdfjs ??= (async () => {
		// The "worker" pdf.js would start is this thread: hand it the worker module so it runs here.
		const worker = await importModule(pathToFileURL(vendoredPath('pdfjs/legacy/pdf.worker.min.mjs')).href);
		(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
		return (await importModule(pathToFileURL(vendoredPath('pdfjs/legacy/pdf.min.mjs')).href)) as PdfJs;
	})();
	return pdfjs;
}

/** Every span of each page's text that `select` picks, with its box. */
export async function findInPdfText(
	bytes: Uint8Array,
	select: (text: string) => Array<{ start: number; end: number }>,
): Promise<TextFound[]> {
	const found: TextFound[] = [];
	for await (const { number, items, styles, glyphWidths } of pageTexts(bytes)) {
		let page = joinRuns(number, items, styles);
		const spans = select(page.text);
		// A span starting or ending inside a run is placed by the font's real glyph widths (read only then: it costs a pass over the page).
		if (spans.some(({ start, end }) => page.insideRun(start) || page.insideRun(end))) page = joinRuns(number, items, styles, await glyphWidths());
		for (const { start, end } of spans) {
			const quads = page.glyphs.slice(start, end).filter((quad): quad is Quad => quad !== null);
			if (quads.length === 0) continue;
			found.push({ page: page.page, text: page.text.slice(start, end), box: boundingBox(quads.flat()) });
		}
	}
	return found;
}

interface PageContent {
	number: number;
	items: TextItem[];
	styles: Styles;
	glyphWidths: () => Promise<GlyphWidths>;
}

async function* pageTexts(bytes: Uint8Array): AsyncGenerator<PageContent> {
	const { getDocument, VerbosityLevel, OPS, AnnotationMode } = await loadPdfJs();
	const document = await getDocument({
		// pdf.js takes ownership of (and detaches) the buffer it is given.
		data: bytes.slice(),
		isEvalSupported: false,
		disableFontFace: true,
		useSystemFonts: false,
		verbosity: VerbosityLevel.ERRORS,
		standardFontDataUrl: `${vendoredPath('pdfjs/standard_fonts/')}/`.replace(/\/+$/, '/'),
		cMapUrl: `${vendoredPath('pdfjs/cmaps/')}/`.replace(/\/+$/, '/'),
		cMapPacked: true,
	}).promise;
	try {
		for (let number = 1; number <= document.numPages; number++) {
			const page = await document.getPage(number);
			const content = await page.getTextContent();
			yield {
				number,
				items: content.items.filter((item): item is TextItem => 'str' in item),
				styles: content.styles,
				glyphWidths: () => glyphWidthsOf(page, OPS, AnnotationMode.DISABLE),
			};
			page.cleanup();
		}
	} finally {
		await document.destroy();
	}
}

type Styles = Record<string, { ascent?: number; descent?: number; vertical?: boolean }>;

function joinRuns(number: number, items: TextItem[], styles: Styles, widths?: GlyphWidths): PageText {
	let text = '';
	const glyphs: Array<Quad | null> = [];
	// The run each index of `text` belongs to (-1 for the line breaks put between runs).
	const runOf: number[] = [];
	let previousEnd: { point: Point; size: number; direction: Point } | null = null;
	for (const [run, item] of items.entries()) {
		const [a, b, c, d, e, f] = item.transform;
		const size = Math.hypot(c, d) || Math.hypot(a, b) || 1;
		const along = unit([a, b]);
		const up = unit([c, d]);
		const characters = Array.from(item.str);
		if (characters.length > 0) {
			if (previousEnd && !continues(previousEnd, [e, f], along, size)) {
				text += '\n';
				glyphs.push(null);
				runOf.push(-1);
			}
			const style = styles[item.fontName] ?? {};
			const ascent = clamp(style.ascent ?? 0.8, 0.5, 1.2) * size;
			const descent = clamp(style.descent ?? -0.2, -0.5, 0) * size;
			const advances = characterAdvances(characters, item, widths?.get(item.fontName));
			let offset = 0;
			for (const [index, character] of characters.entries()) {
				const next = offset + advances[index];
				const corner = (s: number, t: number): Point => [e + along[0] * s + up[0] * t, f + along[1] * s + up[1] * t];
				text += character;
				glyphs.push([corner(offset, descent), corner(next, descent), corner(next, ascent), corner(offset, ascent)]);
				runOf.push(run);
				for (let unitIndex = 1; unitIndex < character.length; unitIndex++) {
					glyphs.push(null);
					runOf.push(run);
				}
				offset = next;
			}
			previousEnd = { point: [e + along[0] * item.width, f + along[1] * item.width], size, direction: along };
		}
		if (item.hasEOL && previousEnd) {
			text += '\n';
			glyphs.push(null);
			runOf.push(-1);
			previousEnd = null;
		}
	}
	const insideRun = (index: number) => index > 0 && index < runOf.length && runOf[index] !== -1 && runOf[index] === runOf[index - 1];
	return { page: number, text, glyphs, insideRun };
}

/** Whether a run starting at `start` carries on the line where the previous one ended (a word processor's split). */
function continues(previous: { point: Point; size: number; direction: Point }, start: Point, along: Point, size: number): boolean {
	if (Math.abs(previous.direction[0] - along[0]) > 0.01 || Math.abs(previous.direction[1] - along[1]) > 0.01) return false;
	const dx = start[0] - previous.point[0];
	const dy = start[1] - previous.point[1];
	const forward = dx * along[0] + dy * along[1];
	const across = -dx * along[1] + dy * along[0];
	const scale = Math.max(previous.size, size);
	return forward > -0.3 * scale && forward < 0.6 * scale && Math.abs(across) < 0.4 * scale;
}

/*
 * pdf.js gives each run's width, not each character's. With the page's glyph
 * widths (glyphWidths.ts), each character advances by its real width at the
 * run's size; what the run's width holds beyond them (spaces pdf.js adds for
 * gaps, word spacing, kerning) goes to characters it has no width for, else
 * to the spaces, else to every character evenly. Without them (or when they
 * do not add up to the run), characters share the width in proportion to
 * their widths in Helvetica: exact for Helvetica and Arial, close for others.
 */
const helvetica = StandardFontEmbedder.for(StandardFonts.Helvetica as unknown as Parameters<typeof StandardFontEmbedder.for>[0]);
const widthCache = new Map<string, number>();

function characterAdvances(characters: string[], item: TextItem, widths: ReadonlyMap<string, number> | undefined): number[] {
	return (widths && measuredAdvances(characters, item, widths)) ?? estimatedAdvances(characters, item.width);
}

function measuredAdvances(characters: string[], item: TextItem, widths: ReadonlyMap<string, number>): number[] | null {
	const [a, b] = item.transform;
	// The run's horizontal scale: font size times horizontal scaling times the text and page matrices.
	const scale = Math.hypot(a, b);
	if (scale === 0 || item.width <= 0) return null;
	const advances = characters.map((character) => {
		const width = widths.get(character);
		return width === undefined ? null : width * scale;
	});
	const rest = item.width - advances.reduce<number>((sum, advance) => sum + (advance ?? 0), 0);
	if (rest < -0.05 * item.width) return null;
	const unknown = advances.flatMap((advance, index) => (advance === null ? [index] : []));
	const spaces = characters.flatMap((character, index) => (/\s/u.test(character) ? [index] : []));
	const takers = new Set(unknown.length > 0 ? unknown : spaces.length > 0 ? spaces : characters.map((_, index) => index));
	// Unmeasured characters making up most of the run: the widths read are not this run's.
	if (unknown.length > 0 && unknown.length > characters.length / 2) return null;
	const share = rest / takers.size;
	return advances.map((advance, index) => (advance ?? 0) + (takers.has(index) ? share : 0));
}

function estimatedAdvances(characters: string[], total: number): number[] {
	const weights = characters.map((character) => {
		let width = widthCache.get(character);
		if (width === undefined) {
			try {
				width = helvetica.widthOfTextAtSize(character, 1) || 0.5;
			} catch {
				width = 0.5;
			}
			widthCache.set(character, width);
		}
		return width;
	});
	const sum = weights.reduce((left, right) => left + right, 0) || 1;
	return weights.map((weight) => (weight / sum) * total);
}

function boundingBox(points: Point[]): TextBox {
	const xs = points.map(([x]) => x);
	const ys = points.map(([, y]) => y);
	const x = Math.min(...xs);
	const y = Math.min(...ys);
	return { x: round(x), y: round(y), width: round(Math.max(...xs) - x), height: round(Math.max(...ys) - y) };
}

function unit([x, y]: Point): Point {
	const length = Math.hypot(x, y) || 1;
	return [x / length, y / length];
}

function clamp(value: number, low: number, high: number): number {
	return Math.min(high, Math.max(low, value));
}

function round(value: number): number {
	return Math.round(value * 100) / 100;
}
