import { buildCatalog, importClosure, withHash, withoutHash } from '../../../engine/http/signing/assetCatalog';
import { chooseCoding, type Coding } from '../../../engine/http/signing/assetEncoding';
import type { AssetSource } from '../../../engine/http/signing/assets';
import { jsonForHtml } from '../../../engine/http/signing/inlineJson';

const source = (name: string, text: string, options: Partial<AssetSource> = {}): AssetSource => ({
	name,
	contentType: 'text/javascript; charset=utf-8',
	own: false,
	folder: null,
	bytes: Buffer.from(text),
	...options,
});

describe('hashed names of the signing page files', () => {
	it('put the hash before the extension, and come back off for this and older builds', () => {
		expect(withHash('pdf.min.mjs', '3f9a1c2b')).toBe('pdf.min.3f9a1c2b.mjs');
		expect(withHash('fonts/dejavu-sans.ttf', '0badc0de')).toBe('fonts/dejavu-sans.0badc0de.ttf');
		expect(withoutHash('pdf.min.3f9a1c2b.mjs')).toBe('pdf.min.mjs');
		expect(withoutHash('cmaps.0badc0de/Adobe-Japan1-0.bcmap')).toBe('cmaps/Adobe-Japan1-0.bcmap');
		expect(withoutHash('signing-app.js')).toBeNull();
		expect(withoutHash('../../package.3f9a1c2b.json')).toBe('../../package.json');
	});

	it('rewrite our own files to the hashed names they load, so a change below changes every hash above', () => {
		const sources = [
			source('app.js', "import { el } from './dom.js';\nimport * as pdfjs from '/sign/assets/pdf.min.mjs';\nconst fonts = '/sign/assets/cmaps/';\n", { own: true }),
			source('dom.js', 'export const el = 1;', { own: true }),
			source('pdf.min.mjs', 'export {}'),
			source('cmaps/A.bcmap', 'a', { folder: 'cmaps' }),
			source('cmaps/B.bcmap', 'b', { folder: 'cmaps' }),
		];
		const catalog = new Map(buildCatalog(sources).map((entry) => [entry.name, entry]));
		const app = catalog.get('app.js')!;
		const dom = catalog.get('dom.js')!;
		expect(app.hashed).toMatch(/^app\.[0-9a-f]{8}\.js$/);
		expect(catalog.get('cmaps/A.bcmap')!.hashed).toMatch(/^cmaps\.[0-9a-f]{8}\/A\.bcmap$/);
		const folder = catalog.get('cmaps/A.bcmap')!.hashed.split('/')[0];
		expect(app.bytes.toString()).toBe(
			`import { el } from './${dom.hashed}';\nimport * as pdfjs from '/sign/assets/${catalog.get('pdf.min.mjs')!.hashed}';\nconst fonts = '/sign/assets/${folder}/';\n`,
		);
		expect(app.imports).toEqual(['dom.js', 'pdf.min.mjs']);
		expect(importClosure(catalog, 'app.js')).toEqual(['dom.js', 'pdf.min.mjs']);

		const changed = new Map(
			buildCatalog(sources.map((s) => (s.name === 'dom.js' ? source('dom.js', 'export const el = 2;', { own: true }) : s))).map((entry) => [entry.name, entry]),
		);
		expect(changed.get('dom.js')!.hashed).not.toBe(dom.hashed);
		expect(changed.get('app.js')!.hashed).not.toBe(app.hashed);
		expect(changed.get('pdf.min.mjs')!.hashed).toBe(catalog.get('pdf.min.mjs')!.hashed);
	});
});

describe('the coding an answer is sent in', () => {
	const both = new Set<Coding>(['br', 'gzip']);
	it.each([
		['gzip, deflate, br, zstd', 'br'],
		['gzip', 'gzip'],
		['br;q=0, gzip;q=0.5', 'gzip'],
		['BR;Q=0.1', 'br'],
		['*', 'br'],
		['*;q=0, gzip', 'gzip'],
		['identity', null],
		['gzip;q=0, br;q=0', null],
		['', null],
		[undefined, null],
		['x-gzip', 'gzip'],
	])('Accept-Encoding %p gives %p', (header, expected) => {
		expect(chooseCoding(header, both)).toBe(expected);
	});
	it('is only one the file has', () => {
		expect(chooseCoding('br, gzip', new Set<Coding>(['gzip']))).toBe('gzip');
		expect(chooseCoding('br', new Set<Coding>())).toBeNull();
	});
});

describe('JSON inside the page', () => {
	it('cannot end its element or start markup, and parses back to the same text', () => {
		const value = { name: '</script><script>alert(1)</script> <!-- & \u2028\u2029 \u202Eאבג 👩🏽‍💻 Zoë' };
		const text = jsonForHtml(value);
		expect(text).not.toMatch(/[<>&\u2028\u2029]/);
		expect(JSON.parse(text)).toEqual(value);
	});
});
