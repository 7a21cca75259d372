import { untrustedParsers } from './parserPool';
import { assertLooksLikePdf, type PdfFacts } from './pdfFacts';

export type { PdfFacts } from './pdfFacts';

/**
 * An uploaded PDF's page count and page sizes, or a 4xx error saying what is
 * wrong (empty, not a PDF, encrypted, broken, too complex). Parsing runs in a
 * bounded worker (parserPool.ts): a hostile file costs its own worker, never
 * the API's event loop or the process's memory.
 */
export async function inspectPdf(bytes: Uint8Array): Promise<PdfFacts> {
	assertLooksLikePdf(bytes);
	return untrustedParsers().run({ kind: 'pdf', bytes });
}
