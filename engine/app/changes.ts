/* What a PATCH changed, for the event that records it. */

/** The input's keys that were given (undefined means left out). */
export function given<T extends object>(input: T): Partial<T> {
	return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** Which of `keys` differ between before and after, and their values before (`previous`, which a purge blanks). */
export function changesOf(before: object, after: object, keys: string[]): { changed: string[]; previous: Record<string, unknown> } {
	const value = (object: object, key: string) => (object as Record<string, unknown>)[key];
	const changed = keys.filter((key) => JSON.stringify(value(before, key)) !== JSON.stringify(value(after, key)));
	return { changed, previous: Object.fromEntries(changed.map((key) => [key, value(before, key) ?? null])) };
}
