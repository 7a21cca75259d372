import type { Kysely } from 'kysely';
import type { ApiKeyMode } from '../../domain';
import type { Repository } from '../port';
import type { Database } from '../schema';

/*
 * The console's login links and sessions. Not organization-scoped reads: a token's hash is the
 * authority, as a signing link's is. Each statement runs at once (their answers decide).
 */
export function consoleSessionRepository(db: Kysely<Database>): Repository['consoleSessions'] {
	return {
		async insertLink(link) {
			await db.insertInto('consoleLoginLinks').values(link).execute();
		},
		async takeLink(tokenHash, now) {
			const row = await db.selectFrom('consoleLoginLinks').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();
			if (!row) return null;
			// Deleted whether expired or not; only the request whose delete removed it may use it.
			const deleted = await db.deleteFrom('consoleLoginLinks').where('tokenHash', '=', tokenHash).executeTakeFirst();
			if (Number(deleted.numDeletedRows) === 0 || row.expiresAt <= now) return null;
			return { ...row, mode: row.mode as ApiKeyMode };
		},
		async insert(session) {
			await db.insertInto('consoleSessions').values(session).execute();
		},
		async find(tokenHash) {
			const row = await db
				.selectFrom('consoleSessions')
				.leftJoin('apiKeys', 'apiKeys.id', 'consoleSessions.apiKeyId')
				.selectAll('consoleSessions')
				.select('apiKeys.revokedAt as keyRevokedAt')
				.where('consoleSessions.tokenHash', '=', tokenHash)
				.executeTakeFirst();
			if (!row || row.keyRevokedAt !== null) return null;
			const { keyRevokedAt: _revoked, ...session } = row;
			return { ...session, mode: session.mode as ApiKeyMode };
		},
		async touch(tokenHash, at) {
			await db.updateTable('consoleSessions').set({ lastSeenAt: at }).where('tokenHash', '=', tokenHash).where('lastSeenAt', '<', at).execute();
		},
		async delete(tokenHash) {
			const result = await db.deleteFrom('consoleSessions').where('tokenHash', '=', tokenHash).executeTakeFirst();
			return Number(result.numDeletedRows) > 0;
		},
		async deleteExpired(now, idleSince) {
			const links = await db.deleteFrom('consoleLoginLinks').where('expiresAt', '<=', now).executeTakeFirst();
			const sessions = await db
				.deleteFrom('consoleSessions')
				.where((eb) => eb.or([eb('expiresAt', '<=', now), eb('lastSeenAt', '<', idleSince)]))
				.executeTakeFirst();
			return Number(links.numDeletedRows) + Number(sessions.numDeletedRows);
		},
		async organizationsNamed(name) {
			return db.selectFrom('organizations').select(['id', 'name']).where('name', '=', name).orderBy('createdAt').execute();
		},
	};
}
