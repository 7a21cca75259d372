import type { INodePropertyOptions } from 'n8n-workflow';
import { textOf } from '../../shared/text';

/*
 * The languages signers can read the signing page, the emails and the certificate in, each
 * under its own name. An expression may give any tag of these languages ("de-CH", "fr-BE"):
 * the language picks the texts, the whole tag the way dates are written.
 */
export const LANGUAGE_OPTIONS: INodePropertyOptions[] = [
	{ name: 'English', value: 'en' },
	{ name: 'Deutsch', value: 'de' },
	{ name: 'Français', value: 'fr' },
	{ name: 'Italiano', value: 'it' },
	{ name: 'Español', value: 'es' },
	{ name: 'Português (Brasil)', value: 'pt-BR' },
	{ name: 'Português', value: 'pt' },
	{ name: 'Nederlands', value: 'nl' },
	{ name: 'Polski', value: 'pl' },
	{ name: 'עברית', value: 'he' },
];

/** The value of the option that hands the choice on to the next in line (sent to the engine as null). */
export const FOLLOW_NEXT = 'follow';

/** What the descriptions say about tags from expressions. */
export const TAG_HINT = 'An expression may give any tag of these languages, such as de-CH or pt-BR.';

/** The engine's value for a Language parameter: a tag, null for the follow option, undefined when left empty. */
export function localeOf(value: unknown): string | null | undefined {
	const tag = textOf(value).trim();
	if (tag === FOLLOW_NEXT) return null;
	return tag || undefined;
}
