import { PDFDocument, degrees } from 'pdf-lib';
import { fitShown, resizeShown, shownSize, toPdf, toShown, type PageSize, type PdfBox } from '../../../engine/http/console/app/editor/geometry';
import { frameOf } from '../../../engine/pdf/stamp';

/*
 * The field editor's conversion between the API's boxes (PDF points, unrotated page, origin
 * bottom-left) and boxes as the page is shown (rotation applied, origin top-left), for each /Rotate,
 * checked by hand and against the engine's own frameOf (what stamps a signature where it was placed).
 */

const A4 = { width: 595.28, height: 841.89 };
const BOX: PdfBox = { x: 100, y: 200, width: 180, height: 50 };

describe('toShown / toPdf', () => {
	it.each([
		[0, { left: 100, top: 841.89 - 250, width: 180, height: 50 }],
		[90, { left: 200, top: 100, width: 50, height: 180 }],
		[180, { left: 595.28 - 280, top: 200, width: 180, height: 50 }],
		[270, { left: 841.89 - 250, top: 595.28 - 280, width: 50, height: 180 }],
	])('on a page with /Rotate %i, the box is shown where a reader sees it', (rotation, shown) => {
		const page = { ...A4, rotation };
		const actual = toShown(page, BOX);
		for (const key of ['left', 'top', 'width', 'height'] as const) expect(actual[key]).toBeCloseTo(shown[key], 6);
		expect(toPdf(page, actual)).toEqual(BOX);
	});

	it('a quarter turn swaps the page\'s shown sides; -90 and 450 are 270 and 90', () => {
		expect(shownSize({ ...A4, rotation: 90 })).toEqual({ width: A4.height, height: A4.width });
		expect(shownSize({ ...A4, rotation: 180 })).toEqual(A4);
		expect(toShown({ ...A4, rotation: -90 }, BOX)).toEqual(toShown({ ...A4, rotation: 270 }, BOX));
		expect(toShown({ ...A4, rotation: 450 }, BOX)).toEqual(toShown({ ...A4, rotation: 90 }, BOX));
	});

	it.each([0, 90, 180, 270])('agrees with the engine\'s frameOf on a page with /Rotate %i', async (rotation) => {
		const document = await PDFDocument.create();
		const pdfPage = document.addPage([A4.width, A4.height]);
		pdfPage.setRotation(degrees(rotation));
		const page: PageSize = { ...A4, rotation };
		for (const box of [BOX, { x: 0, y: 0, width: 14, height: 14 }, { x: 395.28, y: 791.89, width: 200, height: 50 }]) {
			const shown = toShown(page, box);
			// The engine's frame of the box: its size as shown, and its shown top-left corner in page space.
			const frame = frameOf(pdfPage, box);
			expect([frame.width, frame.height]).toEqual([shown.width, shown.height]);
			const corner = frame.at(0, frame.height);
			// The whole page's frame places the shown page's points (u from the left, v up from the bottom).
			const pageFrame = frameOf(pdfPage, { x: 0, y: 0, width: A4.width, height: A4.height });
			const expected = pageFrame.at(shown.left, pageFrame.height - shown.top);
			expect(corner.x).toBeCloseTo(expected.x, 6);
			expect(corner.y).toBeCloseTo(expected.y, 6);
		}
	});
});

describe('fitShown / resizeShown', () => {
	const page = { ...A4, rotation: 90 };

	it('puts a dropped box on whole points and inside the page, onto an edge it nearly touches', () => {
		expect(fitShown(page, { left: 100.4, top: 200.6, width: 180, height: 50 })).toEqual({ left: 100, top: 201, width: 180, height: 50 });
		expect(fitShown(page, { left: -30, top: 2, width: 180, height: 50 })).toEqual({ left: 0, top: 0, width: 180, height: 50 });
		expect(fitShown(page, { left: 800, top: 590, width: 180, height: 50 })).toEqual({ left: 841.89 - 180, top: 595.28 - 50, width: 180, height: 50 });
		expect(fitShown(page, { left: 659, top: 100, width: 180, height: 50 }).left).toBeCloseTo(661.89, 6);
		// Moved point by point (the keyboard), a box is not pulled onto the edge.
		expect(fitShown(page, { left: 3, top: 100, width: 180, height: 50 }, false).left).toBe(3);
		// No smaller than 8 points, no bigger than the page.
		expect(fitShown(page, { left: 10, top: 10, width: 2, height: 2000 })).toEqual({ left: 10, top: 0, width: 8, height: 595.28 });
	});

	it('resizes from the bottom-right corner, inside the page', () => {
		const shown = { left: 700, top: 500, width: 100, height: 40 };
		expect(resizeShown(page, shown, 130.4, 45)).toEqual({ left: 700, top: 500, width: 130, height: 45 });
		expect(resizeShown(page, shown, 500, 500)).toEqual({ left: 700, top: 500, width: 141.89, height: 95.28 });
		expect(resizeShown(page, shown, 1, 1)).toEqual({ left: 700, top: 500, width: 8, height: 8 });
	});

	it('the API gets a box inside the page whatever was dropped, on every rotation', () => {
		for (const rotation of [0, 90, 180, 270]) {
			const turned = { ...A4, rotation };
			for (const [left, top] of [
				[-50, -50],
				[5000, 5000],
				[300, 300],
			]) {
				const box = toPdf(turned, fitShown(turned, { left, top, width: 180, height: 50 }));
				expect(box.x).toBeGreaterThanOrEqual(0);
				expect(box.y).toBeGreaterThanOrEqual(0);
				expect(box.x + box.width).toBeLessThanOrEqual(A4.width + 0.01);
				expect(box.y + box.height).toBeLessThanOrEqual(A4.height + 0.01);
			}
		}
	});
});
