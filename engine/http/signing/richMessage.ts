import type { MessageValues, Translate } from '../../i18n';
import { escapeHtml, html, SafeHtml } from '../../render/html';

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

/**
 * A message whose text values (names, titles, reasons, dates: typed by people, in any script) are
 * each isolated in <bdi>: on a right-to-left page a left-to-right name, and its quotation marks
 * and punctuation around it, stay where the sentence puts them (and the other way round).
 */
export function isolatedMessage<Key extends string>(t: Translate<Key>, key: Key, values: Record<string, string | number | SafeHtml> = {}): SafeHtml {
	const markup: Record<string, SafeHtml> = {};
	const plain: MessageValues = {};
	for (const [name, value] of Object.entries(values)) {
		if (value instanceof SafeHtml) markup[name] = value;
		else if (typeof value === 'string') markup[name] = isolated(value);
		else plain[name] = value;
	}
	return richMessage(t, key, plain, markup);
}

export function isolated(text: string): SafeHtml {
	return html`<bdi>${text}</bdi>`;
}

/** Names joined as the locale lists them ("A, B und C"), each isolated. */
export function isolatedList(names: readonly string[], locale: string): SafeHtml {
	const parts = new Intl.ListFormat(locale === 'en' ? 'en-GB' : locale, { style: 'long', type: 'conjunction' }).formatToParts(names);
	return new SafeHtml(parts.map((part) => (part.type === 'element' ? isolated(part.value).value : escapeHtml(part.value))).join(''));
}
