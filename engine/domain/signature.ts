import { z } from 'zod';
import { Position, checkPosition } from './anchor';
import { Id, Timestamp } from './common';

export const SignatureKind = z.enum(['signature', 'initials']);
export type SignatureKind = z.infer<typeof SignatureKind>;

export const DEFAULT_SIGNATURE_SIZE: Record<SignatureKind, { width: number; height: number }> = {
	signature: { width: 180, height: 50 },
	initials: { width: 60, height: 40 },
};

export const AddSignatureInput = z
	.strictObject({
		fileId: Id,
		signerId: Id,
		...Position,
		width: z.number().positive().optional().describe('Points; 180 for a signature, 60 for initials'),
		height: z.number().positive().optional().describe('Points; 50 for a signature, 40 for initials'),
		kind: SignatureKind.default('signature'),
		required: z.boolean().default(true),
	})
	.superRefine(checkPosition)
	.transform((input) => ({
		...input,
		width: input.width ?? DEFAULT_SIGNATURE_SIZE[input.kind].width,
		height: input.height ?? DEFAULT_SIGNATURE_SIZE[input.kind].height,
	}));
export type AddSignatureInput = z.infer<typeof AddSignatureInput>;

export const SignatureValueType = z.enum(['typed', 'drawn']);
export type SignatureValueType = z.infer<typeof SignatureValueType>;

/** A place where a signer signs, as the API shows it; `signedAt` is set once the value is captured. */
export const SignatureFieldView = z.object({
	id: Id,
	workflowId: Id,
	fileId: Id,
	signerId: Id,
	page: z.int(),
	x: z.number(),
	y: z.number(),
	width: z.number(),
	height: z.number(),
	kind: SignatureKind,
	required: z.boolean(),
	signedAt: Timestamp.nullable(),
	valueType: SignatureValueType.nullable().describe('How the signer signed: a typed name or a drawn signature'),
	createdAt: Timestamp,
});
export type SignatureFieldView = z.infer<typeof SignatureFieldView>;

/** A signature field as the engine keeps it, with the captured value. */
export interface SignatureField extends SignatureFieldView {
	/** The typed name, for typed signatures. */
	valueText: string | null;
	/** The drawn PNG in the blob store, for drawn signatures. */
	valueImageSha256: string | null;
}
