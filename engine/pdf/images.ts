import { invalid } from '../domain';
import type { ImageMimeType } from './imageDecode';
import { untrustedParsers } from './parserPool';
import type { PreparedPng } from './preparedPng';

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
/** A PNG is decoded to RGBA when embedded: 16 megapixels is 64 MB of pixels, far beyond any signature or logo. */
export const MAX_IMAGE_PIXELS = 16 * 1024 * 1024;

export type { ImageMimeType } from './imageDecode';

/**
 * Checks that bytes are a PNG or JPEG that pdf-lib can embed (so stamping
 * will not fail later) and returns its type. SVG is refused on purpose: it
 * can carry scripts into the signing page.
 */
export async function inspectImage(bytes: Uint8Array, field: string): Promise<ImageMimeType> {
	const mimeType = checkImageBytes(bytes, field);
	// Decoding runs in a bounded worker, never on the API's thread.
	if (!(await untrustedParsers().run({ kind: 'image', bytes, mimeType }))) throw broken(field, mimeType);
	return mimeType;
}

/**
 * As inspectImage, for an image that will be stamped: a PNG comes back
 * prepared for embedding too (decoded here once; see preparedPng.ts).
 */
export async function inspectImageToStamp(bytes: Uint8Array, field: string): Promise<{ mimeType: ImageMimeType; prepared: PreparedPng | null }> {
	const mimeType = checkImageBytes(bytes, field);
	// A JPEG is embedded as it is stored (pdf-lib reads only its header): nothing to prepare.
	if (mimeType !== 'image/png') return { mimeType: await inspectImage(bytes, field), prepared: null };
	const prepared = await untrustedParsers().run({ kind: 'png', bytes });
	if (!prepared) throw broken(field, mimeType);
	return { mimeType, prepared };
}

/** What can be told before decoding: not empty, not too large, a PNG or JPEG, not too many pixels. */
function checkImageBytes(bytes: Uint8Array, field: string): ImageMimeType {
	if (bytes.length === 0) throw invalid('image_empty', `${field}: the image is empty.`, [{ path: field, message: 'Empty.' }]);
	if (bytes.length > MAX_IMAGE_BYTES)
		throw invalid('image_too_large', `${field}: images may be at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`, [
			{ path: field, message: `${bytes.length} bytes.` },
		]);
	const mimeType = sniff(bytes);
	if (!mimeType)
		throw invalid('image_unsupported', `${field}: only PNG and JPEG images are accepted.`, [
			{ path: field, message: 'Not a PNG or JPEG.' },
		]);
	const size = mimeType === 'image/png' ? pngSize(bytes) : null;
	if (size && size.width * size.height > MAX_IMAGE_PIXELS)
		throw invalid('image_too_large', `${field}: images may have at most ${MAX_IMAGE_PIXELS / 1024 / 1024} megapixels.`, [
			{ path: field, message: `${size.width} x ${size.height} pixels.` },
		]);
	return mimeType;
}

function broken(field: string, mimeType: ImageMimeType) {
	return invalid('image_broken', `${field}: the ${mimeType} image could not be decoded.`, [{ path: field, message: 'Broken image.' }]);
}

/** Width and height from a PNG's IHDR chunk (bytes 16 to 24), before anything is decoded. */
function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
	if (bytes.length < 24) return null;
	const view = new DataView(bytes.buffer, bytes.byteOffset, 24);
	return { width: view.getUint32(16), height: view.getUint32(20) };
}

function sniff(bytes: Uint8Array): ImageMimeType | null {
	if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47)
		return 'image/png';
	if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
	return null;
}
