import { PDFDocument } from 'pdf-lib';
import { preparePng, type PreparedPng } from './preparedPng';

export type ImageMimeType = 'image/png' | 'image/jpeg';

/** Whether pdf-lib can embed the image (so stamping will not fail on it later). */
export async function imageDecodes(bytes: Uint8Array, mimeType: ImageMimeType): Promise<boolean> {
	try {
		const document = await PDFDocument.create();
		if (mimeType === 'image/png') await document.embedPng(bytes);
		else await document.embedJpg(bytes);
		return true;
	} catch {
		return false;
	}
}

/** A PNG decoded and prepared for embedding (preparedPng.ts), or null when pdf-lib cannot decode it. */
export function preparedPngOrNull(bytes: Uint8Array): PreparedPng | null {
	try {
		return preparePng(bytes);
	} catch {
		return null;
	}
}
