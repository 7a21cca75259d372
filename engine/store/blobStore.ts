import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

export function sha256Hex(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

export function assertSha256(sha256: string): void {
	if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`Not a SHA-256: ${sha256}`);
}

/**
 * The blob store port: content-addressed bytes (PDFs, drawn signatures, branding images) named by
 * their SHA-256. On SQLite a folder on disk (DiskBlobStore); on PostgreSQL the database itself
 * (PostgresBlobStore), so that every engine process sharing it finds every blob.
 * A blob is stored completely before any row names it: a crash leaves at most an unreferenced
 * blob, never a row without bytes.
 */
export interface BlobStore {
	/** Stores the bytes (nothing happens if they are already stored); returns their SHA-256. */
	put(bytes: Uint8Array): Promise<string>;
	/** The bytes named by `sha256`; fails when none are stored. */
	get(sha256: string): Promise<Buffer>;
	/**
	 * The blob for an answer to send on: a small one whole, a large one as a stream, so that a large
	 * one is never held whole; fails (MissingBlobError) before anything is sent when the blob is not stored.
	 */
	open(sha256: string): Promise<BlobContent>;
	has(sha256: string): Promise<boolean>;
	/** Removes the bytes (a purge or a deleted workflow's, once no row names them any more); nothing when they are not stored. */
	delete(sha256: string): Promise<void>;
	/**
	 * After a transaction deleted the blob's rows (where the database holds blobs): drops what this
	 * store keeps beside them (its copy in memory, one in an old data folder), never the rows, which
	 * the same bytes stored again since then may have brought back.
	 */
	forgetRemoved(sha256: string): Promise<void>;
	/**
	 * A folder a finalization worker thread reads blobs from itself (`<folder>/ab/abcdef...`), or
	 * null when blobs are not files: the thread is then handed the bytes it needs.
	 */
	readonly folder: string | null;
}

export interface BlobContent {
	size: number;
	/** The bytes themselves when the store has them at hand (a small file, one chunk, its cache), else a stream of them. */
	body: Buffer | Readable;
}

/** A blob a row names is not stored: the data is incomplete (a lost folder, blobs not moved in). */
export class MissingBlobError extends Error {
	constructor(readonly sha256: string, where: string) {
		super(`Blob ${sha256} is missing from ${where}.`);
		this.name = 'MissingBlobError';
	}
}
