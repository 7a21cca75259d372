/**
 * Blobs this process read lately, by SHA-256: a blob never changes, so a copy kept is always
 * right, on every process. What a signing workflow reads again and again (the PDF for each
 * signer's page and for sealing, the drawn signatures) then costs one round trip to the database.
 * Bounded by bytes; blobs over `maxBlobBytes` are not kept.
 */
export class BlobCache {
	private readonly entries = new Map<string, Buffer>();
	private bytes = 0;

	constructor(
		private readonly maxBytes = 64 * 1024 * 1024,
		private readonly maxBlobBytes = 8 * 1024 * 1024,
	) {}

	/** A copy of the blob (callers may change what they are given), or undefined. */
	get(sha256: string): Buffer | undefined {
		const kept = this.entries.get(sha256);
		if (!kept) return undefined;
		this.entries.delete(sha256);
		this.entries.set(sha256, kept);
		return Buffer.from(kept);
	}

	has(sha256: string): boolean {
		return this.entries.has(sha256);
	}

	/** Forgets a blob that was removed from the store. */
	delete(sha256: string): void {
		const kept = this.entries.get(sha256);
		if (!kept) return;
		this.entries.delete(sha256);
		this.bytes -= kept.length;
	}

	set(sha256: string, bytes: Uint8Array): void {
		if (bytes.length > this.maxBlobBytes || this.entries.has(sha256)) return;
		this.entries.set(sha256, Buffer.from(bytes));
		this.bytes += bytes.length;
		for (const [oldest, kept] of this.entries) {
			if (this.bytes <= this.maxBytes) break;
			this.entries.delete(oldest);
			this.bytes -= kept.length;
		}
	}
}
