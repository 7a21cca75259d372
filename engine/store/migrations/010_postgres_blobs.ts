import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect';

/**
 * PostgreSQL only: blobs in the database (postgresBlobStore.ts), so that engine processes on
 * several hosts share them. A `blobs` row per blob, its bytes in 1 MB `blob_chunks` rows, stored
 * out of line without compression (EXTERNAL): PDFs and PNGs are compressed already, and
 * PostgreSQL would spend CPU on every chunk to find that out. SQLite keeps its blobs in the data
 * folder: nothing changes there.
 */
export function postgresBlobsSchema(dialect: Dialect): Migration {
	return {
		async up(db: Kysely<unknown>) {
			if (dialect !== 'postgres') return;
			await db.schema
				.createTable('blobs')
				.addColumn('sha256', 'text', (c) => c.primaryKey())
				.addColumn('size', 'bigint', (c) => c.notNull())
				.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
				.execute();
			await db.schema
				.createTable('blob_chunks')
				.addColumn('sha256', 'text', (c) => c.notNull().references('blobs.sha256').onDelete('cascade'))
				.addColumn('seq', 'integer', (c) => c.notNull())
				.addColumn('bytes', 'bytea', (c) => c.notNull())
				.addPrimaryKeyConstraint('blob_chunks_pkey', ['sha256', 'seq'])
				.execute();
			await sql`alter table blob_chunks alter column bytes set storage external`.execute(db);
		},
	};
}
