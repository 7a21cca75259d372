import { Readable } from 'node:stream';
import type pg from 'pg';
import { failpoint } from '../support/failpoints';
import { BlobCache } from './blobCache';
import { assertSha256, MissingBlobError, sha256Hex, type BlobContent, type BlobStore } from './blobStore';
import type { DiskBlobStore } from './diskBlobStore';
import { checkIn, checkOut } from './pgCheckout';

/** Bytes per row of blob_chunks: a 25 MB PDF is 25 statements of 1 MB each way, never one 25 MB value. */
export const BLOB_CHUNK_BYTES = 1024 * 1024;

/**
 * Blobs in PostgreSQL (migration 010), so that every engine process sharing the database finds
 * every blob: a `blobs` row per blob (its size) and its bytes in `blob_chunks` rows of
 * BLOB_CHUNK_BYTES, written in one transaction, so a blob is there whole or not at all. The
 * `blobs` row is inserted first with ON CONFLICT DO NOTHING: a second writer of the same bytes
 * waits for the first one's commit and then writes nothing.
 *
 * A blob of one chunk is written in one statement and read in one with its size; blobs read
 * lately are kept in memory (blobCache.ts: a blob never changes): what a signing workflow reads
 * again and again (the PDF for each signer's page and for sealing) costs one read.
 *
 * An engine upgraded from a data folder finds blobs not yet moved in (`signflow migrate-blobs`)
 * in `fallback`, that folder: such a blob is checked against its name and copied in on first read.
 */
export class PostgresBlobStore implements BlobStore {
	readonly folder = null;
	private readonly cache = new BlobCache();

	constructor(
		private readonly pool: pg.Pool,
		private readonly fallback: DiskBlobStore | null = null,
		private readonly chunkBytes = BLOB_CHUNK_BYTES,
	) {}

	async put(bytes: Uint8Array): Promise<string> {
		const sha256 = sha256Hex(bytes);
		// Not answered from the cache: another process may have deleted the blob (a purge) since it was read here.
		if (bytes.length <= this.chunkBytes) await this.writeOneChunk(sha256, bytes);
		else if (!(await this.stored(sha256))) await this.write(sha256, bytes);
		return sha256;
	}

	async get(sha256: string): Promise<Buffer> {
		const cached = this.cache.get(sha256);
		if (cached) return cached;
		const head = await this.head(sha256);
		if (!head) return this.fromFolder(sha256);
		const bytes = Buffer.allocUnsafe(head.size);
		let offset = head.first.copy(bytes);
		if (offset < head.size) {
			const client = await checkOut(this.pool);
			let failure: Error | undefined;
			try {
				for (let seq = 1; offset < head.size; seq += 1) offset += (await readChunk(client, sha256, seq, head.size - offset)).copy(bytes, offset);
			} catch (error) {
				failure = error as Error;
				throw error;
			} finally {
				checkIn(client, failure);
			}
		}
		this.cache.set(sha256, bytes);
		return bytes;
	}

	/**
	 * Chunk by chunk as the reader takes them, each a query of its own: one chunk or two in memory,
	 * and no connection held between two (a slow client does not keep one from the pool).
	 */
	async open(sha256: string): Promise<BlobContent> {
		const cached = this.cache.get(sha256);
		if (cached) return { size: cached.length, body: cached };
		const head = await this.head(sha256);
		if (!head) {
			const bytes = await this.fromFolder(sha256);
			return { size: bytes.length, body: bytes };
		}
		if (head.first.length === head.size) {
			this.cache.set(sha256, head.first);
			return { size: head.size, body: head.first };
		}
		const { pool } = this;
		async function* chunks() {
			yield head!.first;
			for (let seq = 1, left = head!.size - head!.first.length; left > 0; seq += 1) {
				const chunk = await readChunk(pool, sha256, seq, left);
				left -= chunk.length;
				yield chunk;
			}
		}
		return { size: head.size, body: Readable.from(chunks(), { objectMode: false, highWaterMark: 1 }) };
	}

	/** The blob's size and first chunk in one query, or null when the database does not hold it. */
	private async head(sha256: string): Promise<{ size: number; first: Buffer } | null> {
		assertSha256(sha256);
		const { rows } = await this.pool.query<{ size: string; bytes: string | null }>(
			"select b.size, encode(c.bytes, 'base64') as bytes from blobs b left join blob_chunks c on c.sha256 = b.sha256 and c.seq = 0 where b.sha256 = $1",
			[sha256],
		);
		if (!rows.length) return null;
		const size = Number(rows[0].size);
		if (size === 0) return { size, first: Buffer.alloc(0) };
		const first = rows[0].bytes === null ? null : Buffer.from(rows[0].bytes, 'base64');
		if (!first?.length || first.length > size) throw new Error(`Blob ${sha256} is damaged in the database (chunk 0).`);
		return { size, first };
	}

	async has(sha256: string): Promise<boolean> {
		assertSha256(sha256);
		return this.cache.has(sha256) || (await this.stored(sha256)) || ((await this.fallback?.has(sha256)) ?? false);
	}

	/** The blob's rows (its chunks go with it), its copy in memory, and a copy still in the data folder. */
	async delete(sha256: string): Promise<void> {
		assertSha256(sha256);
		this.cache.delete(sha256);
		await this.pool.query('delete from blobs where sha256 = $1', [sha256]);
		await this.fallback?.delete(sha256);
	}

	async forgetRemoved(sha256: string): Promise<void> {
		assertSha256(sha256);
		this.cache.delete(sha256);
		await this.fallback?.delete(sha256);
	}

	/** Whether the database holds the blob (its disk fallback left aside). */
	async stored(sha256: string): Promise<boolean> {
		return (await this.pool.query('select 1 from blobs where sha256 = $1', [sha256])).rows.length > 0;
	}

	/**
	 * A blob of at most one chunk in one statement (one implicit transaction): its chunk is inserted
	 * only with the `blobs` row this statement claimed; a concurrent writer of the same bytes waits
	 * for the other's commit, then writes nothing.
	 */
	private async writeOneChunk(sha256: string, bytes: Uint8Array): Promise<void> {
		await this.pool.query(
			'with claimed as (insert into blobs (sha256, size) values ($1, $2) on conflict (sha256) do nothing returning sha256) ' +
				'insert into blob_chunks (sha256, seq, bytes) select sha256, 0, $3 from claimed where $2 > 0',
			[sha256, bytes.length, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)],
		);
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
	const result = await queryable.query<{ bytes: string }>("select encode(bytes, 'base64') as bytes from blob_chunks where sha256 = $1 and seq = $2", [
		sha256,
		seq,
	]);
	const text = result.rows[0]?.bytes;
	const chunk = text === undefined ? undefined : Buffer.from(text, 'base64');
	if (!chunk || chunk.length === 0 || chunk.length > left) throw new Error(`Blob ${sha256} is damaged in the database (chunk ${seq}).`);
	return chunk;
}
