import { v7 } from 'uuid';

/**
 * New entity ids are UUIDv7: random enough to be unguessable in URLs, and
 * ordered by creation time (monotonic within a millisecond), so "newest first"
 * listings and their cursors stay stable even for rows created together.
 */
export function newId(): string {
	return v7();
}
