import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a request's timestamp may be from now: older ones are replays. */
export const TOLERANCE_SECONDS = 5 * 60;

/**
 * Standard Webhooks verification: HMAC-SHA256 of "id.timestamp.body" with
 * each of the secrets, compared in constant time against every v1 signature
 * of the header, and a timestamp within five minutes.
 */
export function verifyStandardWebhook(
	secrets: readonly string[],
	headers: Record<string, string | string[] | undefined>,
	rawBody: Buffer,
	nowSeconds = Math.floor(Date.now() / 1000),
): { valid: true; id: string; timestamp: number } | { valid: false; reason: string } {
	const header = (name: string) => {
		const value = headers[name];
		return Array.isArray(value) ? value[0] : value;
	};
	const id = header('webhook-id');
	const timestamp = Number(header('webhook-timestamp'));
	const signatures = header('webhook-signature');
	if (secrets.length === 0) return { valid: false, reason: 'not registered' };
	if (!id || !signatures || !Number.isSafeInteger(timestamp)) return { valid: false, reason: 'missing webhook headers' };
	if (Math.abs(nowSeconds - timestamp) > TOLERANCE_SECONDS) return { valid: false, reason: 'timestamp outside the tolerance' };
	const given = signatures
		.split(' ')
		.map((entry) => entry.split(','))
		.filter(([version, signature]) => version === 'v1' && signature)
		.map(([, signature]) => Buffer.from(signature, 'base64'));
	for (const secret of secrets) {
		const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
		const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(rawBody).digest();
		if (given.some((signature) => signature.length === expected.length && timingSafeEqual(signature, expected))) return { valid: true, id, timestamp };
	}
	return { valid: false, reason: 'signature mismatch' };
}

/** Deliveries already taken (id and timestamp): the same request again is a replay. */
export class SeenRequests {
	private readonly seen = new Map<string, number>();

	/** True the first time; false for a repeat within the tolerance. */
	firstTime(id: string, timestamp: number, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
		for (const [key, at] of this.seen) if (nowSeconds - at > TOLERANCE_SECONDS * 2) this.seen.delete(key);
		const key = `${id}.${timestamp}`;
		if (this.seen.has(key)) return false;
		this.seen.set(key, timestamp);
		return true;
	}
}
