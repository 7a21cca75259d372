/*
 * Workflow names are searched on a folded copy kept beside them
 * (workflows.name_search): compatibility-normalized, lower case, without
 * accents, so "zurich" finds "Zürich" whether it was typed composed or
 * decomposed. Folding here, not in SQL, keeps SQLite and PostgreSQL in
 * agreement: their lower() and LIKE treat non-ASCII text differently.
 */

const COMBINING_MARKS = /\p{Mn}/gu;

export function foldForSearch(text: string): string {
	return text.normalize('NFKD').toLowerCase().replace(COMBINING_MARKS, '').normalize('NFC');
}

/** The character that escapes LIKE's wildcards in containsPattern (the same on both databases). */
export const LIKE_ESCAPE = '!';

/** A LIKE pattern matching folded names that contain `text`; its own % and _ match only themselves. */
export function containsPattern(text: string): string {
	return `%${foldForSearch(text).replace(/[!%_]/g, (character) => LIKE_ESCAPE + character)}%`;
}
