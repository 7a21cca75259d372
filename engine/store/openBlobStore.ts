import type { BlobStore } from './blobStore';
import { DiskBlobStore } from './diskBlobStore';
import type { KyselyStore } from './kyselyStore';
import { PostgresBlobStore } from './postgresBlobStore';

/**
 * The blob store that goes with the database: the data folder's `folder` on SQLite; PostgreSQL
 * itself on PostgreSQL, with the folder as where blobs of an earlier, disk-based version are
 * still found until `signflow migrate-blobs` has moved them in.
 */
export function openBlobStore(store: KyselyStore, folder: string): BlobStore {
	const pool = store.postgresPool;
	return pool ? new PostgresBlobStore(pool, new DiskBlobStore(folder)) : new DiskBlobStore(folder);
}
