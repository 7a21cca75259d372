import { degrees, rgb, type PDFDocument, type PDFPage } from 'pdf-lib';
import { frameOf } from './stamp';
import type { Face } from './text';

const BAND_HEIGHT = 20;
const TEXT_SIZE = 12;
const RED = rgb(0.75, 0.05, 0.05);

/**
 * A light red band with `text` (the certificate catalogue's testWatermark, "TEST - NOT VALID" in
 * English) across the top and the bottom of every page from `fromPage` (0-based) on, upright as
 * the page is shown (its /Rotate and crop box taken into account). The text is real text, so
 * pdftotext and screen readers find it; the band is translucent, so what it lies over stays readable.
 */
export function watermarkTestPages(document: PDFDocument, text: string, face: Face, fromPage = 0): void {
	for (const page of document.getPages().slice(fromPage)) drawBands(page, text, face);
}

function drawBands(page: PDFPage, text: string, face: Face): void {
	const frame = frameOf(page, page.getCropBox());
	const height = Math.min(BAND_HEIGHT, frame.height / 10);
	const widthAtOne = face.widthOf(text, 1) || 1;
	const size = Math.min(TEXT_SIZE, height * 0.65, (frame.width * 0.9) / widthAtOne);
	const textWidth = widthAtOne * size;
	const rotate = degrees(frame.rotate);
	for (const bottom of [frame.height - height, 0]) {
		page.drawRectangle({ ...frame.at(0, bottom), width: frame.width, height, rotate, color: RED, opacity: 0.12 });
		const baseline = bottom + (height - size * 0.7) / 2;
		const start = (frame.width - textWidth) / 2;
		face.draw(page, text, { origin: (dx) => frame.at(start + dx, baseline), size, color: RED, opacity: 0.7, rotate, direction: 'auto' });
	}
}
