/*
 * Text tags: fields typed into a document, such as {{signature;role=Employee}}.
 * A tag is a type, then `;`-separated options: `key=value` or a bare flag.
 * Types and keys are read case-insensitively (word processors capitalise the
 * first letter of a line); spaces around `;` and `=` are ignored.
 */

export const TEXT_TAG_TYPES = ['signature', 'initials', 'date', 'text', 'checkbox'] as const;
export type TextTagType = (typeof TEXT_TAG_TYPES)[number];

export const TEXT_TAG_KEYS = ['role', 'name', 'required', 'width', 'height'] as const;

export interface TextTag {
	type: TextTagType;
	/** Which signer fills it in, matched to the draft's signers (see matchTagRole). */
	role: string;
	/** Text, checkbox and date fields: the field's name, shown to the signer as its label. */
	name: string | null;
	/** Signature and initials are always required; the others when the tag says `required`. */
	required: boolean;
	/** Points; the tag's own text box when left out. */
	width: number | null;
	height: number | null;
}

export type TagReading = { ok: true; tag: TextTag } | { ok: false; problem: string };

/** Longest tag read; an opening `{{` with no `}}` within it is reported as unclosed. */
export const MAX_TAG_LENGTH = 300;
const MAX_SIZE = 2000;
const NAME = /^[\p{L}\p{N}_. -]{1,100}$/u;

/** Reads one tag, `{{...}}` included, into its fields or a sentence saying what is wrong with it. */
export function parseTextTag(source: string): TagReading {
	const fail = (problem: string): TagReading => ({ ok: false, problem });
	if (!source.startsWith('{{') || !source.endsWith('}}') || source.length < 4) return fail('A tag is written {{type;role=...}}.');
	const body = source.slice(2, -2);
	if (/[\n\r]/.test(body)) return fail('The tag is broken across lines; keep it on one line (a smaller font or a wider box).');
	if (body.includes('{{') || body.includes('}}')) return fail('A tag cannot contain {{ or }}.');
	const [typePart, ...optionParts] = body.split(';').map((part) => part.trim());
	const type = typePart.toLowerCase();
	if (type === '') return fail(`The tag has no type; start it with one of ${TEXT_TAG_TYPES.join(', ')}.`);
	if (!(TEXT_TAG_TYPES as readonly string[]).includes(type))
		return fail(`Unknown tag type "${typePart}"; use one of ${TEXT_TAG_TYPES.join(', ')}.`);

	const options = new Map<string, string | true>();
	for (const part of optionParts) {
		if (part === '') return fail('Empty option: two `;` in a row, or a `;` at the end.');
		const equals = part.indexOf('=');
		const key = (equals === -1 ? part : part.slice(0, equals)).trim().toLowerCase();
		const value = equals === -1 ? true : part.slice(equals + 1).trim();
		if (!(TEXT_TAG_KEYS as readonly string[]).includes(key))
			return fail(`Unknown option "${key || part}"; a tag takes ${TEXT_TAG_KEYS.join(', ')}.`);
		if (options.has(key)) return fail(`The option "${key}" is given twice.`);
		options.set(key, value);
	}

	const role = options.get('role');
	if (role === undefined) return fail('The tag has no role; add role=... naming the signer who fills it in.');
	if (role === true || role === '') return fail('role needs a value, such as role=Employee.');

	const name = options.get('name');
	if (name !== undefined) {
		if (type === 'signature' || type === 'initials') return fail(`A ${type} tag takes no name; names are for text, checkbox and date tags.`);
		if (name === true || name === '') return fail('name needs a value, such as name=salary.');
		if (!NAME.test(name)) return fail(`name "${name}" may hold letters, digits, spaces, _ . and - only, at most 100 of them.`);
	}

	const required = options.get('required');
	let isRequired = type === 'signature' || type === 'initials';
	if (required !== undefined) {
		if (type === 'signature' || type === 'initials') return fail(`A ${type} tag is always required; leave out required.`);
		if (required === true || required.toLowerCase() === 'true') isRequired = true;
		else if (required.toLowerCase() === 'false') isRequired = false;
		else return fail(`required is a flag, or required=true or required=false, not "${required}".`);
	}

	const size: { width: number | null; height: number | null } = { width: null, height: null };
	for (const key of ['width', 'height'] as const) {
		const value = options.get(key);
		if (value === undefined) continue;
		const points = value === true ? NaN : Number(value);
		if (value === true || value === '' || !Number.isFinite(points) || points <= 0 || points > MAX_SIZE)
			return fail(`${key} must be a number of points above 0 and at most ${MAX_SIZE}, such as ${key}=120 (got "${value === true ? '' : value}").`);
		size[key] = points;
	}

	return {
		ok: true,
		tag: { type: type as TextTagType, role, name: typeof name === 'string' ? name : null, required: isRequired, ...size },
	};
}

/** Where each tag stands in a text: `{{` up to the next `}}`, or an unclosed `{{` (end = -1). */
export function tagSpans(text: string): Array<{ start: number; end: number }> {
	const spans: Array<{ start: number; end: number }> = [];
	let from = 0;
	for (;;) {
		const start = text.indexOf('{{', from);
		if (start === -1) return spans;
		const close = text.indexOf('}}', start + 2);
		if (close === -1 || close + 2 - start > MAX_TAG_LENGTH) {
			spans.push({ start, end: -1 });
			from = start + 2;
			continue;
		}
		spans.push({ start, end: close + 2 });
		from = close + 2;
	}
}

/**
 * The signer a tag's role names: the one signer whose name or email is the
 * role (case and accents ignored), else `signer1`, `signer2`... for the given
 * signers in their order. Null when none matches, or several do.
 */
export function matchTagRole<S extends { name: string; email?: string | null }>(role: string, signers: readonly S[]): S | null {
	const key = fold(role);
	const byName = signers.filter((signer) => fold(signer.name) === key || (signer.email ? fold(signer.email) === key : false));
	if (byName.length === 1) return byName[0];
	if (byName.length > 1) return null;
	const numbered = /^signer(\d+)$/.exec(key);
	return numbered ? (signers[Number(numbered[1]) - 1] ?? null) : null;
}

/** Whether a tag's role names this name: case, accents and repeated spaces ignored. */
export function sameTagRole(role: string, name: string): boolean {
	return fold(role) === fold(name);
}

function fold(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/\s+/g, ' ')
		.trim();
}
