import { sha256Hex } from './blobStore';
import type { DiskBlobStore } from './diskBlobStore';
import type { PostgresBlobStore } from './postgresBlobStore';

export interface BlobMigration {
	copied: number;
	bytesCopied: number;
	/** Already in the database: a second run, or blobs the engine copied in on first read. */
	alreadyThere: number;
	/** Files whose bytes do not hash to their name (a damaged disk, a hand-edited file): not copied. */
	damaged: Array<{ sha256: string; file: string; actualSha256: string }>;
}

/**
 * Copies every blob of a data folder into PostgreSQL, each checked against its name first. Each
 * blob is its own transaction, so a run that stops is resumed by running again: what is in the
 * database is skipped. The folder is left as it is.
 */
export async function copyDiskBlobs(disk: DiskBlobStore, database: PostgresBlobStore): Promise<BlobMigration> {
	const result: BlobMigration = { copied: 0, bytesCopied: 0, alreadyThere: 0, damaged: [] };
	for await (const sha256 of disk.list()) {
		if (await database.stored(sha256)) {
			result.alreadyThere += 1;
			continue;
		}
		const bytes = await disk.get(sha256);
		const actualSha256 = sha256Hex(bytes);
		if (actualSha256 !== sha256) {
			result.damaged.push({ sha256, file: disk.pathOf(sha256), actualSha256 });
			continue;
		}
		await database.write(sha256, bytes);
		result.copied += 1;
		result.bytesCopied += bytes.length;
	}
	return result;
}
