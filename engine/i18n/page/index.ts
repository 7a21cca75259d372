import type { Language } from '../../domain/locale';
import type { Catalogue } from '../catalogue';
import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { he } from './he';
import { it } from './it';
import { nl } from './nl';
import { pl } from './pl';
import { pt } from './pt';

/** The texts of the signer's server-rendered pages (the frame, every state, the access and email codes). */
export const pageCatalogue: Catalogue<typeof en> = { en, de, fr, it, es, pt, nl, pl, he };

/** Each language as its speakers name it: the page's language switcher shows these, whatever the page's language. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = {
	en: 'English',
	de: 'Deutsch',
	fr: 'Français',
	it: 'Italiano',
	es: 'Español',
	pt: 'Português',
	nl: 'Nederlands',
	pl: 'Polski',
	he: 'עברית',
};
