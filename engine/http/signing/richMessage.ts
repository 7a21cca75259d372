import type { MessageValues, Translate } from '../../i18n';
import { escapeHtml, SafeHtml } from '../../render/html';

const MARK = '\u0000';

/**
 * A message with markup in some of its placeholders ("We emailed a code to {email}." with the
 * address in bold): the text is escaped, the markup put in where the language placed it.
 */
export function richMessage<Key extends string>(t: Translate<Key>, key: Key, values: MessageValues, markup: Record<string, SafeHtml>): SafeHtml {
	const names = Object.keys(markup);
	const marked: MessageValues = {};
	for (const [name, value] of Object.entries(values)) marked[name] = typeof value === 'string' ? value.replaceAll(MARK, '') : value;
	names.forEach((name, index) => {
		marked[name] = `${MARK}${index}${MARK}`;
	});
	const parts = t(key, marked).split(MARK);
	// Even parts are text, odd ones the index of a markup.
	return new SafeHtml(parts.map((part, index) => (index % 2 === 0 ? escapeHtml(part) : markup[names[Number(part)]].value)).join(''));
}
