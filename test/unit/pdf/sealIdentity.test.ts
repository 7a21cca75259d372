import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SealIdentities, identityFromP12, selfSignedP12 } from '../../../engine/pdf/sealIdentity';

describe('a self-signed seal certificate', () => {
	it.each(['Acme HR', 'Société Générale – RH', '株式会社 山田 📄', 'شركة الأمل'])('opens again with its password, named %s', (name) => {
		const identity = identityFromP12(selfSignedP12(name, 'pässwörd'), 'pässwörd');
		expect(identity.subject).toBe(`${name} (Signflow seal)`);
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
});
