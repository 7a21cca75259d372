import type { Kysely, Migration } from 'kysely';

/**
 * When each API key was last used, so an operator can tell a forgotten key from a busy one before
 * revoking it. Written from memory a minute at a time (app/apiKeyUsage.ts), never once per request.
 */
export function apiKeyLastUsedSchema(): Migration {
	return {
		async up(db: Kysely<unknown>) {
			await db.schema.alterTable('api_keys').addColumn('last_used_at', 'text').execute();
		},
	};
}
