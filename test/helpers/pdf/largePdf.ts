import { randomBytes } from 'node:crypto';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';

/**
 * A valid one-page PDF of about `size` bytes, most of it an embedded file of random bytes: as
 * incompressible as the scans and photos that make real PDFs large.
 */
export async function largePdf(size: number, title = 'Scan – Zoë Ångström 契約書'): Promise<Buffer> {
	const document = await PDFDocument.create();
	const page = document.addPage([595.28, 841.89]);
	page.drawText('Large document', { x: 60, y: 760, size: 18, font: await document.embedFont(StandardFonts.Helvetica) });
	document.setTitle(title);
	const filler = document.context.stream(randomBytes(Math.max(0, size - 2048)), { Type: PDFName.of('EmbeddedFile') });
	document.catalog.set(PDFName.of('SignflowFiller'), document.context.register(filler));
	return Buffer.from(await document.save({ useObjectStreams: false }));
}
