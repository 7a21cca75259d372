import { Readable } from 'node:stream';
import type pg from 'pg';
import { failpoint } from '../support/failpoints';
import { assertSha256, MissingBlobError, sha256Hex, type BlobContent, type BlobStore } from './blobStore';
import type { DiskBlobStore } from './diskBlobStore';
import { checkIn, checkOut } from './pgCheckout';

/** Bytes per row of blob_chunks: a 25 MB PDF is 25 statements of 1 MB each way, never one 25 MB value. */
export const BLOB_CHUNK_BYTES = 1024 * 1024;

/** Prepared once per connection: every chunk read is the same statement. */
const READ_CHUNK = 'signflow_blob_chunk';

/**
 * Blobs in PostgreSQL (migration 010), so that every engine process sharing the database finds
 * every blob: a `blobs` row per blob (its size) and its bytes in `blob_chunks` rows of
 * BLOB_CHUNK_BYTES, written in one transaction, so a blob is there whole or not at all. The
 * `blobs` row is inserted first with ON CONFLICT DO NOTHING: a second writer of the same bytes
 * waits for the first one's commit and then writes nothing.
 *
 * An engine upgraded from a data folder finds blobs not yet moved in (`signflow migrate-blobs`)
 * in `fallback`, that folder: such a blob is checked against its name and copied in on first read.
 */
export class PostgresBlobStore implements BlobStore {
	readonly folder = null;

	constructor(
		private readonly pool: pg.Pool,
		private readonly fallback: DiskBlobStore | null = null,
		private readonly chunkBytes = BLOB_CHUNK_BYTES,
	) {}

	async put(bytes: Uint8Array): Promise<string> {
		const sha256 = sha256Hex(bytes);
		if (!(await this.stored(sha256))) await this.write(sha256, bytes);
		return sha256;
	}

	async get(sha256: string): Promise<Buffer> {
		const size = await this.sizeOf(sha256);
		if (size === null) return this.fromFolder(sha256);
		const bytes = Buffer.allocUnsafe(size);
		const client = await checkOut(this.pool);
		let failure: Error | undefined;
		try {
			let offset = 0;
			for (let seq = 0; offset < size; seq += 1) offset += (await readChunk(client, sha256, seq, size - offset)).copy(bytes, offset);
			return bytes;
		} catch (error) {
			failure = error as Error;
			throw error;
		} finally {
			checkIn(client, failure);
		}
	}

	/**
	 * Chunk by chunk as the reader takes them, each a query of its own: one chunk or two in memory,
	 * and no connection held between two (a slow client does not keep one from the pool).
	 */
	async open(sha256: string): Promise<BlobContent> {
		const size = await this.sizeOf(sha256);
		if (size === null) {
			const bytes = await this.fromFolder(sha256);
			return { size: bytes.length, stream: Readable.from([bytes]) };
		}
		const pool = this.pool;
		async function* chunks() {
			for (let seq = 0, left = size!; left > 0; seq += 1) {
				const chunk = await readChunk(pool, sha256, seq, left);
				left -= chunk.length;
				yield chunk;
			}
		}
		return { size, stream: Readable.from(chunks(), { objectMode: false, highWaterMark: 1 }) };
	}

	/** The blob's size, or null when the database does not hold it. */
	private async sizeOf(sha256: string): Promise<number | null> {
		assertSha256(sha256);
		const head = await this.pool.query<{ size: string }>('select size from blobs where sha256 = $1', [sha256]);
		return head.rows.length ? Number(head.rows[0].size) : null;
	}

	async has(sha256: string): Promise<boolean> {
		assertSha256(sha256);
		return (await this.stored(sha256)) || ((await this.fallback?.has(sha256)) ?? false);
	}

	/** Whether the database holds the blob (its disk fallback left aside). */
	async stored(sha256: string): Promise<boolean> {
		return (await this.pool.query('select 1 from blobs where sha256 = $1', [sha256])).rows.length > 0;
	}

	/** Stores bytes already known to hash to `sha256`; nothing if they are stored. */
	async write(sha256: string, bytes: Uint8Array): Promise<void> {
		const client = await checkOut(this.pool);
		let failure: Error | undefined;
		try {
			await client.query('begin');
			const claimed = await client.query('insert into blobs (sha256, size) values ($1, $2) on conflict (sha256) do nothing', [sha256, bytes.length]);
			if (claimed.rowCount === 1)
				for (let seq = 0, offset = 0; offset < bytes.length; seq += 1, offset += this.chunkBytes) {
					const chunk = Buffer.from(bytes.buffer, bytes.byteOffset + offset, Math.min(this.chunkBytes, bytes.length - offset));
					await client.query('insert into blob_chunks (sha256, seq, bytes) values ($1, $2, $3)', [sha256, seq, chunk]);
					failpoint('blobs:mid-put');
				}
			await client.query('commit');
		} catch (error) {
			failure = error as Error;
			await client.query('rollback').catch(() => undefined);
			throw error;
		} finally {
			checkIn(client, failure);
		}
	}

	private async fromFolder(sha256: string): Promise<Buffer> {
		if (!this.fallback || !(await this.fallback.has(sha256)))
			throw new MissingBlobError(sha256, this.fallback ? `the database and from ${this.fallback.folder}` : 'the database');
		const bytes = await this.fallback.get(sha256);
		if (sha256Hex(bytes) !== sha256) throw new Error(`Blob ${sha256} in ${this.fallback.folder} is damaged: its bytes hash to something else.`);
		await this.write(sha256, bytes);
		return bytes;
	}
}

/**
 * One chunk, checked to fit in what is left of the blob. Chunks come as base64 text (1.35 MB a
 * chunk; measured faster than bytea's hex text, twice the size): pg cannot read binary results
 * (its per-query `binary` still decodes each row as UTF-8 text, which mangles bytes).
 */
async function readChunk(queryable: pg.Pool | pg.PoolClient, sha256: string, seq: number, left: number): Promise<Buffer> {
	const result = await queryable.query<{ bytes: string }>({
		name: READ_CHUNK,
		text: "select encode(bytes, 'base64') as bytes from blob_chunks where sha256 = $1 and seq = $2",
		values: [sha256, seq],
	});
	const text = result.rows[0]?.bytes;
	const chunk = text === undefined ? undefined : Buffer.from(text, 'base64');
	if (!chunk || chunk.length === 0 || chunk.length > left) throw new Error(`Blob ${sha256} is damaged in the database (chunk ${seq}).`);
	return chunk;
}
