import { appCatalogue } from './app';
import type { Catalogue } from './catalogue';
import { certificateCatalogue } from './certificate';
import { consentCatalogue } from './consent';
import { emailCatalogue } from './email';
import { pageCatalogue } from './page';

/** Every catalogue, by surface: what the catalogue test checks in every language. */
export const CATALOGUES: Record<string, Catalogue<Record<string, string>>> = {
	app: appCatalogue,
	consent: consentCatalogue,
	email: emailCatalogue,
	certificate: certificateCatalogue,
	page: pageCatalogue,
};
