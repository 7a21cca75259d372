import { closeSync, createReadStream, existsSync, fsync, mkdirSync, openSync, promises as fs, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { pooledRandomBytes } from '../security/randomPool';
import { failpoint } from '../support/failpoints';
import { assertSha256, MissingBlobError, sha256Hex, type BlobContent, type BlobStore } from './blobStore';

/**
 * Blobs of at most this many bytes are written and read with the file system's synchronous calls
 * (the fsync excepted): each is a copy to or from the page cache of microseconds, where an
 * asynchronous call is a round trip through libuv's thread pool (a thread woken, the event loop
 * woken back). A put was seven such round trips, a read four; an envelope makes some thirty.
 */
const SMALL_BLOB_BYTES = 256 * 1024;

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
		if (existsSync(target)) return sha256;
		const temp = `${target}.${pooledRandomBytes(6).toString('hex')}.tmp`;
		if (bytes.length <= SMALL_BLOB_BYTES) {
			mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
			await writeSmall(temp, bytes);
			renameSync(temp, target);
			return sha256;
		}
		await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
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
		const file = this.pathOf(sha256);
		try {
			return statSync(file).size <= SMALL_BLOB_BYTES ? readFileSync(file) : await fs.readFile(file);
		} catch (error) {
			throw this.missing(sha256, error);
		}
	}

	/** A small blob read whole (as get does: a stream would take four round trips through the thread pool), a large one streamed. */
	open(sha256: string): Promise<BlobContent> {
		return settled(() => {
			const file = this.pathOf(sha256);
			try {
				const { size } = statSync(file);
				if (size > SMALL_BLOB_BYTES) return { size, body: createReadStream(file) };
				const bytes = readFileSync(file);
				return { size: bytes.length, body: bytes };
			} catch (error) {
				throw this.missing(sha256, error);
			}
		});
	}

	/** A read that blocks: for a worker thread with nothing else to do meanwhile. */
	getSync(sha256: string): Buffer {
		try {
			return readFileSync(this.pathOf(sha256));
		} catch (error) {
			throw this.missing(sha256, error);
		}
	}

	has(sha256: string): Promise<boolean> {
		return settled(() => existsSync(this.pathOf(sha256)));
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

/** What `work` returns, or throws, as a promise: the BlobStore interface is asynchronous. */
function settled<T>(work: () => T): Promise<T> {
	return new Promise((resolve) => resolve(work()));
}

/** A new file with the bytes, written to the page cache at once and then fsynced (in the thread pool: the disk's wait). */
async function writeSmall(file: string, bytes: Uint8Array): Promise<void> {
	const fd = openSync(file, 'wx', 0o600);
	try {
		for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written, bytes.length - written);
		failpoint('blobs:mid-put');
		await new Promise<void>((resolve, reject) => fsync(fd, (error) => (error ? reject(error) : resolve())));
	} finally {
		closeSync(fd);
	}
}
