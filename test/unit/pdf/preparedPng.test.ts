import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream } from 'pdf-lib';
import type { SignatureField } from '../../../engine/domain';
import { DocumentFonts } from '../../../engine/pdf/fonts';
import { imageDecodes, preparedPngOrNull } from '../../../engine/pdf/imageDecode';
import { useNativeZlib } from '../../../engine/pdf/nativeZlib';
import { preparePng, preparedSize } from '../../../engine/pdf/preparedPng';
import { PreparedPngCache } from '../../../engine/pdf/preparedPngCache';
import { stampDocument } from '../../../engine/pdf/stamp';
import { fixturePdf } from '../../helpers/pdf/fixtures';
import { renderPage } from '../../helpers/pdf/pdfTools';
import { strokePng, type PngKind } from '../../helpers/pdf/pngs';

// As in the finalization worker and the parser worker.
useNativeZlib();

function drawnField(id: string, x: number, y: number): SignatureField {
	const at = '2027-01-04T10:00:00.000Z';
	return {
		id,
		workflowId: 'w',
		fileId: 'f',
		signerId: 's',
		page: 1,
		x,
		y,
		width: 180,
		height: 60,
		kind: 'signature',
		required: true,
		signedAt: at,
		valueType: 'drawn',
		valueText: null,
		valueImageSha256: 'a'.repeat(64),
		createdAt: at,
	};
}

/** The 1-page fixture with two drawn signatures stamped: from the PNGs, or from the PNGs prepared at upload. */
async function stamped(pngs: Buffer[], prepared: boolean): Promise<Buffer> {
	const document = await PDFDocument.load(fixturePdf('a4-1page.pdf'), { updateMetadata: false });
	const signatures = pngs.map((png, index) => ({
		field: drawnField(`f${index}`, 60 + index * 250, 90),
		png: prepared ? null : png,
		...(prepared ? { prepared: preparePng(png) } : {}),
	}));
	await stampDocument(document, { signatures, annotations: [], timeZone: 'UTC' }, new DocumentFonts(document));
	return Buffer.from(await document.save({ useObjectStreams: false }));
}

/**
 * Each object of a PDF, numbered: its bytes, but for an image's stream, whose
 * dictionary (less its /Length) and inflated pixels (as a digest) stand in.
 */
async function objectsOf(pdf: Buffer): Promise<Map<string, string>> {
	const document = await PDFDocument.load(pdf, { updateMetadata: false });
	const objects = new Map<string, string>();
	for (const [ref, object] of document.context.enumerateIndirectObjects()) {
		const image = object instanceof PDFRawStream && object.dict.get(PDFName.of('Subtype')) === PDFName.of('Image');
		if (!image) {
			objects.set(ref.toString(), object.toString());
			continue;
		}
		const dict = object.dict.clone();
		dict.delete(PDFName.of('Length'));
		const pixels = createHash('sha256').update(inflateSync(object.contents)).digest('hex');
		objects.set(ref.toString(), `${dict.toString()} pixels ${pixels}`);
	}
	return objects;
}

describe('a drawn signature prepared at upload', () => {
	it.each<[string, PngKind, boolean]>([
		['a canvas drawing (RGBA, transparent background)', 'rgba', false],
		['an RGBA PNG without a transparent pixel (no soft mask)', 'rgba', true],
		['an RGB PNG', 'rgb', true],
		['a greyscale PNG', 'gray', true],
		['a greyscale PNG with alpha', 'gray-alpha', false],
		['a palette PNG with a transparent entry', 'palette', false],
		['a 16-bit RGBA PNG', 'rgba16', false],
	])('stamps %s into the PDF embedPng makes of it, its planes compressed faster', async (_label, kind, opaque) => {
		const pngs = [strokePng(kind, { opaque }), strokePng(kind, { opaque, width: 300, height: 120 })];
		const fromPng = await objectsOf(await stamped(pngs, false));
		const fromPrepared = await objectsOf(await stamped(pngs, true));
		expect(fromPrepared).toEqual(fromPng);
		const images = [...fromPng.values()].filter((object) => object.includes('/Subtype /Image'));
		expect(images).toHaveLength(opaque ? 2 : 4);
	});

	it('looks the same on the page, pixel for pixel', async () => {
		const pngs = [strokePng('rgba'), strokePng('rgba', { width: 600, height: 200 })];
		const [fromPng, fromPrepared] = [await stamped(pngs, false), await stamped(pngs, true)];
		const rendered = renderPage(fromPrepared, 1, 150);
		expect(rendered.equals(renderPage(fromPng, 1, 150))).toBe(true);
		// The stroke is there: the render differs from the unstamped page.
		expect(rendered.equals(renderPage(fixturePdf('a4-1page.pdf'), 1, 150))).toBe(false);
	});

	it('is refused at upload exactly when pdf-lib cannot embed it', async () => {
		const good = strokePng('rgba');
		const truncated = good.subarray(0, good.length - 40);
		const corrupted = Buffer.from(good);
		corrupted.fill(0x55, 40, 80);
		for (const png of [good, truncated, corrupted, strokePng('palette'), strokePng('rgba16')])
			expect(preparedPngOrNull(png) !== null).toBe(await imageDecodes(png, 'image/png'));
		expect(preparedPngOrNull(truncated)).toBeNull();
	});
});

describe('PreparedPngCache', () => {
	const prepared = (width: number) => preparePng(strokePng('rgba', { width, height: 100 }));

	it("finds an organization's prepared images by their PNG's SHA-256, and no other organization's", () => {
		const cache = new PreparedPngCache();
		const image = prepared(200);
		cache.keep('org-a', 'a'.repeat(64), image);
		expect(cache.find('org-a', ['a'.repeat(64), 'b'.repeat(64)])).toEqual(new Map([['a'.repeat(64), image]]));
		expect(cache.find('org-b', ['a'.repeat(64)]).size).toBe(0);
		cache.forget('org-a', ['a'.repeat(64)]);
		expect(cache.find('org-a', ['a'.repeat(64)]).size).toBe(0);
		expect(cache.size).toEqual({ images: 0, bytes: 0 });
	});

	it('keeps at most its budget in bytes, letting the oldest go first', () => {
		const images = [prepared(200), prepared(220), prepared(240)];
		const sizes = images.map(preparedSize);
		const cache = new PreparedPngCache(sizes[1] + sizes[2]);
		images.forEach((image, index) => cache.keep('org', String(index).repeat(64), image));
		expect([...cache.find('org', ['0'.repeat(64), '1'.repeat(64), '2'.repeat(64)]).keys()]).toEqual(['1'.repeat(64), '2'.repeat(64)]);
		expect(cache.size).toEqual({ images: 2, bytes: sizes[1] + sizes[2] });
		// The same image kept again counts once.
		cache.keep('org', '2'.repeat(64), images[2]);
		expect(cache.size).toEqual({ images: 2, bytes: sizes[1] + sizes[2] });
		// An image larger than the whole budget is not kept (nor does it push the others out).
		new PreparedPngCache(10).keep('org', '3'.repeat(64), images[0]);
		const small = new PreparedPngCache(sizes[0]);
		small.keep('org', '0'.repeat(64), images[0]);
		small.keep('org', '1'.repeat(64), images[1]);
		expect(small.size).toEqual({ images: 1, bytes: sizes[0] });
	});
});
