/**
 * A parameter's (or a credential field's) value as text. An expression can
 * make it any value: a number (an access code mapped as 1234) or a boolean
 * gives its text, so does an object with a text of its own (a date: `$now` is
 * a Luxon DateTime, whose text is its ISO form); nothing, or a plain object,
 * gives ''.
 */
export function textOf(value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	if (typeof value === 'object' && value !== null) return ownText(value);
	return '';
}

/** The text an object gives of itself, if it has its own toString (a date has); '' for a plain object ("[object Object]"). */
function ownText(value: object): string {
	const { toString } = value as { toString: (this: object) => string };
	return typeof toString === 'function' && toString !== Object.prototype.toString ? toString.call(value) : '';
}
