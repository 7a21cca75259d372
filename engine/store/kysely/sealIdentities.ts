import type { Kysely } from 'kysely';
import type { Repository, StoredSealIdentity } from '../port';
import type { Database } from '../schema';
import { scoped } from './scoped';

/** Organizations' seal identities: bytes as base64 text, so SQLite and PostgreSQL share one code path. */
export function sealIdentityRepository(db: Kysely<Database>): Repository['sealIdentities'] {
	return {
		async get(organizationId, subject) {
			const row = await scoped(db, organizationId).selectFrom('sealIdentities').selectAll().where('subject', '=', subject).executeTakeFirst();
			if (!row) return null;
			return {
				organizationId: row.organizationId,
				subject: row.subject,
				certificate: Buffer.from(row.certificate, 'base64'),
				chain: (JSON.parse(row.chain) as string[]).map((der) => Buffer.from(der, 'base64')),
				privateKeySealed: row.privateKeySealed,
				origin: row.origin as StoredSealIdentity['origin'],
				createdAt: row.createdAt,
			};
		},
		async insertIfAbsent(identity) {
			const result = await db
				.insertInto('sealIdentities')
				.values({
					...identity,
					certificate: identity.certificate.toString('base64'),
					chain: JSON.stringify(identity.chain.map((der) => der.toString('base64'))),
				})
				.onConflict((oc) => oc.columns(['organizationId', 'subject']).doNothing())
				.executeTakeFirst();
			return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
		},
	};
}
