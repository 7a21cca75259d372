import { X509Certificate, createPrivateKey } from 'node:crypto';
import { identityFromP12, selfSignedIdentity, selfSignedP12 } from '../../../engine/pdf/sealIdentity';

describe("an organization's self-signed seal certificate", () => {
	it.each(['Acme HR', 'Zürich Versicherung AG', 'Zu\u0308rich Versicherung AG', '株式会社 印章', 'שלום בע״מ', 'Café 🚀 Ltd'])(
		'carries the name %j readably, in a PKCS#12 that opens',
		(organization) => {
			const identity = identityFromP12(selfSignedP12(organization, 's3cret'), 's3cret');
			expect(identity.subject).toBe(`${organization} (Signflow seal)`);
			// An independent X.509 parser reads the same name (as UTF8String).
			const subject = new X509Certificate(identity.certificate).subject;
			expect(subject).toContain(`CN=${organization} (Signflow seal)`);
			expect(subject).toContain(`O=${organization}`);
			// Self-signed: the certificate's signature (made by Node's crypto) verifies with its own key.
			const certificate = new X509Certificate(identity.certificate);
			expect(certificate.verify(certificate.publicKey)).toBe(true);
		},
	);

	it('made asynchronously, is as valid, and the event loop runs while its key is generated', async () => {
		let turns = 0;
		const timer = setInterval(() => (turns += 1), 1);
		try {
			const identity = await selfSignedIdentity('Zu\u0308rich Versicherung AG');
			expect(turns).toBeGreaterThan(0);
			expect(identity.subject).toBe('Zu\u0308rich Versicherung AG (Signflow seal)');
			const certificate = new X509Certificate(identity.certificate);
			expect(certificate.verify(certificate.publicKey)).toBe(true);
			expect(certificate.checkPrivateKey(createPrivateKey({ key: identity.privateKey, format: 'der', type: 'pkcs8' }))).toBe(true);
		} finally {
			clearInterval(timer);
		}
	});

	it('shortens a long name without splitting a character', () => {
		const identity = identityFromP12(selfSignedP12(`${'🚀'.repeat(39)}éé`, 'pw'), 'pw');
		expect(identity.subject).toBe(`${'🚀'.repeat(39)}é (Signflow seal)`);
	});
});
