import { createCipheriv, createDecipheriv } from 'node:crypto';
import { pooledRandomBytes } from './randomPool';

/**
 * Secrets the engine must read back (webhook HMAC secrets, basic-auth
 * passwords, custom header values) are stored encrypted: AES-256-GCM with a
 * key derived from the master key, so a copy of the database alone reveals
 * nothing.
 */
export class SecretBox {
	constructor(private readonly key: Buffer) {}

	seal(plaintext: string): string {
		const iv = pooledRandomBytes(12);
		const cipher = createCipheriv('aes-256-gcm', this.key, iv);
		const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
		return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
	}

	open(sealed: string): string {
		const [version, data] = sealed.split('.');
		if (version !== 'v1' || !data) throw new Error('Unknown sealed secret format.');
		const bytes = Buffer.from(data, 'base64');
		const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
		decipher.setAuthTag(bytes.subarray(12, 28));
		return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
	}
}
