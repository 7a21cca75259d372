import { constants, deflateSync } from 'node:zlib';
import { PDFImage, PngEmbedder, type PDFContext, type PDFDocument, type PDFRef } from 'pdf-lib';
import { PNG } from 'pdf-lib/cjs/utils/png';
import { pngPlanes, type PngPlanes } from './pngPlanes';

/**
 * A PNG as pdf-lib embeds it into a PDF: its colour plane (RGB) and, when
 * some pixel is not fully opaque, its alpha plane (the image's soft mask),
 * each compressed as the PDF stores it (FlateDecode). Decoding and
 * compressing are most of embedding a drawn signature; a signature checked
 * at upload is decoded there anyway, so its planes are kept from then.
 */
export interface PreparedPng {
	width: number;
	height: number;
	bitsPerComponent: number;
	rgb: Uint8Array;
	alpha: Uint8Array | null;
}

/**
 * Decodes a PNG (throwing on a broken one) and compresses its planes: the
 * image embedPng would store, but for how hard its planes are compressed. A
 * canvas drawing's planes come straight from its rows (pngPlanes.ts); any
 * other PNG is decoded by pdf-lib itself.
 */
export function preparePng(bytes: Uint8Array): PreparedPng {
	// Reused planes: compressed below, before any other PNG is split.
	const planes = pngPlanes(bytes, { reusePlanes: true }) ?? planesOf(PNG.load(bytes));
	return {
		width: planes.width,
		height: planes.height,
		bitsPerComponent: 8,
		rgb: compressPlane(planes.rgb),
		alpha: planes.alpha ? compressPlane(planes.alpha) : null,
	};
}

/**
 * A plane as a zlib stream at zlib's fastest level, not pdf-lib's level 6:
 * a 600x200 signature from Chromium's canvas takes 0.4 ms instead of 2.2 ms
 * and 12.5 KB instead of 9.3 KB in the signed PDF. Any PDF reader inflates
 * either to the same pixels. Copied out of zlib's output chunk, which would
 * otherwise travel whole to the thread that asked.
 */
function compressPlane(plane: Uint8Array): Uint8Array {
	return new Uint8Array(deflateSync(plane, { level: constants.Z_BEST_SPEED }));
}

function planesOf(png: PNG): PngPlanes {
	return { width: png.width, height: png.height, rgb: png.rgbChannel, alpha: png.alphaChannel ?? null };
}

/** How many bytes a prepared PNG holds (for a cache's budget). */
export function preparedSize(prepared: PreparedPng): number {
	return prepared.rgb.length + (prepared.alpha?.length ?? 0);
}

/**
 * Embeds a prepared PNG as document.embedPng embeds the PNG it came from:
 * the same image objects, numbered alike (the image's reference now, its
 * mask's when the document is saved), with the same dictionaries.
 */
export function embedPreparedPng(document: PDFDocument, prepared: PreparedPng): PDFImage {
	const image = PDFImage.of(document.context.nextRef(), document, preparedEmbedder(prepared));
	// As embedPng does: the document embeds its images when it is saved.
	(document as unknown as { images: PDFImage[] }).images.push(image);
	return image;
}

/**
 * A PngEmbedder (PDFImage accepts only pdf-lib's own embedders, and
 * PngEmbedder's constructor decodes) whose embedding stores the prepared
 * planes: PngEmbedder.embedIntoContext with its compressing already done.
 */
function preparedEmbedder(prepared: PreparedPng): PngEmbedder {
	const { width, height, bitsPerComponent } = prepared;
	return Object.assign(Object.create(PngEmbedder.prototype) as PngEmbedder, {
		width,
		height,
		bitsPerComponent,
		colorSpace: 'DeviceRGB' as const,
		embedIntoContext(context: PDFContext, ref?: PDFRef): Promise<PDFRef> {
			const SMask = prepared.alpha
				? context.register(
						context.stream(prepared.alpha, {
							Type: 'XObject',
							Subtype: 'Image',
							Height: height,
							Width: width,
							BitsPerComponent: bitsPerComponent,
							ColorSpace: 'DeviceGray',
							Decode: [0, 1],
							Filter: 'FlateDecode',
						}),
					)
				: undefined;
			const xObject = context.stream(prepared.rgb, {
				Type: 'XObject',
				Subtype: 'Image',
				BitsPerComponent: bitsPerComponent,
				Width: width,
				Height: height,
				ColorSpace: 'DeviceRGB',
				SMask,
				Filter: 'FlateDecode',
			});
			if (!ref) return Promise.resolve(context.register(xObject));
			context.assign(ref, xObject);
			return Promise.resolve(ref);
		},
	});
}
