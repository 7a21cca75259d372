import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ENGINE_DIR } from '../paths';
import { vendoredPath } from '../vendor';

/*
 * Every file the signing page loads is served by the engine itself (no CDN,
 * no external request): our own page script and styles, pdf.js and its
 * worker, fonts and maps, and the signature pad.
 */

const OWN = path.join(ENGINE_DIR, 'signing', 'assets');

const FILES: Record<string, string> = {
	'signing-app.js': path.join(OWN, 'signing-app.js'),
	'signing.css': path.join(OWN, 'signing.css'),
	'pdf.min.mjs': vendoredPath('pdfjs/pdf.min.mjs'),
	'pdf.worker.min.mjs': vendoredPath('pdfjs/pdf.worker.min.mjs'),
	'signature_pad.umd.min.js': vendoredPath('signature_pad/signature_pad.umd.min.js'),
	// The typed-signature preview uses the font the stamp uses.
	'fonts/dancing-script-latin.woff2': vendoredPath('fonts/dancing-script-latin-400-normal.woff2'),
	'fonts/dancing-script-latin-ext.woff2': vendoredPath('fonts/dancing-script-latin-ext-400-normal.woff2'),
};

const FOLDERS: Record<string, { dir: string; pattern: RegExp }> = {
	standard_fonts: { dir: vendoredPath('pdfjs/standard_fonts/'), pattern: /^[\w-]+\.(pfb|ttf)$/ },
	cmaps: { dir: vendoredPath('pdfjs/cmaps/'), pattern: /^[\w-]+\.bcmap$/ },
	wasm: { dir: vendoredPath('pdfjs/wasm/'), pattern: /^[\w-]+\.(wasm|js)$/ },
};

const TYPES: Record<string, string> = {
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.wasm': 'application/wasm',
	'.woff2': 'font/woff2',
};

/** The file behind an asset path such as `pdf.min.mjs` or `standard_fonts/FoxitSans.pfb`, or null. */
export function assetFile(name: string): { file: string; contentType: string } | null {
	let file: string | undefined = FILES[name];
	if (!file) {
		const [folder, entry, ...rest] = name.split('/');
		const spec = folder ? FOLDERS[folder] : undefined;
		if (!spec || !entry || rest.length > 0 || !spec.pattern.test(entry)) return null;
		file = path.join(spec.dir, entry);
	}
	return { file, contentType: TYPES[path.extname(file)] ?? 'application/octet-stream' };
}

const cache = new Map<string, Buffer>();

export async function readAsset(file: string): Promise<Buffer | null> {
	const cached = cache.get(file);
	if (cached) return cached;
	try {
		const bytes = await readFile(file);
		cache.set(file, bytes);
		return bytes;
	} catch {
		return null;
	}
}
