/*
 * What a party agrees to by ticking the consent box on the signing page. The
 * page shows the text for the party's role, the same text is recorded with the
 * signature or approval, and the certificate prints what was recorded.
 * (No imports: the finalization worker reads this without loading zod.)
 */

/** A signer's consent. */
export const CONSENT_TEXT =
	'I agree to sign this document electronically. My electronic signature is the legal equivalent of my handwritten signature, and I consent to doing business electronically.';

/** An approver's consent: they approve what others filled in and signed, they do not sign it. */
export const APPROVAL_CONSENT_TEXT =
	'I have reviewed this document and approve it electronically. My electronic approval is the legal equivalent of my handwritten approval, and I consent to doing business electronically.';

/** The consent text a party of this role is shown and agrees to. */
export function consentTextFor(role: string): string {
	return role === 'approver' ? APPROVAL_CONSENT_TEXT : CONSENT_TEXT;
}
