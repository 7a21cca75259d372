import { EncryptedPDFError, PDFDocument } from 'pdf-lib';
import { invalid, type PageInfo } from '../domain';

export interface PdfFacts {
	pageCount: number;
	pages: PageInfo[];
}

const HEADER_SEARCH_BYTES = 1024;

/** The cheap checks, run before any parsing: empty, or not a PDF at all. */
export function assertLooksLikePdf(bytes: Uint8Array): void {
	if (bytes.length === 0) throw invalid('file_empty', 'The file is empty (0 bytes).');
	const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, HEADER_SEARCH_BYTES));
	if (!head.includes('%PDF-'))
		throw invalid('file_not_pdf', 'The file is not a PDF: it does not start with a %PDF- header.');
}

/**
 * Parses a PDF and returns its page count and page sizes, or throws a 4xx
 * error saying exactly what is wrong (encrypted, broken). Untrusted bytes go
 * through inspectPdf (inspect.ts), which runs this in a bounded worker.
 */
export async function readPdfFacts(bytes: Uint8Array): Promise<PdfFacts> {
	assertLooksLikePdf(bytes);
	let document: PDFDocument;
	try {
		document = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true });
	} catch (error) {
		// pdf-lib often fails on encrypted objects before it reaches the trailer, so look for /Encrypt ourselves.
		if (error instanceof EncryptedPDFError || hasEncryptDictionary(bytes)) throw encrypted();
		throw invalid('file_broken', `The PDF could not be read (${describe(error)}); export or print it to PDF again.`);
	}
	if (document.isEncrypted) throw encrypted();

	let pages: PageInfo[];
	try {
		pages = document.getPages().map((page, index) => {
			const { width, height } = page.getSize();
			return { number: index + 1, width: round(width), height: round(height), rotation: normaliseRotation(page.getRotation().angle) };
		});
	} catch (error) {
		throw invalid('file_broken', `The PDF's page tree is damaged (${describe(error)}).`);
	}
	if (pages.length === 0) throw invalid('file_broken', 'The PDF has no pages.');
	return { pageCount: pages.length, pages };
}

function encrypted() {
	return invalid('file_encrypted', 'The PDF is encrypted or password-protected; upload an unprotected copy.');
}

/** A trailer or cross-reference stream that names an encryption dictionary. */
function hasEncryptDictionary(bytes: Uint8Array): boolean {
	return /\/Encrypt\s*(\d+\s+\d+\s+R|<<)/.test(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1'));
}

function normaliseRotation(angle: number): number {
	return (((Math.round(angle / 90) * 90) % 360) + 360) % 360;
}

function round(value: number): number {
	return Math.round(value * 100) / 100;
}

function describe(error: unknown): string {
	const text = error instanceof Error ? error.message : String(error);
	return text.split('\n')[0].slice(0, 200);
}
