/** What a signer agrees to by ticking the consent box; recorded with the signature and printed on the certificate. */
export const CONSENT_TEXT =
	'I agree to sign this document electronically. My electronic signature is the legal equivalent of my handwritten signature, and I consent to doing business electronically.';
