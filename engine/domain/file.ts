import { z } from 'zod';
import { Base64Content, Id, Timestamp, displayName } from './common';

export const PageInfo = z.object({
	number: z.int().min(1),
	width: z.number().describe('Page width in PDF points'),
	height: z.number().describe('Page height in PDF points'),
	rotation: z.int().describe('Clockwise rotation a viewer applies: 0, 90, 180 or 270'),
});
export type PageInfo = z.infer<typeof PageInfo>;

export const WorkflowFile = z.object({
	id: Id,
	workflowId: Id,
	name: z.string(),
	sha256: z.string().describe('SHA-256 of the original PDF, hex'),
	size: z.int().describe('Bytes'),
	pageCount: z.int(),
	pages: z.array(PageInfo),
	signedSha256: z.string().nullable().describe('SHA-256 of the signed PDF once the workflow completes'),
	signedSize: z.int().nullable(),
	createdAt: Timestamp,
});
export type WorkflowFile = z.infer<typeof WorkflowFile>;

export const FileName = displayName(255).transform((name) => name.split(/[\\/]/).pop() || 'document.pdf');

export const AddFileJsonInput = z.strictObject({
	name: FileName,
	contentBase64: Base64Content.describe('The PDF, base64-encoded'),
	textTags: z
		.boolean()
		.default(false)
		.describe('Turn the text tags in the PDF, such as {{signature;role=Employee}}, into fields of the draft\'s signers and cover them'),
});

/** As a draft's, but text tags are read unless `textTags` is false, and name the template's roles. */
export const AddTemplateFileJsonInput = AddFileJsonInput.extend({
	textTags: z
		.boolean()
		.default(true)
		.describe('Turn the text tags in the PDF, such as {{signature;role=Employee}}, into fields of the template\'s roles (by role name) and cover them; false keeps the PDF as it is'),
});

/** The name a signed document is downloaded under: contract.pdf -> contract-signed.pdf (the suffix in the reader's language). */
export function signedFileName(name: string, suffix = 'signed'): string {
	return name.replace(/(\.pdf)?$/i, `-${suffix}.pdf`);
}

export const FileVersion = z.enum(['original', 'signed']);
export type FileVersion = z.infer<typeof FileVersion>;
