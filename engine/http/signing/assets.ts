import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { signatureCoverage } from '../../pdf/fonts';
import { ENGINE_DIR } from '../../support/paths';
import { vendoredPath } from '../../vendor';

/*
 * Every file the signing page loads is served by the engine itself (no CDN,
 * no external request): our own page script and styles, pdf.js and its
 * worker, fonts and maps, and the signature pad.
 */

const OWN = path.join(ENGINE_DIR, 'http', 'signing', 'assets');

const FILES: Record<string, string> = {
	'signing-app.js': path.join(OWN, 'signing-app.js'),
	'signing-dialogs.js': path.join(OWN, 'signing-dialogs.js'),
	'signature-look.js': path.join(OWN, 'signature-look.js'),
	'dom.js': path.join(OWN, 'dom.js'),
	'signing.css': path.join(OWN, 'signing.css'),
	'pdf.min.mjs': vendoredPath('pdfjs/pdf.min.mjs'),
	'pdf.worker.min.mjs': vendoredPath('pdfjs/pdf.worker.min.mjs'),
	'signature_pad.umd.min.js': vendoredPath('signature_pad/signature_pad.umd.min.js'),
	// The typed-signature preview uses the font the stamp uses.
	'fonts/dancing-script-latin.woff2': vendoredPath('fonts/dancing-script-latin-400-normal.woff2'),
	'fonts/dancing-script-latin-ext.woff2': vendoredPath('fonts/dancing-script-latin-ext-400-normal.woff2'),
	// Names Dancing Script cannot draw are stamped in DejaVu Sans: the preview shows them so too (loaded only then).
	'fonts/dejavu-sans.ttf': vendoredPath('fonts/DejaVuSans.ttf'),
};

/** Assets made from the engine's own data rather than read from a file. */
const GENERATED: Record<string, { contentType: string; build(): Buffer }> = {
	// Which characters the stamp draws in Dancing Script and which DejaVu Sans has (engine/pdf/fonts.ts).
	'signature-fonts.json': { contentType: 'application/json; charset=utf-8', build: () => Buffer.from(JSON.stringify(signatureCoverage())) },
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
	'.ttf': 'font/ttf',
};

/** The file behind an asset path such as `pdf.min.mjs` or `standard_fonts/FoxitSans.pfb`, or null. */
function assetFile(name: string): { file: string; contentType: string } | null {
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

/** The bytes and type of an asset path, or null when there is no such asset. */
export async function readAsset(name: string): Promise<{ bytes: Buffer; contentType: string } | null> {
	const generated = Object.hasOwn(GENERATED, name) ? GENERATED[name] : null;
	const asset = generated ? { file: `generated:${name}`, contentType: generated.contentType } : assetFile(name);
	if (!asset) return null;
	let bytes = cache.get(asset.file);
	if (!bytes) {
		try {
			bytes = generated ? generated.build() : await readFile(asset.file);
		} catch {
			return null;
		}
		cache.set(asset.file, bytes);
	}
	return { bytes, contentType: asset.contentType };
}
