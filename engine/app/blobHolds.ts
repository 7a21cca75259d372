import { conflict } from '../domain';
import type { BlobStore } from '../store/blobStore';
import type { Repository } from '../store/port';

/** A blob a transaction is about to name: with its bytes when this request stored them (they can be stored again). */
export interface HeldBlob {
	sha256: string;
	bytes?: Uint8Array;
}

/**
 * Called in the transaction that makes rows name blobs stored before it began: keeps a removal
 * (deleteUnusedBlobs, after a purge or a delete of other rows naming the same bytes) from taking
 * them meanwhile. A blob already taken is stored again from its bytes; one whose bytes this request
 * does not have (a template's file, copied by reference) is a 409: what named it was removed.
 */
export async function holdBlobs(repository: Repository, blobs: BlobStore, held: HeldBlob[]): Promise<void> {
	if (held.length === 0) return;
	const sha256s = held.map((blob) => blob.sha256);
	const present = await repository.lockBlobs(sha256s, 'keep');
	const missing: HeldBlob[] = [];
	for (const blob of held) if (!(present ? present.has(blob.sha256) : await blobs.has(blob.sha256))) missing.push(blob);
	if (missing.length === 0) return;
	for (const blob of missing) {
		if (!blob.bytes) throw conflict('document_removed', 'A document this needs was removed meanwhile (its template or workflow was deleted). Try again.');
		await blobs.put(blob.bytes);
	}
	// Stored again by another connection and committed: now locked like the others.
	if (present) await repository.lockBlobs(missing.map((blob) => blob.sha256), 'keep');
}
