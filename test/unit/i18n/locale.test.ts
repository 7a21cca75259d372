import { acceptedLanguages, chooseLocale, languageOf, Locale, textDirection } from '../../../engine/domain';
import { consentTextFor, formatMessage } from '../../../engine/i18n';
import { formatInZone } from '../../../engine/render/time';

describe('a signer\'s locale', () => {
	it('takes the first supported choice, canonical, and English when none is', () => {
		expect(chooseLocale(null, 'pt-br', 'de')).toBe('pt-BR');
		expect(chooseLocale(undefined, 'ja', 'fr-CH')).toBe('fr-CH');
		expect(chooseLocale('not a tag!', 'xx')).toBe('en');
		expect(chooseLocale()).toBe('en');
		expect(chooseLocale('iw')).toBe('he');
	});

	it('reads Accept-Language by weight, then by order', () => {
		expect(acceptedLanguages('ja;q=0.9, de-CH, en;q=0.5, *;q=0.1, pl;q=0')).toEqual(['de-CH', 'ja', 'en']);
		expect(chooseLocale(null, ...acceptedLanguages('ja, it;q=0.8'))).toBe('it');
		expect(acceptedLanguages(undefined)).toEqual([]);
	});

	it('accepts supported tags in the API and says which are supported otherwise', () => {
		expect(Locale.parse(' pt-br ')).toBe('pt-BR');
		const refused = Locale.safeParse('ja');
		expect(refused.success).toBe(false);
		expect(refused.error?.issues[0].message).toContain('de, fr, it, es, pt, nl, pl, he');
	});

	it('knows the right-to-left language', () => {
		expect(textDirection('he-IL')).toBe('rtl');
		expect(textDirection('de')).toBe('ltr');
		expect(languageOf('NL-be')).toBe('nl');
	});

	it('gives the consent text of the language, English for one it lacks', () => {
		expect(consentTextFor('signer', 'de-AT')).toContain('elektronisch zu unterzeichnen');
		expect(consentTextFor('approver', 'it')).toContain('lo approvo elettronicamente');
		expect(consentTextFor('signer', 'ja')).toBe(consentTextFor('signer', 'en'));
	});

	it('formats plurals by the language\'s rules', () => {
		const message = '{count, plural, one {# pole} few {# pola} many {# pól} other {# pola}}';
		expect([1, 3, 5, 22].map((count) => formatMessage(message, 'pl', { count }))).toEqual(['1 pole', '3 pola', '5 pól', '22 pola']);
	});

	it('formats a moment in the workflow\'s zone for the language, English as before', () => {
		const moment = '2099-03-01T17:00:00Z';
		expect(formatInZone(moment, 'Europe/Berlin')).toBe('1 March 2099 at 18:00 (Europe/Berlin)');
		expect(formatInZone(moment, 'Europe/Berlin', 'de')).toBe('1. März 2099 um 18:00 (Europe/Berlin)');
		expect(formatInZone(moment, 'America/Sao_Paulo', 'pt-BR')).toBe('1 de março de 2099 às 14:00 (America/Sao_Paulo)');
		expect(formatInZone('2099-07-01T17:00:00Z', 'Europe/Berlin', 'fr')).toBe('1 juillet 2099 à 19:00 (Europe/Berlin)');
	});
});
