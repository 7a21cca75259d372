/*
 * Where a field is, in the API's terms and on the screen. The API's box (x, y, width, height) is in
 * PDF points in the page's own, unrotated space, from its bottom-left corner; a page with /Rotate is
 * shown turned clockwise, so the editor works with the box as shown: left, top, width, height in
 * points from the shown page's top-left corner. The conversion is pdf.js's viewport transform at
 * scale 1 (what the signing page draws fields with) and the engine's frameOf (engine/pdf/stamp.ts,
 * what stamps a signature upright where the signer saw it); test/unit/http/consoleGeometry.test.ts
 * holds the three together.
 */

export type Rotation = 0 | 90 | 180 | 270;

/** A page as the API describes it (file.pages): its unrotated size in points and its clockwise rotation. */
export interface PageSize {
	width: number;
	height: number;
	rotation: number;
}

/** The API's box: points in the unrotated page, origin bottom-left. */
export interface PdfBox {
	x: number;
	y: number;
	width: number;
	height: number;
}

/** The box as the page is shown: points from the shown page's top-left corner, y down. */
export interface ShownBox {
	left: number;
	top: number;
	width: number;
	height: number;
}

export function rotationOf(page: PageSize): Rotation {
	const turned = (((Math.round(page.rotation / 90) * 90) % 360) + 360) % 360;
	return turned as Rotation;
}

/** The page's size as shown: a quarter turn swaps its sides. */
export function shownSize(page: PageSize): { width: number; height: number } {
	const rotation = rotationOf(page);
	return rotation === 90 || rotation === 270 ? { width: page.height, height: page.width } : { width: page.width, height: page.height };
}

export function toShown(page: PageSize, box: PdfBox): ShownBox {
	const { width: W, height: H } = page;
	switch (rotationOf(page)) {
		case 0:
			return { left: box.x, top: H - box.y - box.height, width: box.width, height: box.height };
		case 90:
			return { left: box.y, top: box.x, width: box.height, height: box.width };
		case 180:
			return { left: W - box.x - box.width, top: box.y, width: box.width, height: box.height };
		case 270:
			return { left: H - box.y - box.height, top: W - box.x - box.width, width: box.height, height: box.width };
	}
}

export function toPdf(page: PageSize, shown: ShownBox): PdfBox {
	const { width: W, height: H } = page;
	const box = ((): PdfBox => {
		switch (rotationOf(page)) {
			case 0:
				return { x: shown.left, y: H - shown.top - shown.height, width: shown.width, height: shown.height };
			case 90:
				return { x: shown.top, y: shown.left, width: shown.height, height: shown.width };
			case 180:
				return { x: W - shown.left - shown.width, y: shown.top, width: shown.width, height: shown.height };
			case 270:
				return { x: W - shown.top - shown.height, y: H - shown.left - shown.width, width: shown.height, height: shown.width };
		}
	})();
	return { x: round(box.x), y: round(box.y), width: round(box.width), height: round(box.height) };
}

/** Points closer than this to a page edge snap onto it. */
export const EDGE_SNAP = 4;
/** The smallest field, in points. */
export const MIN_SIZE = 8;

/**
 * A box placed or moved: on whole points (the grid), no smaller than MIN_SIZE nor bigger than the
 * page, inside the page, and (unless `edges` is false: a move by the keyboard goes point by point)
 * onto a page edge it nearly touches.
 */
export function fitShown(page: PageSize, shown: ShownBox, edges = true): ShownBox {
	const size = shownSize(page);
	const width = clamp(Math.round(shown.width), MIN_SIZE, round(size.width));
	const height = clamp(Math.round(shown.height), MIN_SIZE, round(size.height));
	const left = placeAlong(Math.round(shown.left), width, size.width, edges ? EDGE_SNAP : 0);
	const top = placeAlong(Math.round(shown.top), height, size.height, edges ? EDGE_SNAP : 0);
	return { left, top, width, height };
}

/** A box resized from its bottom-right corner: its top-left corner stays, its far edges stay on the page (and snap onto it). */
export function resizeShown(page: PageSize, shown: ShownBox, width: number, height: number, edges = true): ShownBox {
	const size = shownSize(page);
	const snap = edges ? EDGE_SNAP : 0;
	const along = (start: number, length: number, extent: number) => {
		const fitted = clamp(Math.round(length), MIN_SIZE, round(extent - start));
		return extent - (start + fitted) < snap ? round(extent - start) : fitted;
	};
	return { ...shown, width: along(shown.left, width, size.width), height: along(shown.top, height, size.height) };
}

function placeAlong(start: number, length: number, extent: number, snap: number): number {
	const last = round(extent - length);
	if (start < snap || start < 0) return 0;
	if (start > last - snap || start > last) return last;
	return start;
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);

/** Two decimals, as the engine keeps page sizes. */
export const round = (value: number): number => Math.round(value * 100) / 100;
