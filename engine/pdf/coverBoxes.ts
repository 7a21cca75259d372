import { PDFDocument, rgb } from 'pdf-lib';
import type { TextBox } from './textLayout';

/** How far a cover reaches past the text's box on each side, so antialiased edges of the glyphs go too. */
const BLEED = 0.75;

/**
 * The PDF with a white rectangle over each box: text tags are hidden on the
 * signing page and in the signed document (their text stays in the content
 * stream, under the cover, as a screen reader or pdftotext still finds it).
 * Runs in the bounded parser worker (parserWorker.ts).
 */
export async function coverBoxes(bytes: Uint8Array, boxes: Array<{ page: number; box: TextBox }>): Promise<Uint8Array> {
	const document = await PDFDocument.load(bytes, { updateMetadata: false });
	const pages = document.getPages();
	for (const { page, box } of boxes) {
		pages[page - 1]?.drawRectangle({
			x: box.x - BLEED,
			y: box.y - BLEED,
			width: box.width + 2 * BLEED,
			height: box.height + 2 * BLEED,
			color: rgb(1, 1, 1),
			borderWidth: 0,
		});
	}
	return document.save({ useObjectStreams: false });
}
