import type { Catalogue } from './catalogue';
import { certificateCatalogue } from './certificate';
import { consentCatalogue } from './consent';
import { emailCatalogue } from './email';

/** Every catalogue, by surface: what the catalogue test checks in every language. */
export const CATALOGUES: Record<string, Catalogue<Record<string, string>>> = {
	consent: consentCatalogue,
	email: emailCatalogue,
	certificate: certificateCatalogue,
};
