// No zod here: the finalization worker thread reads these (through i18n/), and should not load it.

/*
 * The languages a signer can read the signing page, the emails and the
 * certificate in. A locale is a BCP 47 tag whose language is one of these
 * ("de", "pt-BR", "fr-CH"): the language picks the texts, the whole tag
 * formats dates and numbers (Intl).
 */
export const LANGUAGES = ['en', 'de', 'fr', 'it', 'es', 'pt', 'nl', 'pl', 'he'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LOCALE = 'en';

const RIGHT_TO_LEFT: ReadonlySet<Language> = new Set(['he']);

/** The supported language of a tag, or null ("iw" is Hebrew's old code, still sent by some systems). */
export function languageOf(tag: string): Language | null {
	const code = tag.split('-')[0].toLowerCase();
	const language = code === 'iw' ? 'he' : code;
	return (LANGUAGES as readonly string[]).includes(language) ? (language as Language) : null;
}

export function textDirection(locale: string): 'ltr' | 'rtl' {
	const language = languageOf(locale);
	return language && RIGHT_TO_LEFT.has(language) ? 'rtl' : 'ltr';
}
