import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LANGUAGES } from '../../domain';
import { appCatalogue } from '../../i18n';
import { signatureCoverage } from '../../pdf/fonts';
import { ENGINE_DIR } from '../../support/paths';
import { vendoredPath } from '../../vendor';

/*
 * Every file the signing page loads is served by the engine itself (no CDN,
 * no external request): our own page script and styles, pdf.js and its
 * worker, fonts and maps, and the signature pad. This module lists them by
 * the name the page's sources use (`signing-app.js`, `cmaps/GBK-EUC-H.bcmap`);
 * assetCatalog.ts gives each a content-hashed name.
 */

const OWN = path.join(ENGINE_DIR, 'http', 'signing', 'assets');

/** Our own files: their references to other assets are rewritten to the hashed names. */
const OWN_FILES = ['signing-app.js', 'signing-dialogs.js', 'signing-later.js', 'embed.js', 'signature-look.js', 'dom.js', 'i18n.js', 'signing.css'];

const VENDORED: Record<string, Parameters<typeof vendoredPath>[0]> = {
	'pdf.min.mjs': 'pdfjs/pdf.min.mjs',
	'pdf.worker.min.mjs': 'pdfjs/pdf.worker.min.mjs',
	'signature_pad.umd.min.js': 'signature_pad/signature_pad.umd.min.js',
	// ICU messages (plurals by each language's rules) formatted in the browser as on the server (engine/i18n).
	'intl-messageformat.mjs': 'intl-messageformat/intl-messageformat.esm.js',
	// The typed-signature preview uses the font the stamp uses.
	'fonts/dancing-script-latin.woff2': 'fonts/dancing-script-latin-400-normal.woff2',
	'fonts/dancing-script-latin-ext.woff2': 'fonts/dancing-script-latin-ext-400-normal.woff2',
	// Names Dancing Script cannot draw are stamped in DejaVu Sans: the preview shows them so too (loaded only then).
	'fonts/dejavu-sans.ttf': 'fonts/DejaVuSans.ttf',
};

/** Folders pdf.js reads files from by name (it is given the folder's address): served as a whole, hashed as a whole. */
const FOLDERS: Record<string, { dir: Parameters<typeof vendoredPath>[0]; pattern: RegExp }> = {
	standard_fonts: { dir: 'pdfjs/standard_fonts/', pattern: /^[\w-]+\.(pfb|ttf)$/ },
	cmaps: { dir: 'pdfjs/cmaps/', pattern: /^[\w-]+\.bcmap$/ },
	wasm: { dir: 'pdfjs/wasm/', pattern: /^[\w-]+\.(wasm|js)$/ },
};

const TYPES: Record<string, string> = {
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.wasm': 'application/wasm',
	'.woff2': 'font/woff2',
	'.ttf': 'font/ttf',
	'.pfb': 'application/octet-stream',
	'.bcmap': 'application/octet-stream',
};

export interface AssetSource {
	/** The name the page's sources use, under /sign/assets/. */
	name: string;
	contentType: string;
	/** Our own script or style, whose references to other assets get the hashed names. */
	own: boolean;
	/** The folder it belongs to (pdf.js reads those by name), if any. */
	folder: string | null;
	bytes: Buffer;
}

export function contentTypeOf(name: string): string {
	return TYPES[path.extname(name)] ?? 'application/octet-stream';
}

/** Every file of the signing page, read now. */
export function assetSources(): AssetSource[] {
	const sources: AssetSource[] = [];
	const add = (name: string, file: string, own: boolean, folder: string | null) =>
		sources.push({ name, contentType: contentTypeOf(name), own, folder, bytes: readFileSync(file) });
	for (const name of OWN_FILES) add(name, path.join(OWN, name), true, null);
	for (const [name, vendored] of Object.entries(VENDORED)) add(name, vendoredPath(vendored), false, null);
	for (const [folder, spec] of Object.entries(FOLDERS)) {
		const dir = vendoredPath(spec.dir);
		for (const entry of readdirSync(dir).sort()) if (spec.pattern.test(entry)) add(`${folder}/${entry}`, path.join(dir, entry), false, folder);
	}
	// Made from the engine's data: which characters the stamp draws in Dancing Script and which DejaVu Sans has (engine/pdf/fonts.ts).
	sources.push({
		name: 'signature-fonts.json',
		contentType: TYPES['.json'],
		own: false,
		folder: null,
		bytes: Buffer.from(JSON.stringify(signatureCoverage())),
	});
	// The page's texts per language, for a page without them inline (opened before an upgrade: i18n.js fetchMessages).
	for (const language of LANGUAGES)
		sources.push({
			name: `messages/app.${language}.json`,
			contentType: TYPES['.json'],
			own: false,
			folder: null,
			bytes: Buffer.from(JSON.stringify(appCatalogue[language])),
		});
	return sources;
}
