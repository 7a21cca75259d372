import { execFileSync, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * The certificate each signature of a PDF was made with, first signature first: poppler dumps the
 * signatures (CMS), OpenSSL prints the certificates they carry (the signer's, self-signed seals
 * carry no other).
 */
export function signatureCertificates(bytes: Uint8Array): X509Certificate[] {
	return withFile(bytes, (file) => {
		const folder = path.dirname(file);
		// Its complaints about the file, if any, are other tests' business (pdfsig(), qpdfCheck()).
		execFileSync('pdfsig', ['-nocert', '-dump', file], { cwd: folder, stdio: ['ignore', 'ignore', 'ignore'] });
		return readdirSync(folder)
			.filter((name) => /\.sig\d+$/.test(name))
			.sort((a, b) => Number(/\d+$/.exec(a)![0]) - Number(/\d+$/.exec(b)![0]))
			.map((name) => {
				const pem = execFileSync('openssl', ['pkcs7', '-inform', 'DER', '-print_certs', '-in', path.join(folder, name)], { encoding: 'utf8' });
				return new X509Certificate(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)![0]);
			});
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
