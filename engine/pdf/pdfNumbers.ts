/** The part of pdf-lib's utils (the exports object PDFNumber reads it from at each call) replaced here. */
interface PdfLibNumbers {
	numberToString: (value: number) => string;
}

let installed = false;

/**
 * pdf-lib writes each number of a PDF it makes (every coordinate of every
 * drawing operator, every width of a font subset) through numberToString,
 * which looks for an exponent by converting the number to a string again,
 * splitting it and parsing an int, whether or not there is one. A number whose
 * String() has no exponent is written as exactly that string by pdf-lib too;
 * only the others need its conversion. Called once in each thread that writes
 * PDFs with pdf-lib.
 */
export function useFastPdfNumbers(): void {
	if (installed) return;
	installed = true;
	// The module's own exports object: a bundled import would be a copy of it.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const utils = require('pdf-lib/cjs/utils') as PdfLibNumbers;
	const withExponent = utils.numberToString;
	utils.numberToString = (value) => {
		const text = String(value);
		return text.includes('e') ? withExponent(value) : text;
	};
}
