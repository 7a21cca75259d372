import type { Catalogue } from '../catalogue';
import { messagesFor } from '../translate';
import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { he } from './he';
import { it } from './it';
import { nl } from './nl';
import { pl } from './pl';
import { pt } from './pt';

export const consentCatalogue: Catalogue<typeof en> = { en, de, fr, it, es, pt, nl, pl, he };

/**
 * The version of the consent texts, recorded with each consent beside its language and text.
 * Raise it whenever a consent text in any language changes in meaning.
 */
export const CONSENT_VERSION = 1;

/** The consent text a party of this role agrees to, in the language of `locale`. */
export function consentTextFor(role: string, locale: string): string {
	const messages = messagesFor(consentCatalogue, locale);
	return role === 'approver' ? messages.approver : messages.signer;
}
