import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signing-link tokens. A token is an HMAC of the signer id and the link's
 * version under a key derived from the master key: 256 bits nobody can guess,
 * which the engine can show again (GET /workflows/{id} carries signingUrl)
 * without storing it. Only its SHA-256 is stored, to look the signer up.
 * Reissuing a link bumps the version, so the old token stops matching.
 */
export class SigningLinks {
	constructor(
		private readonly key: Buffer,
		private readonly publicUrl: () => string,
	) {}

	token(signerId: string, linkVersion: number): string {
		return createHmac('sha256', this.key).update(`link:${signerId}:${linkVersion}`).digest('base64url');
	}

	url(signerId: string, linkVersion: number): string {
		return `${this.publicUrl()}/sign/${this.token(signerId, linkVersion)}`;
	}

	/** The stored lookup hash; null for strings that cannot be a token. */
	static hash(token: string): string | null {
		if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
		return createHash('sha256').update(token).digest('hex');
	}

	/**
	 * A short-lived proof that this link's access code was entered, kept in a
	 * cookie scoped to the link. It dies with the link version.
	 */
	accessGrant(signerId: string, linkVersion: number, expiresAt: number): string {
		const mac = createHmac('sha256', this.key).update(`grant:${signerId}:${linkVersion}:${expiresAt}`).digest('base64url');
		return `${expiresAt}.${mac}`;
	}

	checkAccessGrant(grant: string | undefined, signerId: string, linkVersion: number, now: number): boolean {
		if (!grant) return false;
		const [expires, mac] = grant.split('.');
		const expiresAt = Number(expires);
		if (!mac || !Number.isSafeInteger(expiresAt) || expiresAt < now) return false;
		const expected = Buffer.from(this.accessGrant(signerId, linkVersion, expiresAt).split('.')[1]);
		const given = Buffer.from(mac);
		return given.length === expected.length && timingSafeEqual(given, expected);
	}
}
