import { randomBytes } from 'node:crypto';
import { createReadStream, promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { failpoint } from '../support/failpoints';
import { assertSha256, MissingBlobError, sha256Hex, type BlobContent, type BlobStore } from './blobStore';

/**
 * Blobs as files: `blobs/ab/abcdef...` named by their SHA-256, readable only by the engine's user
 * (the SQLite engine's store). Each is written completely (temp file, fsync, rename) before any
 * row names it.
 */
export class DiskBlobStore implements BlobStore {
	constructor(readonly folder: string) {}

	pathOf(sha256: string): string {
		assertSha256(sha256);
		return path.join(this.folder, sha256.slice(0, 2), sha256);
	}

	async put(bytes: Uint8Array): Promise<string> {
		const sha256 = sha256Hex(bytes);
		const target = this.pathOf(sha256);
		if (await exists(target)) return sha256;
		await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
		const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
		const handle = await fs.open(temp, 'wx', 0o600);
		try {
			await handle.writeFile(bytes);
			failpoint('blobs:mid-put');
			await handle.sync();
		} finally {
			await handle.close();
		}
		await fs.rename(temp, target);
		return sha256;
	}

	async get(sha256: string): Promise<Buffer> {
		try {
			return await fs.readFile(this.pathOf(sha256));
		} catch (error) {
			throw this.missing(sha256, error);
		}
	}

	async open(sha256: string): Promise<BlobContent> {
		const file = this.pathOf(sha256);
		try {
			return { size: (await fs.stat(file)).size, stream: createReadStream(file) };
		} catch (error) {
			throw this.missing(sha256, error);
		}
	}

	/** A read that blocks: for a worker thread with nothing else to do meanwhile. */
	getSync(sha256: string): Buffer {
		try {
			return readFileSync(this.pathOf(sha256));
		} catch (error) {
			throw this.missing(sha256, error);
		}
	}

	async has(sha256: string): Promise<boolean> {
		return exists(this.pathOf(sha256));
	}

	async delete(sha256: string): Promise<void> {
		await fs.rm(this.pathOf(sha256), { force: true });
	}

	/** Nothing: the files are the blobs, deleted by delete() itself. */
	async forgetRemoved(): Promise<void> {}

	private missing(sha256: string, error: unknown): unknown {
		return (error as NodeJS.ErrnoException).code === 'ENOENT' ? new MissingBlobError(sha256, this.folder) : error;
	}

	/** Every blob's SHA-256, from the file names (temp files of interrupted writes left out). */
	async *list(): AsyncGenerator<string> {
		let prefixes: string[];
		try {
			prefixes = (await fs.readdir(this.folder)).filter((name) => /^[0-9a-f]{2}$/.test(name)).sort();
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
			throw error;
		}
		for (const prefix of prefixes)
			for (const name of (await fs.readdir(path.join(this.folder, prefix))).sort())
				if (/^[0-9a-f]{64}$/.test(name) && name.startsWith(prefix)) yield name;
	}
}

async function exists(file: string): Promise<boolean> {
	try {
		await fs.access(file);
		return true;
	} catch {
		return false;
	}
}
