import { IntlMessageFormat } from 'intl-messageformat';
import { DEFAULT_LOCALE, languageOf } from '../domain/languages';
import type { Catalogue } from './catalogue';

export type MessageValues = Record<string, string | number | Date>;

/** A surface's texts in one locale: `t('key', { name })`. */
export type Translate<Key extends string> = (key: Key, values?: MessageValues) => string;

const compiled = new Map<string, IntlMessageFormat>();
const MAX_COMPILED = 5000;

function compile(message: string, locale: string): IntlMessageFormat {
	const key = `${locale}\u0000${message}`;
	let format = compiled.get(key);
	if (!format) {
		// ignoreTag: "<" in a text is a character, not ICU markup. Escaping for HTML is the page's job.
		format = new IntlMessageFormat(message, locale, undefined, { ignoreTag: true });
		if (compiled.size >= MAX_COMPILED) compiled.clear();
		compiled.set(key, format);
	}
	return format;
}

/** One ICU message formatted for a locale. */
export function formatMessage(message: string, locale: string, values?: MessageValues): string {
	return String(compile(message, locale).format(values));
}

/** The texts of `catalogue` in `locale`'s language (English for one not supported). */
export function translator<English extends Record<string, string>>(catalogue: Catalogue<English>, locale: string): Translate<keyof English & string> {
	const messages = messagesFor(catalogue, locale);
	return (key, values) => formatMessage(messages[key], locale, values);
}

/** The raw messages of a surface in a locale's language: what the signing page's script receives. */
export function messagesFor<English extends Record<string, string>>(catalogue: Catalogue<English>, locale: string): Record<keyof English & string, string> {
	return catalogue[languageOf(locale) ?? DEFAULT_LOCALE];
}
