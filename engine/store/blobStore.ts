import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

export function sha256Hex(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Content-addressed bytes on disk: `blobs/ab/abcdef...` named by their SHA-256,
 * readable only by the engine's user.
 * A blob is written completely (temp file, fsync, rename) before any row names
 * it, so a crash leaves at most an unreferenced blob, never a row without bytes.
 */
export class BlobStore {
	constructor(readonly root: string) {}

	pathOf(sha256: string): string {
		if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`Not a SHA-256: ${sha256}`);
		return path.join(this.root, sha256.slice(0, 2), sha256);
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
			await handle.sync();
		} finally {
			await handle.close();
		}
		await fs.rename(temp, target);
		return sha256;
	}

	async get(sha256: string): Promise<Buffer> {
		return fs.readFile(this.pathOf(sha256));
	}

	async has(sha256: string): Promise<boolean> {
		return exists(this.pathOf(sha256));
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
