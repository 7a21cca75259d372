import { randomFillSync } from 'node:crypto';

/** Bytes drawn from the CSPRNG at once: one draw serves some 340 IVs. */
const POOL_BYTES = 4096;
/** The largest draw taken from the pool; anything larger gets a draw of its own. */
const MAX_POOLED = 64;

const pool = Buffer.allocUnsafeSlow(POOL_BYTES);
let offset = POOL_BYTES;

/**
 * `size` fresh bytes from the CSPRNG for values that must be unpredictable and never repeat but
 * are not secrets kept for later: AES-GCM IVs, CSP nonces, temporary file names. Drawn 4 KiB at a
 * time, as Node draws for randomUUID: one randomBytes(12) costs 5-7 us in a loop and some 20 us in
 * the engine between requests, a copy from the pool well under one. Each byte is handed out once
 * and the caller gets a copy, never a view of the pool.
 * Keys, tokens and other secrets take randomBytes of their own (security/secrets.ts).
 */
export function pooledRandomBytes(size: number): Buffer {
	if (!Number.isInteger(size) || size < 1) throw new RangeError(`pooledRandomBytes takes a whole number of bytes above 0, not ${size}.`);
	if (size > MAX_POOLED) return randomFillSync(Buffer.alloc(size));
	if (offset + size > POOL_BYTES) {
		randomFillSync(pool);
		offset = 0;
	}
	const bytes = Buffer.from(pool.subarray(offset, offset + size));
	offset += size;
	return bytes;
}
