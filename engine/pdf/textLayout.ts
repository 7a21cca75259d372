import { pathToFileURL } from 'node:url';
import { StandardFontEmbedder, StandardFonts } from 'pdf-lib';
import { vendoredPath } from '../vendor';

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
	for await (const page of pageTexts(bytes)) {
		for (const { start, end } of select(page.text)) {
			const quads = page.glyphs.slice(start, end).filter((quad): quad is Quad => quad !== null);
			if (quads.length === 0) continue;
			found.push({ page: page.page, text: page.text.slice(start, end), box: boundingBox(quads.flat()) });
		}
	}
	return found;
}

async function* pageTexts(bytes: Uint8Array): AsyncGenerator<PageText> {
	const { getDocument, VerbosityLevel } = await loadPdfJs();
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
			const styles = content.styles as Record<string, { ascent?: number; descent?: number; vertical?: boolean }>;
			yield joinRuns(number, content.items.filter((item): item is TextItem => 'str' in item), styles);
			page.cleanup();
		}
	} finally {
		await document.destroy();
	}
}

function joinRuns(number: number, items: TextItem[], styles: Record<string, { ascent?: number; descent?: number }>): PageText {
	let text = '';
	const glyphs: Array<Quad | null> = [];
	let previousEnd: { point: Point; size: number; direction: Point } | null = null;
	for (const item of items) {
		const [a, b, c, d, e, f] = item.transform;
		const size = Math.hypot(c, d) || Math.hypot(a, b) || 1;
		const along = unit([a, b]);
		const up = unit([c, d]);
		const characters = Array.from(item.str);
		if (characters.length > 0) {
			if (previousEnd && !continues(previousEnd, [e, f], along, size)) {
				text += '\n';
				glyphs.push(null);
			}
			const style = styles[item.fontName] ?? {};
			const ascent = clamp(style.ascent ?? 0.8, 0.5, 1.2) * size;
			const descent = clamp(style.descent ?? -0.2, -0.5, 0) * size;
			const advances = characterAdvances(characters, item.width);
			let offset = 0;
			for (const [index, character] of characters.entries()) {
				const next = offset + advances[index];
				const corner = (s: number, t: number): Point => [e + along[0] * s + up[0] * t, f + along[1] * s + up[1] * t];
				text += character;
				glyphs.push([corner(offset, descent), corner(next, descent), corner(next, ascent), corner(offset, ascent)]);
				for (let unitIndex = 1; unitIndex < character.length; unitIndex++) glyphs.push(null);
				offset = next;
			}
			previousEnd = { point: [e + along[0] * item.width, f + along[1] * item.width], size, direction: along };
		}
		if (item.hasEOL && previousEnd) {
			text += '\n';
			glyphs.push(null);
			previousEnd = null;
		}
	}
	return { page: number, text, glyphs };
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
 * pdf.js gives each run's width, not each character's. Characters share it in
 * proportion to their widths in Helvetica: exact for Helvetica and Arial,
 * close for other fonts; a tag alone in its run (as a word processor writes
 * a tag in its own colour) is exact whatever the font.
 */
const helvetica = StandardFontEmbedder.for(StandardFonts.Helvetica as unknown as Parameters<typeof StandardFontEmbedder.for>[0]);
const widthCache = new Map<string, number>();

function characterAdvances(characters: string[], total: number): number[] {
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
