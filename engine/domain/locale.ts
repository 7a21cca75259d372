import { z } from 'zod';

export { DEFAULT_LOCALE, LANGUAGES, languageOf, textDirection, type Language } from './languages';
import { DEFAULT_LOCALE, LANGUAGES, languageOf } from './languages';

/** The canonical form of a tag ("pt-br" -> "pt-BR"), or null for a tag that is not BCP 47. */
function canonical(tag: string): string | null {
	try {
		return Intl.getCanonicalLocales(tag)[0] ?? null;
	} catch {
		return null;
	}
}

export const Locale = z
	.string()
	.trim()
	.max(35)
	.transform((tag, context) => {
		const tidy = canonical(tag);
		if (tidy && languageOf(tidy)) return tidy;
		context.addIssue({ code: 'custom', message: `Must be a language tag such as "de" or "pt-BR" in one of: ${LANGUAGES.join(', ')}.` });
		return z.NEVER;
	})
	.describe(describeLocale('The language signers read'));

/** A locale field's description: what it is for, then what a tag looks like and which languages are supported (a field shows one description). */
export function describeLocale(purpose: string): string {
	return `${purpose}; a BCP 47 tag ("de", "pt-BR") in one of: ${LANGUAGES.join(', ')}`;
}

/** The languages of an Accept-Language header, most wanted first ("de-CH,de;q=0.9,en;q=0.5"). */
export function acceptedLanguages(header: string | null | undefined): string[] {
	if (!header) return [];
	return header
		.slice(0, 500)
		.split(',')
		.map((part, index) => {
			const [tag, ...params] = part.trim().split(';');
			const q = params.map((param) => /^\s*q=([\d.]+)\s*$/.exec(param)?.[1]).find(Boolean);
			return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
		})
		.filter((entry) => entry.tag && entry.tag !== '*' && entry.q > 0 && Number.isFinite(entry.q))
		.sort((a, b) => b.q - a.q || a.index - b.index)
		.map((entry) => entry.tag);
}

/**
 * The first of `choices` (most specific first: the signer's, the workflow's, the organization's,
 * then the browser's) in a supported language, canonical; English when none is.
 */
export function chooseLocale(...choices: ReadonlyArray<string | null | undefined>): string {
	for (const choice of choices) {
		if (!choice) continue;
		const tidy = canonical(choice);
		if (tidy && languageOf(tidy)) return tidy;
	}
	return DEFAULT_LOCALE;
}
