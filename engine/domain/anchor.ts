import { z } from 'zod';
import { Box } from './common';
import { invalid } from './errors';
import type { PlacedBox } from './geometry';

/** A field placed by a text of the document instead of coordinates (DocuSign's anchor tabs). */
export const Anchor = z
	.strictObject({
		text: z.string().trim().min(1).max(200).describe('A text of the document, matched exactly (case included), such as "Signature:"'),
		offsetX: z.number().min(-2000).max(2000).default(0).describe('Points to the right of the anchor text\'s bottom-left corner (negative: left)'),
		offsetY: z.number().min(-2000).max(2000).default(0).describe('Points above the anchor text\'s bottom-left corner (negative: below)'),
		occurrence: z
			.int()
			.min(1)
			.optional()
			.describe('Which occurrence, from 1, in page and reading order; left out: a field at every occurrence'),
	})
	.describe('Instead of page, x and y: the field is placed relative to each (or the n-th) occurrence of a text in the file');
export type Anchor = z.infer<typeof Anchor>;

/** page, x and y, or an anchor: the position fields of Add Signature and Add Annotation. */
export const Position = {
	page: Box.page.optional(),
	x: Box.x.optional(),
	y: Box.y.optional(),
	anchor: Anchor.optional(),
};

/** One position, coordinates or anchor, never both or neither. */
export function checkPosition(input: { page?: number; x?: number; y?: number; anchor?: Anchor }, ctx: z.RefinementCtx): void {
	const coordinates = [input.page, input.x, input.y].filter((value) => value !== undefined).length;
	if (input.anchor && coordinates > 0)
		ctx.addIssue({ code: 'custom', path: ['anchor'], message: 'Give either page, x and y, or an anchor, not both.' });
	else if (!input.anchor && coordinates < 3)
		for (const key of ['page', 'x', 'y'] as const)
			if (input[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'Required (or give an anchor instead of page, x and y).' });
}

/**
 * The boxes a field of this size gets at the anchor's occurrences (each one's
 * bottom-left corner moved by the offsets), or 422 anchor_not_found.
 */
export function anchoredBoxes(
	anchor: Anchor,
	occurrences: ReadonlyArray<{ page: number; box: { x: number; y: number } }>,
	size: { width: number; height: number },
	fileName: string,
): PlacedBox[] {
	const chosen = anchor.occurrence === undefined ? occurrences : occurrences.slice(anchor.occurrence - 1, anchor.occurrence);
	if (chosen.length === 0)
		throw invalid(
			'anchor_not_found',
			occurrences.length === 0
				? `The anchor text "${anchor.text}" does not occur in "${fileName}".`
				: `The anchor text "${anchor.text}" occurs ${occurrences.length} time(s) in "${fileName}", so there is no occurrence ${anchor.occurrence}.`,
			[{ path: anchor.occurrence === undefined || occurrences.length === 0 ? 'anchor.text' : 'anchor.occurrence', message: 'Not found.' }],
		);
	return chosen.map(({ page, box }) => ({
		page,
		x: round(box.x + anchor.offsetX),
		y: round(box.y + anchor.offsetY),
		...size,
	}));
}

function round(value: number): number {
	return Math.round(value * 100) / 100;
}
