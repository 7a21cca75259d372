import type { BlobStore } from '../store/blobStore';
import type { Store } from '../store/port';

/**
 * After a purge or a removal commits: deletes the blobs no row names any more (content-addressed,
 * so another workflow, of any organization, may share them); answers how many went. Known gap: the
 * same bytes uploaded to another draft at this very moment (stored, their row not yet committed
 * when this reads) would lose their blob.
 */
export async function deleteUnusedBlobs(store: Store, blobs: BlobStore, sha256s: string[]): Promise<number> {
	const inUse = await store.read((repository) => repository.blobsInUse(sha256s));
	const unused = sha256s.filter((sha256) => !inUse.has(sha256));
	for (const sha256 of unused) await blobs.delete(sha256);
	return unused.length;
}
