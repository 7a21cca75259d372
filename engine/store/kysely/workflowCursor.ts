import { invalid } from '../../domain';

/* The cursor of the workflow list: the (createdAt, id) of the last workflow of a page, opaque to clients. */

export function encodeCursor(createdAt: string, id: string): string {
	return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const CURSOR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The (createdAt, id) of a cursor this API handed out; anything else (NUL bytes, which PostgreSQL refuses with an error) is invalid_cursor. */
export function decodeCursor(cursor: string): [string, string] {
	try {
		const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
		if (Array.isArray(value) && value.length === 2 && CURSOR_TIME.test(String(value[0])) && CURSOR_ID.test(String(value[1])))
			return value as [string, string];
	} catch {
		// fall through to the error below
	}
	throw invalid('invalid_cursor', 'cursor is not one this API returned; start again without it.', [{ path: 'cursor', message: 'Unknown cursor.' }]);
}

/** A page out of the `limit + 1` rows read newest first: its items, and the cursor of the next page when there is one. */
export function pageOf<Row, Item extends { createdAt: string; id: string }>(
	rows: Row[],
	limit: number,
	toItem: (row: Row) => Item,
): { items: Item[]; nextCursor: string | null } {
	const items = rows.slice(0, limit).map(toItem);
	const last = items[items.length - 1];
	return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt, last.id) : null };
}
