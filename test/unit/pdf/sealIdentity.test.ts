import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SealIdentities, identityFromP12, selfSignedP12, selfSignedP12Async } from '../../../engine/pdf/sealIdentity';

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
			const identity = identityFromP12(await selfSignedP12Async('Zu\u0308rich Versicherung AG', 'pw'), 'pw');
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

describe('SealIdentities', () => {
	it('replaces an unreadable seal file of an organization (as earlier versions wrote for names beyond Latin-1) with a new one', async () => {
		const dataDir = mkdtempSync(path.join(os.tmpdir(), 'signflow-seals-'));
		try {
			mkdirSync(path.join(dataDir, 'seals'));
			writeFileSync(path.join(dataDir, 'seals', 'org-1.p12'), Buffer.from('not a pkcs12 file'));
			const identity = await new SealIdentities(dataDir, () => 'derived-password').forOrganization('org-1', 'Société – RH');
			expect(identity.subject).toBe('Société – RH (Signflow seal)');
			expect(readdirSync(path.join(dataDir, 'seals')).sort()).toEqual(['org-1.p12', expect.stringMatching(/^org-1\.p12\.unreadable-\d+$/)]);
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	});

	it('makes a new seal certificate when the organization is renamed, once, and keeps the old one beside it', async () => {
		const dataDir = mkdtempSync(path.join(os.tmpdir(), 'signflow-seals-'));
		try {
			const seals = new SealIdentities(dataDir, () => 'derived-password');
			const before = await seals.forOrganization('org-1', 'n8n');
			const renamed = await seals.forOrganization('org-1', '東京 HR 😀');
			expect(renamed.subject).toBe('東京 HR 😀 (Signflow seal)');
			expect(renamed.certificate.equals(before.certificate)).toBe(false);
			expect(readdirSync(path.join(dataDir, 'seals')).sort()).toEqual(['org-1.p12', expect.stringMatching(/^org-1\.p12\.renamed-\d+$/)]);
			// After a restart, the same name finds the same certificate.
			const again = await new SealIdentities(dataDir, () => 'derived-password').forOrganization('org-1', '東京 HR 😀');
			expect(again.certificate.equals(renamed.certificate)).toBe(true);
			expect(readdirSync(path.join(dataDir, 'seals'))).toHaveLength(2);
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	});

	it('gives jobs of one organization finalized at once one certificate, from one file, even from two sources', async () => {
		const dataDir = mkdtempSync(path.join(os.tmpdir(), 'signflow-seals-'));
		try {
			const one = new SealIdentities(dataDir, () => 'derived-password');
			const other = new SealIdentities(dataDir, () => 'derived-password');
			const identities = await Promise.all([
				one.forOrganization('org-1', 'Ærø Tømrer ApS'),
				one.forOrganization('org-1', 'Ærø Tømrer ApS'),
				other.forOrganization('org-1', 'Ærø Tømrer ApS'),
			]);
			for (const identity of identities) expect(identity.certificate.equals(identities[0].certificate)).toBe(true);
			expect(readdirSync(path.join(dataDir, 'seals'))).toEqual(['org-1.p12']);
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	});
});
