import type { Kysely, Migration } from 'kysely';

/**
 * The console's sign-ins: one-time login links (`signflow console-link`, the embedded engine's log) and
 * the sessions a sign-in opens. Only SHA-256 hashes of their tokens are kept. A session made with an
 * API key names it (revoking the key ends the session); one made with a link has none.
 */
export function consoleSessionsSchema(): Migration {
	return {
		async up(db: Kysely<unknown>) {
			await db.schema
				.createTable('console_login_links')
				.addColumn('token_hash', 'text', (column) => column.primaryKey())
				.addColumn('organization_id', 'text', (column) => column.notNull())
				.addColumn('mode', 'text', (column) => column.notNull())
				.addColumn('created_at', 'text', (column) => column.notNull())
				.addColumn('expires_at', 'text', (column) => column.notNull())
				.execute();
			await db.schema.createIndex('console_login_links_by_expiry').on('console_login_links').column('expires_at').execute();
			await db.schema
				.createTable('console_sessions')
				.addColumn('token_hash', 'text', (column) => column.primaryKey())
				.addColumn('id', 'text', (column) => column.notNull().unique())
				.addColumn('organization_id', 'text', (column) => column.notNull())
				.addColumn('api_key_id', 'text')
				.addColumn('mode', 'text', (column) => column.notNull())
				.addColumn('created_at', 'text', (column) => column.notNull())
				.addColumn('expires_at', 'text', (column) => column.notNull())
				.addColumn('last_seen_at', 'text', (column) => column.notNull())
				.execute();
			await db.schema.createIndex('console_sessions_by_expiry').on('console_sessions').column('expires_at').execute();
		},
	};
}
