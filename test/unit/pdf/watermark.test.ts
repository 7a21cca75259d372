import { PDFDocument, degrees } from 'pdf-lib';
import { certificateCatalogue } from '../../../engine/i18n';
import { DocumentFonts } from '../../../engine/pdf/fonts';
import { watermarkTestPages } from '../../../engine/pdf/watermark';
import { pdftotext, qpdfCheck } from '../../helpers/pdf/pdfTools';

/** pdftotext's text without the bidi controls it wraps right-to-left runs in. */
const readable = (text: string) => text.replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/\s+/g, ' ');

describe('the test watermark', () => {
	it.each([
		['en', 'TEST - NOT VALID'],
		['pl', 'TEST – DOKUMENT NIEWAŻNY'],
		['he', 'בדיקה – לא בתוקף'],
	])('is in the organization’s language (%s), on every page, upright on a turned one', async (language, expected) => {
		expect(certificateCatalogue[language as 'en' | 'pl' | 'he'].testWatermark).toBe(expected);
		const document = await PDFDocument.create();
		document.addPage([595.28, 841.89]);
		document.addPage([595.28, 841.89]).setRotation(degrees(90));
		watermarkTestPages(document, expected, await new DocumentFonts(document).bold());
		const bytes = await document.save();
		for (const page of [1, 2]) expect(readable(pdftotext(bytes, page))).toContain(expected);
		expect(qpdfCheck(bytes).code).toBe(0);
	});
});
