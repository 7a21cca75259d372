import { DateTime } from 'luxon';
import { degrees, rgb, type PDFDocument, type PDFImage, type PDFPage } from 'pdf-lib';
import type { Annotation, SignatureField } from '../domain';
import { firstStrongDirection } from './bidi';
import type { DocumentFonts } from './fonts';
import { embedPreparedPng, type PreparedPng } from './preparedPng';
import type { Face } from './text';

export interface StampInput {
	/** Captured signature fields of this file, with the drawn PNG where there is one (or that PNG prepared for embedding). */
	signatures: Array<{ field: SignatureField; png: Uint8Array | null; prepared?: PreparedPng }>;
	/** Annotations of this file: fixed ones and the ones signers filled, with image bytes for images. */
	annotations: Array<{ annotation: Annotation; image: { bytes: Uint8Array; mimeType: string } | null }>;
	timeZone: string;
	/** The language dates are written in ("4. Januar 2027"); English when not given. */
	locale?: string;
	/** A signer's language, by signer id, for the dates they filled in: written as their page showed them. */
	signerLocales?: ReadonlyMap<string, string>;
}

const INK = rgb(0.04, 0.12, 0.4);
const TEXT = rgb(0.07, 0.07, 0.1);

/**
 * A field's box as the reader sees it. Boxes are in the page's own (unrotated)
 * coordinates, but a page with /Rotate is shown turned: content is drawn
 * turned back by the same angle, so signatures and text read upright exactly
 * where the signer saw the field on screen.
 */
export interface Frame {
	/** Width and height of the box as displayed. */
	width: number;
	height: number;
	rotate: number;
	/** A point of the displayed box (u right, v up) in page coordinates. */
	at(u: number, v: number): { x: number; y: number };
}

export function frameOf(page: PDFPage, box: { x: number; y: number; width: number; height: number }): Frame {
	const rotation = (((page.getRotation().angle % 360) + 360) % 360) as 0 | 90 | 180 | 270;
	const { x, y, width, height } = box;
	const origin = { 0: [x, y], 90: [x + width, y], 180: [x + width, y + height], 270: [x, y + height] }[rotation] ?? [x, y];
	const turned = rotation === 90 || rotation === 270;
	const radians = (rotation * Math.PI) / 180;
	const cos = Math.round(Math.cos(radians));
	const sin = Math.round(Math.sin(radians));
	return {
		width: turned ? height : width,
		height: turned ? width : height,
		rotate: rotation,
		at: (u, v) => ({ x: origin[0] + u * cos - v * sin, y: origin[1] + u * sin + v * cos }),
	};
}

function drawImageIn(page: PDFPage, frame: Frame, image: PDFImage, fill = 0.95): void {
	const scale = Math.min((frame.width * fill) / image.width, (frame.height * fill) / image.height);
	const width = image.width * scale;
	const height = image.height * scale;
	const corner = frame.at((frame.width - width) / 2, (frame.height - height) / 2);
	page.drawImage(image, { ...corner, width, height, rotate: degrees(frame.rotate) });
}

function drawTextIn(
	page: PDFPage,
	frame: Frame,
	text: string,
	face: Face,
	options: { size: number; color: ReturnType<typeof rgb>; align: 'start' | 'center' },
): void {
	// A value in a right-to-left script reads from the right: laid out on that base, set against the box's right edge.
	const direction = firstStrongDirection(text);
	const widthAtOne = face.widthOf(text, 1) || 1;
	// The font's whole height (ascender to descender) must fit the box, not just its capitals.
	const heightAtOne = face.heightAtSize(1) || 1;
	const size = Math.max(4, Math.min(options.size, (frame.height * 0.95) / heightAtOne, (frame.width * 0.94) / widthAtOne));
	const width = widthAtOne * size;
	const inset = Math.min(2, frame.width * 0.03);
	const u = options.align === 'center' ? (frame.width - width) / 2 : direction === 'rtl' ? frame.width - inset - width : inset;
	const descent = (heightAtOne - face.heightAtSize(1, { descender: false })) * size;
	const v = (frame.height - heightAtOne * size) / 2 + descent;
	face.draw(page, text, { origin: (dx) => frame.at(u + dx, v), size, color: options.color, rotate: degrees(frame.rotate), direction });
}

function drawCheckbox(page: PDFPage, frame: Frame, checked: boolean): void {
	const side = Math.min(frame.width, frame.height);
	const u0 = (frame.width - side) / 2;
	const v0 = (frame.height - side) / 2;
	const corners = [
		[0, 0],
		[side, 0],
		[side, side],
		[0, side],
	].map(([u, v]) => frame.at(u0 + u, v0 + v));
	const thickness = Math.max(0.6, side / 14);
	corners.forEach((start, index) =>
		page.drawLine({ start, end: corners[(index + 1) % 4], thickness, color: TEXT }),
	);
	if (!checked) return;
	const tick = [
		[0.2, 0.5],
		[0.42, 0.25],
		[0.8, 0.78],
	].map(([u, v]) => frame.at(u0 + u * side, v0 + v * side));
	page.drawLine({ start: tick[0], end: tick[1], thickness: thickness * 1.8, color: INK });
	page.drawLine({ start: tick[1], end: tick[2], thickness: thickness * 1.8, color: INK });
}

/** A date value (ISO) as people in the workflow's time zone write it, in `locale`'s language ("4 January 2027", "4. Januar 2027"). */
export function formatDateValue(value: string, timeZone: string, locale = 'en'): string {
	const date = DateTime.fromISO(value, { zone: timeZone });
	return date.isValid ? date.setLocale(locale === 'en' ? 'en-GB' : locale).toLocaleString(DateTime.DATE_FULL) : value;
}

/** Draws every captured signature and every annotation onto its page. */
export async function stampDocument(document: PDFDocument, input: StampInput, fonts: DocumentFonts): Promise<void> {
	const pages = document.getPages();
	const pageOf = (number: number) => pages[number - 1] ?? null;

	for (const { field, png, prepared } of input.signatures) {
		const page = pageOf(field.page);
		if (!page || !field.valueType) continue;
		const frame = frameOf(page, field);
		if (field.valueType === 'drawn' && prepared) drawImageIn(page, frame, embedPreparedPng(document, prepared));
		else if (field.valueType === 'drawn' && png) drawImageIn(page, frame, await document.embedPng(png));
		else if (field.valueType === 'typed' && field.valueText) {
			const face = await fonts.signature(field.valueText);
			drawTextIn(page, frame, field.valueText, face, { size: frame.height * 0.7, color: INK, align: 'center' });
		}
	}

	for (const { annotation, image } of input.annotations) {
		const page = pageOf(annotation.page);
		if (!page) continue;
		const frame = frameOf(page, annotation);
		const { value } = annotation;
		switch (annotation.type) {
			case 'image':
				if (image)
					drawImageIn(page, frame, image.mimeType === 'image/png' ? await document.embedPng(image.bytes) : await document.embedJpg(image.bytes), 1);
				break;
			case 'checkbox':
				if (value !== null) drawCheckbox(page, frame, value === true);
				break;
			case 'date':
				if (typeof value === 'string' && value)
					drawTextIn(page, frame, formatDateValue(value, input.timeZone, (annotation.signerId && input.signerLocales?.get(annotation.signerId)) || input.locale), await fonts.sans(), { size: annotation.fontSize, color: TEXT, align: 'start' });
				break;
			case 'text':
				if (typeof value === 'string' && value)
					drawTextIn(page, frame, value, await fonts.sans(), { size: annotation.fontSize, color: TEXT, align: 'start' });
				break;
		}
	}
}
