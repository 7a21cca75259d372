/** What a party agrees to by ticking the consent box; recorded with their signature or approval in the language they saw. */
export const en = {
	signer:
		'I agree to sign this document electronically. My electronic signature is the legal equivalent of my handwritten signature, and I consent to doing business electronically.',
	approver:
		'I have reviewed this document and approve it electronically. My electronic approval is the legal equivalent of my handwritten approval, and I consent to doing business electronically.',
};
