/** Markup that is already safe; everything else interpolated into `html` is escaped. */
export class SafeHtml {
	constructor(readonly value: string) {}
	toString(): string {
		return this.value;
	}
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(text: string): string {
	return text.replace(/[&<>"'`]/g, (char) => ESCAPES[char]);
}

/** What a template interpolates: text and numbers escaped, safe markup as it is, a list joined, nothing (null, undefined, false) as nothing. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
	if (value instanceof SafeHtml) return value.value;
	if (isList(value)) return value.map(render).join('');
	if (value === null || value === undefined || value === false) return '';
	return escapeHtml(String(value));
}

/** Array.isArray, for a readonly list too. */
function isList(value: HtmlValue): value is readonly HtmlValue[] {
	return Array.isArray(value);
}

/** A template tag that escapes every interpolated value (sender- and signer-typed text included). */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
	let out = strings[0];
	values.forEach((value, index) => {
		out += render(value) + strings[index + 1];
	});
	return new SafeHtml(out);
}
