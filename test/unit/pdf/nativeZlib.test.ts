import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRawStream, StandardFonts } from 'pdf-lib';
import { imageDecodes } from '../../../engine/pdf/imageDecode';
import { useNativeZlib } from '../../../engine/pdf/nativeZlib';
import { qpdfCheck } from '../../helpers/pdf/pdfTools';

/** A PNG built by hand (8-bit RGBA, filter 0 on every row), from pixels the test knows. */
function png(width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number], idat?: Buffer): Buffer {
	const rows = Buffer.alloc((width * 4 + 1) * height);
	for (let y = 0; y < height; y += 1)
		for (let x = 0; x < width; x += 1) rows.set(pixel(x, y), y * (width * 4 + 1) + 1 + x * 4);
	const chunk = (type: string, data: Buffer) => {
		const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const length = Buffer.alloc(4);
		length.writeUInt32BE(data.length);
		const crc = Buffer.alloc(4);
		crc.writeUInt32BE(crc32(body));
		return Buffer.concat([length, body, crc]);
	};
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header.set([8, 6, 0, 0, 0], 8);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', idat ?? deflateSync(rows)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}

const WIDTH = 37;
const HEIGHT = 11;
const colour = (x: number, y: number): [number, number, number, number] => [(x * 7) % 256, (y * 23) % 256, (x * y) % 256, (x + y * 5) % 256];

describe('pdf-lib on native zlib', () => {
	beforeAll(() => useNativeZlib());

	it('writes streams that zlib reads back, and a PNG whose pixels and alpha are exactly the drawn ones', async () => {
		const document = await PDFDocument.create();
		const page = document.addPage([200, 100]);
		page.drawText('Zoë Ångström signed', { x: 10, y: 50, size: 12, font: await document.embedFont(StandardFonts.Helvetica) });
		const image = await document.embedPng(png(WIDTH, HEIGHT, colour));
		page.drawImage(image, { x: 10, y: 10, width: WIDTH, height: HEIGHT });
		const bytes = await document.save({ useObjectStreams: false });
		expect(qpdfCheck(bytes).code).toBe(0);

		const reread = await PDFDocument.load(bytes);
		const streams = reread.context
			.enumerateIndirectObjects()
			.map(([, object]) => object)
			.filter((object): object is PDFRawStream => object instanceof PDFRawStream);
		const ofSubtype = (name: string) => streams.filter((stream) => stream.dict.get(PDFName.of('Subtype')) === PDFName.of(name));
		const [rgb, alpha] = [...ofSubtype('Image')].sort((a, b) => (a.dict.has(PDFName.of('SMask')) ? -1 : b.dict.has(PDFName.of('SMask')) ? 1 : 0));
		const expectedRgb: number[] = [];
		const expectedAlpha: number[] = [];
		for (let y = 0; y < HEIGHT; y += 1)
			for (let x = 0; x < WIDTH; x += 1) {
				const [r, g, b, a] = colour(x, y);
				expectedRgb.push(r, g, b);
				expectedAlpha.push(a);
			}
		expect([...inflateSync(rgb.contents)]).toEqual(expectedRgb);
		expect([...inflateSync(alpha.contents)]).toEqual(expectedAlpha);
		// Node's zlib wrote them (pako, pdf-lib's own compressor, gives other bytes for the same pixels).
		expect(Buffer.from(rgb.contents).equals(deflateSync(Buffer.from(expectedRgb)))).toBe(true);
		// The page's content stream, deflated by Node: what zlib writes for those operators.
		const content = streams.find((stream) => !stream.dict.has(PDFName.of('Subtype')) && stream.dict.get(PDFName.of('Filter')) === PDFName.of('FlateDecode'))!;
		expect(inflateSync(content.contents).toString('latin1')).toContain(' Do');
	});

	it('refuses a PNG whose data inflates beyond its rows (a decompression bomb), and takes a cut-off one as far as it goes', async () => {
		const rows = Buffer.alloc((WIDTH * 4 + 1) * HEIGHT);
		expect(await imageDecodes(png(WIDTH, HEIGHT, colour, deflateSync(Buffer.alloc(rows.length * 1000))), 'image/png')).toBe(false);
		const whole = deflateSync(Buffer.alloc(rows.length));
		expect(await imageDecodes(png(WIDTH, HEIGHT, colour, whole.subarray(0, whole.length - 6)), 'image/png')).toBe(true);
		expect(await imageDecodes(png(WIDTH, HEIGHT, colour), 'image/png')).toBe(true);
	});
});
