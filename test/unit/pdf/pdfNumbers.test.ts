import { PDFDocument, PDFNumber, rgb } from 'pdf-lib';
import { numberToString as pdfLibNumberToString } from 'pdf-lib/cjs/utils/numbers';
import { useFastPdfNumbers } from '../../../engine/pdf/pdfNumbers';

// As in the finalization worker and the parser worker.
useFastPdfNumbers();

/** Numbers of every kind a PDF writer meets: coordinates, sums that are not exact, tiny and huge values, and the odd ones. */
function numbers(): number[] {
	const values = [0, -0, 1, -1, 0.5, 0.1 + 0.2, 595.28, 841.89, 72 / 25.4, 1 / 3, -2 / 3, 1e-7, -1e-7, 1.5e-10, 1e21, 1.5e22, -3e25, 1e300, 5e-324, Number.MAX_VALUE, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity];
	let seed = 20261204;
	const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
	for (let i = 0; i < 20_000; i += 1) {
		const magnitude = Math.floor(random() * 80) - 40;
		const value = (random() - 0.5) * 10 ** magnitude;
		values.push(value, Math.round(value), Number(value.toFixed(2)));
	}
	return values;
}

describe('pdf-lib writing numbers, with the exponent-free fast path', () => {
	it("writes every number as pdf-lib's own numberToString does", () => {
		const differing = numbers().filter((value) => PDFNumber.of(value).toString() !== pdfLibNumberToString(value));
		expect(differing).toEqual([]);
	});

	it('spells out exponents as pdf-lib does (its own digits included)', () => {
		for (const value of [1e-7, -2.5e-12, 1.5e22, -3e25]) {
			expect(PDFNumber.of(value).toString()).toBe(pdfLibNumberToString(value));
			expect(PDFNumber.of(value).toString()).not.toMatch(/e/);
		}
		expect(PDFNumber.of(595.28).toString()).toBe('595.28');
	});

	it('leaves a drawn page as pdf-lib writes it', async () => {
		const draw = async () => {
			const document = await PDFDocument.create({ updateMetadata: false });
			const page = document.addPage([595.28, 841.89]);
			page.drawRectangle({ x: 0.1 + 0.2, y: 1e-7, width: 180.333333, height: 60, color: rgb(0.12, 0.34, 0.56) });
			return Buffer.from(await document.save({ useObjectStreams: false }));
		};
		const fast = await draw();
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const utils = require('pdf-lib/cjs/utils') as { numberToString: (value: number) => string };
		const installed = utils.numberToString;
		utils.numberToString = pdfLibNumberToString;
		try {
			expect(installed).not.toBe(pdfLibNumberToString);
			expect(fast.equals(await draw())).toBe(true);
		} finally {
			utils.numberToString = installed;
		}
	});
});
