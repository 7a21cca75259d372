import { PDFDocument } from 'pdf-lib';
import { invalid } from '../domain';

export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

export type ImageMimeType = 'image/png' | 'image/jpeg';

/**
 * Checks that bytes are a PNG or JPEG that pdf-lib can embed (so stamping
 * will not fail later) and returns its type. SVG is refused on purpose: it
 * can carry scripts into the signing page.
 */
export async function inspectImage(bytes: Uint8Array, field: string): Promise<ImageMimeType> {
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
	try {
		const document = await PDFDocument.create();
		if (mimeType === 'image/png') await document.embedPng(bytes);
		else await document.embedJpg(bytes);
	} catch {
		throw invalid('image_broken', `${field}: the ${mimeType} image could not be decoded.`, [
			{ path: field, message: 'Broken image.' },
		]);
	}
	return mimeType;
}

function sniff(bytes: Uint8Array): ImageMimeType | null {
	if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47)
		return 'image/png';
	if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
	return null;
}
