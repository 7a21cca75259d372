import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { PNG } from 'pdf-lib/cjs/utils/png';
import { useNativeZlib } from '../../../engine/pdf/nativeZlib';
import { pngPlanes, type PngPlanes } from '../../../engine/pdf/pngPlanes';
import { preparePng } from '../../../engine/pdf/preparedPng';
import { rechunkedPng, strokePng, type PngFilters, type PngKind } from '../../helpers/pdf/pngs';

// As in the parser worker, which prepares drawn signatures.
useNativeZlib();

/** The planes pdf-lib's own decoding gives (what embedPng stores). */
function pdfLibPlanes(png: Buffer): PngPlanes {
	const decoded = PNG.load(png);
	return { width: decoded.width, height: decoded.height, rgb: decoded.rgbChannel, alpha: decoded.alphaChannel ?? null };
}

/** Planes (or a prepared PNG) with each plane as its SHA-256: compared in full, reported in a line when they differ. */
function digested<T extends { rgb: Uint8Array; alpha: Uint8Array | null }>(planes: T | null) {
	const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
	return planes && { ...planes, rgb: sha256(planes.rgb), alpha: planes.alpha && sha256(planes.alpha) };
}

/** What preparing the PNG gave before pngPlanes: pdf-lib's planes. */
function preparedByPdfLib(png: Buffer) {
	return { bitsPerComponent: 8, ...pdfLibPlanes(png) };
}

/** A prepared PNG with its planes inflated. */
function inflated(prepared: ReturnType<typeof preparePng>) {
	return { ...prepared, rgb: inflateSync(prepared.rgb), alpha: prepared.alpha && inflateSync(prepared.alpha) };
}

describe('pngPlanes: a PNG split into its colour and alpha planes in one pass', () => {
	const cases: Array<[PngKind, boolean, PngFilters, number, number, boolean]> = [];
	for (const filters of ['none', 'mixed', 1, 2, 3, 4] as const)
		for (const [width, height] of [
			[480, 160],
			[1, 1],
			[1, 7],
			[3, 2],
			[257, 33],
		])
			for (const [kind, opaque] of [
				['rgba', false],
				['rgba', true],
				['rgb', true],
			] as const)
				for (const noise of [false, true]) cases.push([kind, opaque, filters, width, height, noise]);

	it.each(cases)("gives pdf-lib's planes for %s (opaque %s), filters %s, %i x %i, noise %s", (kind, opaque, filters, width, height, noise) => {
		const png = strokePng(kind, { opaque, filters, width, height, noise });
		const planes = pngPlanes(png);
		expect(planes).not.toBeNull();
		expect(digested(planes)).toEqual(digested(pdfLibPlanes(png)));
	});

	it("reads a signature as Chromium's canvas exports it (the signing page's drawing) in one pass, as pdf-lib does", () => {
		const png = readFileSync(path.join(__dirname, '../../fixtures/png/chromium-canvas-signature.png'));
		const planes = pngPlanes(png);
		expect(planes).not.toBeNull();
		expect(planes!.alpha).not.toBeNull();
		expect(digested(planes)).toEqual(digested(pdfLibPlanes(png)));
	});

	it('finds the ink of a drawing: alpha plane kept when a pixel is translucent, none when every pixel is opaque', () => {
		expect(pngPlanes(strokePng('rgba', { filters: 'mixed' }))!.alpha!.some((a) => a > 0 && a < 255)).toBe(true);
		expect(pngPlanes(strokePng('rgba', { opaque: true, filters: 'mixed' }))!.alpha).toBeNull();
		expect(new Set(pngPlanes(strokePng('rgb', { filters: 'mixed' }))!.rgb).size).toBeGreaterThan(2);
	});

	it.each<[string, Buffer]>([
		['greyscale', strokePng('gray')],
		['greyscale with alpha', strokePng('gray-alpha')],
		['a palette', strokePng('palette')],
		['16 bits per channel', strokePng('rgba16')],
		['interlaced', rechunkedPng(strokePng('rgba'), (chunks) => chunks.map((c) => (c.type === 'IHDR' ? { ...c, data: Buffer.concat([c.data.subarray(0, 12), Buffer.from([1])]) } : c)))],
		['a text chunk', rechunkedPng(strokePng('rgba'), (chunks) => [chunks[0], { type: 'tEXt', data: Buffer.from('Author\0Zoë Ångström', 'latin1') }, ...chunks.slice(1)])],
		['a chunk running past the end', strokePng('rgba').subarray(0, 60)],
		['not a PNG', Buffer.from('%PDF-1.7 Ärger mit 文件 📄')],
	])('leaves a PNG with %s to pdf-lib (null)', (_label, png) => {
		expect(pngPlanes(png)).toBeNull();
	});

	it('leaves a row with an undefined filter type (5) to pdf-lib, whose preparation then stands', () => {
		const png = rechunkedPng(strokePng('rgba', { width: 40, height: 6 }), (chunks) =>
			chunks.map((c) => {
				if (c.type !== 'IDAT') return c;
				const rows = inflateSync(c.data);
				rows[3 * (40 * 4 + 1)] = 5;
				return { ...c, data: deflateSync(rows) };
			}),
		);
		expect(pngPlanes(png)).toBeNull();
		expect(digested(inflated(preparePng(png)))).toEqual(digested(preparedByPdfLib(png)));
	});

	it.each([['no filters', 'none'] as const, ['mixed filters', 'mixed'] as const])('prepares a cut-off image stream (%s) as pdf-lib decodes it', (_label, filters) => {
		const png = rechunkedPng(strokePng('rgba', { filters }), (chunks) =>
			chunks.map((c) => (c.type === 'IDAT' ? { ...c, data: c.data.subarray(0, Math.floor(c.data.length / 2)) } : c)),
		);
		expect(digested(inflated(preparePng(png)))).toEqual(digested(preparedByPdfLib(png)));
	});

	it('decodes a cut-off stream after a larger image as it does first: the rows left by the one before are not read', () => {
		// Cut where the inflater stops at once in what follows (most cuts leave a row whose filter type PNG does not define).
		const cutOff = rechunkedPng(strokePng('rgba', { noise: true }), (chunks) => chunks.map((c) => (c.type === 'IDAT' ? { ...c, data: c.data.subarray(0, 500) } : c)));
		const first = digested(pngPlanes(cutOff));
		pngPlanes(strokePng('rgba', { noise: true, width: 600, height: 200 }));
		expect(digested(pngPlanes(cutOff))).toEqual(first);
		expect(first).not.toBeNull();
		expect(first).toEqual(digested(pdfLibPlanes(cutOff)));
	});

	it('reads image data split over several IDAT chunks, with ancillary chunks between', () => {
		const whole = strokePng('rgba', { filters: 'mixed' });
		const png = rechunkedPng(whole, (chunks) =>
			chunks.flatMap((c) =>
				c.type === 'IDAT'
					? [{ type: 'pHYs', data: Buffer.from([0, 0, 11, 19, 0, 0, 11, 19, 1]) }, { ...c, data: c.data.subarray(0, 100) }, { type: 'IDAT', data: c.data.subarray(100, 101) }, { type: 'IDAT', data: c.data.subarray(101) }]
					: [c],
			),
		);
		expect(digested(pngPlanes(png))).toEqual(digested(pdfLibPlanes(whole)));
	});
});
