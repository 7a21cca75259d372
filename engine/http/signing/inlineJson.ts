/*
 * JSON put inside the page's HTML (a `<script type="application/json">` data
 * block the page reads with JSON.parse). Sender- and signer-typed text must
 * not end the element or start markup: `<`, `>` and `&` are written as JSON
 * escapes, and so are U+2028 and U+2029 (line terminators in older
 * JavaScript), which JSON.parse reads back as the same characters.
 */

const ESCAPES: Record<string, string> = {
	'<': '\\u003c',
	'>': '\\u003e',
	'&': '\\u0026',
	'\u2028': '\\u2028',
	'\u2029': '\\u2029',
};

export function jsonForHtml(value: unknown): string {
	return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => ESCAPES[char]);
}
