import type * as PdfJs from 'pdfjs-dist';

/*
 * pdf.js is not in the console's bundle: the engine already serves the signing page's vendored
 * build (and its worker, fonts and maps) under /sign/assets, and the page's boot data names them.
 * Loaded on the first editor opened, once.
 */

export type PdfJsModule = typeof PdfJs;
export type PdfDocument = PdfJs.PDFDocumentProxy;

interface PdfJsUrls {
	module: string;
	worker: string;
	standardFontDataUrl: string;
	cMapUrl: string;
	wasmUrl: string;
}

let loaded: Promise<{ pdfjs: PdfJsModule; urls: PdfJsUrls }> | undefined;

function urls(): PdfJsUrls {
	const boot = JSON.parse(document.getElementById('console-boot')?.textContent ?? '{}') as { pdfjs?: PdfJsUrls };
	if (!boot.pdfjs) throw new Error('the page names no pdf.js');
	return boot.pdfjs;
}

function load(): Promise<{ pdfjs: PdfJsModule; urls: PdfJsUrls }> {
	loaded ??= (async () => {
		const where = urls();
		const pdfjs = (await import(where.module)) as PdfJsModule;
		pdfjs.GlobalWorkerOptions.workerSrc = where.worker;
		return { pdfjs, urls: where };
	})();
	loaded.catch(() => (loaded = undefined));
	return loaded;
}

/** Opens a PDF the engine serves (the session's cookie goes with the request). */
export async function openPdf(url: string): Promise<PdfDocument> {
	const { pdfjs, urls: where } = await load();
	return pdfjs.getDocument({
		url,
		withCredentials: true,
		standardFontDataUrl: where.standardFontDataUrl,
		cMapUrl: where.cMapUrl,
		cMapPacked: true,
		wasmUrl: where.wasmUrl,
		isEvalSupported: false,
	}).promise;
}
