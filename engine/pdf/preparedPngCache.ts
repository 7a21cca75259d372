import { preparedSize, type PreparedPng } from './preparedPng';

/** Bytes of prepared images kept at most: some thousands of drawn signatures. */
const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;

/**
 * Drawn signatures as the upload prepared them (decoded once, their planes
 * compressed: preparedPng.ts), kept in memory for the finalization that
 * stamps them, by organization and the PNG's SHA-256 (the stored blob's
 * name). Only a cache: what it no longer holds (the oldest beyond its
 * budget, anything after a restart or from another engine process) the
 * finalization decodes from the stored PNG, to the same image.
 */
export class PreparedPngCache {
	private readonly kept = new Map<string, PreparedPng>();
	private bytes = 0;

	constructor(private readonly maxBytes = DEFAULT_MAX_BYTES) {}

	keep(organizationId: string, sha256: string, prepared: PreparedPng): void {
		const size = preparedSize(prepared);
		if (size > this.maxBytes) return;
		const key = keyOf(organizationId, sha256);
		this.drop(key);
		this.kept.set(key, prepared);
		this.bytes += size;
		// A Map iterates in insertion order: the oldest go first.
		for (const [oldest] of this.kept) {
			if (this.bytes <= this.maxBytes) break;
			this.drop(oldest);
		}
	}

	/** The prepared images of these PNGs that are kept, by SHA-256. */
	find(organizationId: string, sha256s: Iterable<string>): Map<string, PreparedPng> {
		const found = new Map<string, PreparedPng>();
		for (const sha256 of sha256s) {
			const prepared = this.kept.get(keyOf(organizationId, sha256));
			if (prepared) found.set(sha256, prepared);
		}
		return found;
	}

	/** Lets go of images that have been stamped (a finalization tried again decodes them). */
	forget(organizationId: string, sha256s: Iterable<string>): void {
		for (const sha256 of sha256s) this.drop(keyOf(organizationId, sha256));
	}

	get size(): { images: number; bytes: number } {
		return { images: this.kept.size, bytes: this.bytes };
	}

	private drop(key: string): void {
		const prepared = this.kept.get(key);
		if (!prepared) return;
		this.kept.delete(key);
		this.bytes -= preparedSize(prepared);
	}
}

function keyOf(organizationId: string, sha256: string): string {
	return `${organizationId}/${sha256}`;
}
