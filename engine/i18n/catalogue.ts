import type { Language } from '../domain/languages';

/*
 * Every text a signer reads lives in a catalogue: one folder per surface
 * (consent/, and the page's, the emails' and the certificate's), one file per
 * language. English is the reference: another language must have its keys
 * (the compiler checks) and no placeholder English lacks (the catalogue test
 * checks). Texts are ICU messages ("{done} of {total, plural, one {# field}
 * other {# fields}}"), formatted by translate.ts.
 */

/** Another language's texts for a surface whose English texts are `English`. */
export type Messages<English> = { readonly [Key in keyof English]: string };

export type Catalogue<English extends Record<string, string>> = { readonly en: English } & {
	readonly [Other in Exclude<Language, 'en'>]: Messages<English>;
};
