import { StandardFonts, degrees, rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';
import { frameOf } from './stamp';

/** What every page of a test workflow's signed PDF says, certificate included. */
export const TEST_WATERMARK = 'TEST - NOT VALID';

const BAND_HEIGHT = 20;
const TEXT_SIZE = 12;
const RED = rgb(0.75, 0.05, 0.05);

/**
 * A light red band with TEST_WATERMARK across the top and the bottom of every page from `fromPage`
 * (0-based) on, upright as the page is shown (its /Rotate and crop box taken into account). The
 * text is real text, so pdftotext and screen readers find it; the band is translucent, so what it
 * lies over stays readable.
 */
export async function watermarkTestPages(document: PDFDocument, fromPage = 0): Promise<void> {
	const font = await document.embedFont(StandardFonts.HelveticaBold);
	for (const page of document.getPages().slice(fromPage)) drawBands(page, font);
}

function drawBands(page: PDFPage, font: PDFFont): void {
	const frame = frameOf(page, page.getCropBox());
	const height = Math.min(BAND_HEIGHT, frame.height / 10);
	const size = Math.min(TEXT_SIZE, height * 0.65, (frame.width * 0.9 * TEXT_SIZE) / font.widthOfTextAtSize(TEST_WATERMARK, TEXT_SIZE));
	const textWidth = font.widthOfTextAtSize(TEST_WATERMARK, size);
	const rotate = degrees(frame.rotate);
	for (const bottom of [frame.height - height, 0]) {
		page.drawRectangle({ ...frame.at(0, bottom), width: frame.width, height, rotate, color: RED, opacity: 0.12 });
		const baseline = bottom + (height - size * 0.7) / 2;
		page.drawText(TEST_WATERMARK, { ...frame.at((frame.width - textWidth) / 2, baseline), size, font, color: RED, opacity: 0.7, rotate });
	}
}
