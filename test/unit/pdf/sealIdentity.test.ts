import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SealIdentities, identityFromP12, selfSignedP12 } from '../../../engine/pdf/sealIdentity';

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

describe('SealIdentities', () => {
	it('replaces an unreadable seal file of an organization (as earlier versions wrote for names beyond Latin-1) with a new one', () => {
		const dataDir = mkdtempSync(path.join(os.tmpdir(), 'signflow-seals-'));
		try {
			mkdirSync(path.join(dataDir, 'seals'));
			writeFileSync(path.join(dataDir, 'seals', 'org-1.p12'), Buffer.from('not a pkcs12 file'));
			const identity = new SealIdentities(dataDir, () => 'derived-password').forOrganization('org-1', 'Société – RH');
			expect(identity.subject).toBe('Société – RH (Signflow seal)');
			expect(readdirSync(path.join(dataDir, 'seals')).sort()).toEqual(['org-1.p12', expect.stringMatching(/^org-1\.p12\.unreadable-\d+$/)]);
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	});

	it('makes a new seal certificate when the organization is renamed, once, and keeps the old one beside it', () => {
		const dataDir = mkdtempSync(path.join(os.tmpdir(), 'signflow-seals-'));
		try {
			const seals = new SealIdentities(dataDir, () => 'derived-password');
			const before = seals.forOrganization('org-1', 'n8n');
			const renamed = seals.forOrganization('org-1', '東京 HR 😀');
			expect(renamed.subject).toBe('東京 HR 😀 (Signflow seal)');
			expect(renamed.certificate.equals(before.certificate)).toBe(false);
			expect(readdirSync(path.join(dataDir, 'seals')).sort()).toEqual(['org-1.p12', expect.stringMatching(/^org-1\.p12\.renamed-\d+$/)]);
			// After a restart, the same name finds the same certificate.
			const again = new SealIdentities(dataDir, () => 'derived-password').forOrganization('org-1', '東京 HR 😀');
			expect(again.certificate.equals(renamed.certificate)).toBe(true);
			expect(readdirSync(path.join(dataDir, 'seals'))).toHaveLength(2);
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	});
});
