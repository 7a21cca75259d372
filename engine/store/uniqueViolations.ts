/**
 * Unique indexes whose violation is an expected outcome the caller answers, not a failure: an
 * Idempotency-Key another request holds, and an audit chain's next sequence another writer took.
 * Their inserts go without waiting for an answer (on PostgreSQL with the commit), so the
 * violation comes back as the transaction's error, recognised here on either database.
 */
export type ExpectedUnique = 'idempotency key' | 'chain sequence';

/** PostgreSQL's constraint names (error code 23505 names the one violated). */
const POSTGRES_CONSTRAINTS: Record<ExpectedUnique, string> = {
	'idempotency key': 'idempotency_keys_pkey',
	'chain sequence': 'events_by_workflow_sequence',
};

/** SQLite names the table and columns instead: "UNIQUE constraint failed: table.column, ...". */
const SQLITE_MESSAGES: Record<ExpectedUnique, string> = {
	'idempotency key': 'UNIQUE constraint failed: idempotency_keys.organization_id, idempotency_keys.mode, idempotency_keys.key',
	'chain sequence': 'UNIQUE constraint failed: events.workflow_id, events.sequence',
};

export function violatesUnique(error: unknown, index: ExpectedUnique): boolean {
	if (typeof error !== 'object' || error === null) return false;
	const { code, constraint, message } = error as { code?: unknown; constraint?: unknown; message?: unknown };
	if (code === '23505') return constraint === POSTGRES_CONSTRAINTS[index];
	return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT') && message === SQLITE_MESSAGES[index];
}
