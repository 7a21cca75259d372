import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const MASTER_KEY_FILE = 'master.key';

/**
 * The engine's master secret: from SIGNFLOW_MASTER_KEY (base64 or hex, 32
 * bytes; required when several engines share a PostgreSQL database), or a
 * file in the data folder created at first start with mode 0600.
 * Purpose-specific keys are derived from it with HKDF, never used directly.
 */
export class MasterKey {
	private constructor(
		private readonly secret: Buffer,
		/** Where this process read it from, for messages about it. */
		readonly source: MasterKeySource,
	) {}

	/** A key given as text (base64 or hex), as `signflow restore` takes one: never made, never read from a folder. */
	static fromText(text: string): MasterKey {
		return new MasterKey(parseKey(text.trim()), { kind: 'environment' });
	}

	static load(dataDir: string, fromEnv?: string): MasterKey {
		if (fromEnv) return new MasterKey(parseKey(fromEnv), { kind: 'environment' });
		const file = path.join(dataDir, MASTER_KEY_FILE);
		if (existsSync(file)) return new MasterKey(parseKey(readFileSync(file, 'utf8').trim()), { kind: 'file', file, created: false });
		mkdirSync(dataDir, { recursive: true });
		const secret = randomBytes(32);
		try {
			writeFileSync(file, `${secret.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
		} catch (error) {
			// Another process created it first: use theirs.
			if ((error as NodeJS.ErrnoException).code === 'EEXIST') return MasterKey.load(dataDir);
			throw error;
		}
		return new MasterKey(secret, { kind: 'file', file, created: true });
	}

	/**
	 * A value that tells whether two processes hold the same master key without revealing it: an
	 * HMAC of a fixed label under a key derived for this purpose alone (HKDF), so it gives nothing
	 * about the master key nor any other derived key.
	 */
	checkValue(): string {
		return `v1:${createHmac('sha256', this.derive('key-check')).update('signflow master key check value').digest('base64url')}`;
	}

	derive(purpose: string): Buffer {
		return Buffer.from(hkdfSync('sha256', this.secret, Buffer.alloc(0), `signflow:${purpose}`, 32));
	}
}

export type MasterKeySource = { kind: 'environment' } | { kind: 'file'; file: string; created: boolean };

function parseKey(text: string): Buffer {
	const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
	if (key.length !== 32) throw new Error('The master key must be 32 bytes, given as 64 hex digits or base64.');
	return key;
}
