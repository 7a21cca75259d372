import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { RecentlyUsed } from '../support/recentlyUsed';

/** Joins the grants one link's cookie holds (an access grant, a verification grant). */
export const GRANT_SEPARATOR = '~';

/**
 * Lookup hashes of tokens hashed lately: a signer's page and each of its requests hash the token
 * of their link again (16 times per two-signer envelope, besides the 2 when it is sent). Whatever
 * the tokens presented, it holds 4,096 at most.
 */
const tokenHashes = new RecentlyUsed<string>(4096);

/**
 * Signing-link tokens. A token is an HMAC of the signer id and the link's
 * version under a key derived from the master key: 256 bits nobody can guess,
 * which the engine can show again (GET /workflows/{id} carries signingUrl)
 * without storing it. Only its SHA-256 is stored, to look the signer up.
 * Reissuing a link bumps the version, so the old token stops matching.
 */
export class SigningLinks {
	/**
	 * Tokens made lately, by signer and link version: an envelope's requests ask for each signer's
	 * token eight times (its link checked on each signing request, its signingUrl in answers and
	 * webhooks), and an HMAC costs some 20 us in the engine between requests.
	 */
	private readonly tokens = new RecentlyUsed<string>(4096);

	constructor(
		private readonly key: Buffer,
		private readonly publicUrl: () => string,
	) {}

	token(signerId: string, linkVersion: number): string {
		return this.tokens.get(`${signerId}:${linkVersion}`, () => createHmac('sha256', this.key).update(`link:${signerId}:${linkVersion}`).digest('base64url'));
	}

	url(signerId: string, linkVersion: number): string {
		return `${this.publicUrl()}/sign/${this.token(signerId, linkVersion)}`;
	}

	/** The stored lookup hash; null for strings that cannot be a token. */
	static hash(token: string): string | null {
		if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
		return tokenHashes.get(token, () => createHash('sha256').update(token).digest('hex'));
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
		return this.checkGrant(grant, now, (expiresAt) => this.accessGrant(signerId, linkVersion, expiresAt));
	}

	/**
	 * A short-lived proof that the signer entered the code emailed to them (verification
	 * "email_otp"), kept in the same cookie as the access grant (grants joined by GRANT_SEPARATOR).
	 * Its MAC differs from an access grant's, so one never stands for the other.
	 */
	verificationGrant(signerId: string, linkVersion: number, expiresAt: number): string {
		const mac = createHmac('sha256', this.key).update(`verified:${signerId}:${linkVersion}:${expiresAt}`).digest('base64url');
		return `${expiresAt}.${mac}`;
	}

	checkVerificationGrant(grant: string | undefined, signerId: string, linkVersion: number, now: number): boolean {
		return this.checkGrant(grant, now, (expiresAt) => this.verificationGrant(signerId, linkVersion, expiresAt));
	}

	/**
	 * The stored form of an emailed code: an HMAC bound to the signer and the link version (a new
	 * link voids it), so the six digits cannot be read back from a copy of the database.
	 */
	verificationCodeHash(signerId: string, linkVersion: number, code: string): string {
		return createHmac('sha256', this.key).update(`email-code:${signerId}:${linkVersion}:${code}`).digest('base64url');
	}

	/** Whether any of the grants in a cookie value is one `expected` makes for its expiry, and unexpired. */
	private checkGrant(value: string | undefined, now: number, expected: (expiresAt: number) => string): boolean {
		if (!value) return false;
		return value.split(GRANT_SEPARATOR).some((grant) => {
			const [expires, mac] = grant.split('.');
			const expiresAt = Number(expires);
			if (!mac || !Number.isSafeInteger(expiresAt) || expiresAt < now) return false;
			const wanted = Buffer.from(expected(expiresAt).split('.')[1]);
			const given = Buffer.from(mac);
			return given.length === wanted.length && timingSafeEqual(given, wanted);
		});
	}
}
