import { execFileSync, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/* Poppler's and qpdf's own verdicts on a PDF (apt-get install poppler-utils qpdf). */

function withFile<T>(bytes: Uint8Array, work: (file: string) => T): T {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'signflow-pdf-'));
	const file = path.join(dir, 'document.pdf');
	writeFileSync(file, bytes);
	try {
		return work(file);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** pdfsig's report (it exits 0 even when a digest mismatches, so read the text). */
export function pdfsig(bytes: Uint8Array): string {
	return withFile(bytes, (file) => {
		const result = spawnSync('pdfsig', [file], { encoding: 'utf8' });
		return `${result.stdout}${result.stderr}`;
	});
}

/** The SHA-256 fingerprint of the certificate that sealed a PDF (its first signature), read by pdfsig and openssl. */
export function sealCertificateFingerprint(bytes: Uint8Array): string {
	return withFile(bytes, (file) => {
		execFileSync('pdfsig', ['-dump', file], { cwd: path.dirname(file) });
		const certificates = execFileSync('openssl', ['pkcs7', '-inform', 'DER', '-print_certs', '-in', `${file}.sig0`], { encoding: 'utf8' });
		const first = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(certificates);
		if (!first) throw new Error('the seal carries no certificate');
		return new X509Certificate(first[0]).fingerprint256;
	});
}

export function qpdfCheck(bytes: Uint8Array): { code: number | null; output: string } {
	return withFile(bytes, (file) => {
		const result = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
		return { code: result.status, output: `${result.stdout}${result.stderr}` };
	});
}

export function pdftotext(bytes: Uint8Array, page?: number): string {
	return withFile(bytes, (file) =>
		execFileSync('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), '-layout', file, '-'], { encoding: 'utf8' }),
	);
}

export interface Word {
	page: number;
	text: string;
	/** Top-left origin, as displayed (after the page's rotation). */
	xMin: number;
	yMin: number;
	xMax: number;
	yMax: number;
	pageWidth: number;
	pageHeight: number;
}

/** Every word with its box, from pdftotext -bbox. */
export function words(bytes: Uint8Array): Word[] {
	const xhtml = withFile(bytes, (file) => execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' }));
	const result: Word[] = [];
	let page = 0;
	let size = { width: 0, height: 0 };
	for (const line of xhtml.split('\n')) {
		const pageMatch = /<page width="([\d.]+)" height="([\d.]+)">/.exec(line);
		if (pageMatch) {
			page += 1;
			size = { width: Number(pageMatch[1]), height: Number(pageMatch[2]) };
			continue;
		}
		const word = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)<\/word>/.exec(line);
		if (word)
			result.push({
				page,
				text: word[5].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'),
				xMin: Number(word[1]),
				yMin: Number(word[2]),
				xMax: Number(word[3]),
				yMax: Number(word[4]),
				pageWidth: size.width,
				pageHeight: size.height,
			});
	}
	return result;
}

/** One page rendered by poppler's pdftoppm, as PNG bytes (to compare how two PDFs look). */
export function renderPage(bytes: Uint8Array, page: number, dpi = 100): Buffer {
	return withFile(bytes, (file) => execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file]));
}
