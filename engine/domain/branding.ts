import { z } from 'zod';
import { Base64Content, HexColor, Id, Timestamp } from './common';

export const DEFAULT_PRIMARY_COLOR = '#2563eb';

/** The organization's branding, called "interface" in the API (the SIGN8 name: /interface, interfaceId). Defaults apply when unset. */
export const Branding = z.object({
	interfaceId: Id,
	organizationId: Id,
	primaryColor: HexColor,
	iconFileId: Id.nullable(),
	logoFileId: Id.nullable(),
	isDefault: z.boolean().describe('True while the organization has not set its own branding'),
	createdAt: Timestamp,
	updatedAt: Timestamp,
});
export type Branding = z.infer<typeof Branding>;

export const ImageInput = z.strictObject({
	contentBase64: Base64Content.describe('PNG or JPEG image, base64-encoded'),
});

export const UpdateBrandingInput = z
	.strictObject({
		primaryColor: HexColor.nullable().optional().describe('null restores the default'),
		logo: ImageInput.nullable().optional().describe('null removes the logo'),
		icon: ImageInput.nullable().optional().describe('null removes the icon'),
	})
	.refine((input) => Object.keys(input).length > 0, {
		message: 'Give at least one of primaryColor, logo or icon.',
	});
export type UpdateBrandingInput = z.infer<typeof UpdateBrandingInput>;
