import type { BlobStore } from '../store/blobStore';
import type { Store } from '../store/port';

/**
 * After a purge or a removal commits: deletes the blobs no row names any more (content-addressed,
 * so another workflow, of any organization, may share them); answers how many went. It runs as a
 * transaction of its own that locks them for removal, and a transaction about to name a blob holds
 * it (holdBlobs): the same bytes uploaded elsewhere at this very moment are either seen in use here,
 * or find their blob gone there and store it again. On SQLite the files are deleted inside the
 * transaction (its one writer orders the two); on PostgreSQL the rows are, on its connection.
 */
export async function deleteUnusedBlobs(store: Store, blobs: BlobStore, sha256s: string[]): Promise<number> {
	if (sha256s.length === 0) return 0;
	const unused = await store.transaction(async (repository) => {
		const present = await repository.lockBlobs(sha256s, 'remove');
		const inUse = await repository.blobsInUse(sha256s);
		const gone = sha256s.filter((sha256) => !inUse.has(sha256));
		if (present) await repository.deleteBlobRows(gone);
		else for (const sha256 of gone) await blobs.delete(sha256);
		return gone;
	});
	// Its rows are gone; what is left is the store's copy in memory and one still in an old data folder.
	for (const sha256 of unused) await blobs.forgetRemoved(sha256);
	return unused.length;
}
