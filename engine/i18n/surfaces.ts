import type { Catalogue } from './catalogue';
import { consentCatalogue } from './consent';
import { pageCatalogue } from './page';

/** Every catalogue, by surface: what the catalogue test checks in every language. */
export const CATALOGUES: Record<string, Catalogue<Record<string, string>>> = {
	consent: consentCatalogue,
	page: pageCatalogue,
};
