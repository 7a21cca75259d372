import { DateTime } from 'luxon';
import { z } from 'zod';
import { Position, checkPosition } from './anchor';
import { Base64Content, Id, Timestamp, hasControlCharacters, singleLineText } from './common';

export const AnnotationType = z.enum(['text', 'date', 'checkbox', 'image']);
export type AnnotationType = z.infer<typeof AnnotationType>;

export const DEFAULT_ANNOTATION_SIZE: Record<AnnotationType, { width: number; height: number }> = {
	text: { width: 200, height: 20 },
	date: { width: 100, height: 20 },
	checkbox: { width: 14, height: 14 },
	image: { width: 120, height: 60 },
};

export const AnnotationValue = z.union([z.string(), z.boolean()]);
export type AnnotationValue = z.infer<typeof AnnotationValue>;

/**
 * An annotation is either fixed by the sender (`value`) or a field that one
 * signer fills in on the signing page (`signerId`), never both.
 */
export const AddAnnotationInput = z
	.strictObject({
		fileId: Id,
		...Position,
		width: z.number().positive().optional(),
		height: z.number().positive().optional(),
		type: AnnotationType,
		value: AnnotationValue.optional().describe(
			'Fixed content: text, an ISO date (2026-01-31), true/false for a checkbox, or a base64 PNG/JPEG for an image',
		),
		signerId: Id.optional().describe('The signer who fills this field in; leave out for fixed content'),
		label: singleLineText(200).optional().describe('What the signer is asked to fill in'),
		required: z.boolean().default(true).describe('Only for fields a signer fills in'),
		fontSize: z.number().min(4).max(72).default(11),
	})
	.superRefine((input, ctx) => {
		checkPosition(input, ctx);
		const fixed = input.value !== undefined;
		if (fixed === (input.signerId !== undefined)) {
			ctx.addIssue({
				code: 'custom',
				path: ['value'],
				message: 'Give either value (fixed content) or signerId (a field the signer fills), not both or neither.',
			});
			return;
		}
		if (fixed) checkFixedValue(input.type, input.value!, ctx);
		else if (input.type === 'image')
			ctx.addIssue({ code: 'custom', path: ['type'], message: 'Signers cannot fill image fields; use a fixed image.' });
	})
	.transform((input) => ({
		...input,
		width: input.width ?? DEFAULT_ANNOTATION_SIZE[input.type].width,
		height: input.height ?? DEFAULT_ANNOTATION_SIZE[input.type].height,
	}));
export type AddAnnotationInput = z.infer<typeof AddAnnotationInput>;

function checkFixedValue(type: AnnotationType, value: AnnotationValue, ctx: z.RefinementCtx): void {
	const problem = fixedValueProblem(type, value);
	if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
}

/** Why `value` cannot be the fixed content of an annotation of this type, or null when it can. */
export function fixedValueProblem(type: AnnotationType, value: AnnotationValue): string | null {
	switch (type) {
		case 'text':
			if (typeof value !== 'string' || value.trim() === '' || value.length > 2000) return 'A text annotation needs a non-empty text of at most 2000 characters.';
			return hasControlCharacters(value) ? 'Must not contain control characters (tabs and line breaks are fine).' : null;
		case 'date':
			return typeof value === 'string' && DateTime.fromISO(value).isValid ? null : 'A date annotation needs an ISO 8601 date such as 2026-01-31.';
		case 'checkbox':
			return typeof value === 'boolean' ? null : 'A checkbox annotation needs true or false.';
		case 'image':
			return typeof value === 'string' && Base64Content.safeParse(value).success ? null : 'An image annotation needs a base64-encoded PNG or JPEG.';
	}
}

export const Annotation = z.object({
	id: Id,
	workflowId: Id,
	fileId: Id,
	signerId: Id.nullable(),
	page: z.int(),
	x: z.number(),
	y: z.number(),
	width: z.number(),
	height: z.number(),
	type: AnnotationType,
	value: AnnotationValue.nullable().describe('Fixed content, or what the signer filled in; null for images'),
	imageFileId: Id.nullable().describe('The stored image of an image annotation'),
	label: z.string().nullable(),
	required: z.boolean(),
	fontSize: z.number(),
	filledAt: Timestamp.nullable(),
	createdAt: Timestamp,
});
export type Annotation = z.infer<typeof Annotation>;
