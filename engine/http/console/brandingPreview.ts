import { z } from 'zod';
import type { SignflowService } from '../../app/service';
import { DEFAULT_LOCALE, displayName, HexColor, type Principal } from '../../domain';
import { inspectImage } from '../../pdf/images';
import { pooledRandomBytes } from '../../security/randomPool';
import { accessCodeBody, layout } from '../signing/pages';
import { signingAssets } from '../signing/servedAssets';

/**
 * What the console's branding screen shows before anything is saved: the real signing page (its
 * first screen, the access code form, drawn by the same layout) and the real invitation email,
 * with the branding being edited. Unsaved values win; what is left out is the organization's own.
 */
export const BrandingPreviewInput = z.strictObject({
	page: z.enum(['signing', 'email']),
	organizationName: displayName(200).optional(),
	primaryColor: HexColor.optional(),
	/** A PNG or JPEG in base64; "" shows no logo; left out: the saved one. */
	logo: z.string().max(8 * 1024 * 1024).optional(),
});
export type BrandingPreviewInput = z.infer<typeof BrandingPreviewInput>;

/**
 * Draws the invitation email's HTML for a branding (the mail layer's renderer, handed in by the
 * runtime: http/ does not import mail/). logoSrc is the logo's address, or null.
 */
export type InvitationEmailPreviewer = (branding: { organizationName: string; primaryColor: string; logoSrc: string | null }, locale: string, signingUrl: string) => string;

/** The previewed page's policy: its own styles only, no script at all (sandbox), framed only by the console. */
const previewPolicy = (nonce: string | null) =>
	[
		"default-src 'none'",
		nonce ? `style-src 'self' 'nonce-${nonce}'` : "style-src 'unsafe-inline'",
		"img-src 'self' data:",
		"font-src 'self' data:",
		"form-action 'none'",
		"frame-ancestors 'self'",
		"base-uri 'none'",
		// An opaque origin, no scripts, no forms, no popups: the preview cannot act as the console.
		'sandbox',
	].join('; ');

export async function brandingPreview(
	service: SignflowService,
	principal: Principal,
	input: BrandingPreviewInput,
	options: { publicUrl: string; previewEmail: InvitationEmailPreviewer },
): Promise<{ html: string; contentSecurityPolicy: string }> {
	const [organization, saved] = await Promise.all([service.getOrganization(principal), service.getBranding(principal)]);
	const organizationName = input.organizationName ?? organization.name;
	const primaryColor = input.primaryColor ?? saved.primaryColor;
	const logo = await logoDataUrl(service, principal, input.logo, saved.logoFileId !== null);
	const locale = organization.defaultLocale ?? DEFAULT_LOCALE;
	if (input.page === 'email') {
		const html = options.previewEmail({ organizationName, primaryColor, logoSrc: logo }, locale, `${options.publicUrl}/sign/example`);
		return { html, contentSecurityPolicy: previewPolicy(null) };
	}
	const nonce = pooledRandomBytes(16).toString('base64');
	const html = layout({
		title: organizationName,
		nonce,
		branding: { organizationName, primaryColor, logoUrl: logo, iconUrl: null },
		body: accessCodeBody(null, locale, '/sign/preview'),
		assets: signingAssets(),
		locale,
		path: '/sign/preview',
	});
	return { html, contentSecurityPolicy: previewPolicy(nonce) };
}

/** The logo as a data: address: the unsaved one (checked as an upload would be), else the saved one. */
async function logoDataUrl(service: SignflowService, principal: Principal, unsaved: string | undefined, hasSaved: boolean): Promise<string | null> {
	if (unsaved === '') return null;
	if (unsaved !== undefined) {
		const bytes = Buffer.from(unsaved, 'base64');
		const mimeType = await inspectImage(bytes, 'logo');
		return `data:${mimeType};base64,${bytes.toString('base64')}`;
	}
	if (!hasSaved) return null;
	const image = await service.getBrandingImage(principal, 'logo');
	return `data:${image.mimeType};base64,${image.bytes.toString('base64')}`;
}
