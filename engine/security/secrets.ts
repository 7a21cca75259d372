import { createHash, randomBytes, randomInt, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { ApiKeyMode } from '../domain';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** A new API key: 256 random bits; only its SHA-256 is stored. */
export interface GeneratedApiKey {
	key: string;
	prefix: string;
	keyHash: string;
}

export function generateApiKey(mode: ApiKeyMode): GeneratedApiKey {
	const key = `sf_${mode}_${randomBytes(32).toString('base64url')}`;
	return { key, prefix: key.slice(0, 12), keyHash: hashApiKey(key) };
}

/** Keys are long random strings, so a fast hash is enough and lookups stay indexable. */
export function hashApiKey(key: string): string {
	return createHash('sha256').update(key).digest('hex');
}

/** Access codes are short and guessable, so they get a salted, slow hash. */
export async function hashAccessCode(code: string): Promise<string> {
	const salt = randomBytes(16);
	const hash = await scrypt(code, salt, 32);
	return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifyAccessCode(code: string, stored: string): Promise<boolean> {
	const [scheme, salt, hash] = stored.split('$');
	if (scheme !== 'scrypt' || !salt || !hash) return false;
	const expected = Buffer.from(hash, 'base64url');
	const actual = await scrypt(code, Buffer.from(salt, 'base64url'), expected.length);
	return timingSafeEqual(actual, expected);
}

/** A new access code for a signer: 8 digits, easy to read out over the phone. */
export function newAccessCode(): string {
	return String(randomInt(0, 100_000_000)).padStart(8, '0');
}
