import type { Kysely, Migration } from 'kysely';

/**
 * Embedded signing: the origins an organization lets frame its signing pages (JSON, null for none),
 * and where a workflow's or a signer's page sends the signer after signing or refusing.
 */
export function embeddingSchema(): Migration {
	return {
		async up(db: Kysely<unknown>) {
			await db.schema.alterTable('organizations').addColumn('embed_origins', 'text').execute();
			await db.schema.alterTable('workflows').addColumn('redirect_url', 'text').execute();
			await db.schema.alterTable('signers').addColumn('redirect_url', 'text').execute();
		},
	};
}
