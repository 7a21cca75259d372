import { X509Certificate } from 'node:crypto';
import { identityFromP12, selfSignedP12 } from '../../../engine/pdf/sealIdentity';

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
		},
	);

	it('shortens a long name without splitting a character', () => {
		const identity = identityFromP12(selfSignedP12(`${'🚀'.repeat(39)}éé`, 'pw'), 'pw');
		expect(identity.subject).toBe(`${'🚀'.repeat(39)}é (Signflow seal)`);
	});
});
