import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { LANGUAGES } from '../../../engine/domain';
import { formatMessage } from '../../../engine/i18n';
import { CATALOGUES } from '../../../engine/i18n/surfaces';

/** Each argument a message names, with how it is used ("name:argument", "count:plural"). */
function argumentsOf(elements: MessageFormatElement[], found = new Set<string>()): Set<string> {
	for (const element of elements) {
		if (element.type === TYPE.argument) found.add(`${element.value}:argument`);
		if (element.type === TYPE.number || element.type === TYPE.date || element.type === TYPE.time) found.add(`${element.value}:${TYPE[element.type]}`);
		if (element.type === TYPE.plural || element.type === TYPE.select) {
			found.add(`${element.value}:${TYPE[element.type]}`);
			for (const option of Object.values(element.options)) argumentsOf(option.value, found);
		}
	}
	return found;
}

/** A value of the right kind for each argument English uses. */
function sampleValues(argumentNames: Set<string>): Record<string, string | number> {
	const values: Record<string, string | number> = {};
	for (const entry of argumentNames) {
		const [name, kind] = entry.split(':');
		values[name] = kind === 'plural' || kind === 'number' ? 3 : kind === 'select' ? 'other' : `«${name}»`;
	}
	return values;
}

const surfaces = Object.entries(CATALOGUES);
const others = LANGUAGES.filter((language) => language !== 'en');

describe.each(surfaces)('the %s catalogue', (_surface, catalogue) => {
	const englishKeys = Object.keys(catalogue.en).sort();

	it('has English texts, each a message ICU can parse', () => {
		expect(englishKeys.length).toBeGreaterThan(0);
		for (const key of englishKeys) expect(() => parse(catalogue.en[key], { ignoreTag: true })).not.toThrow();
	});

	it.each(others)('has every key in %s, and no other', (language) => {
		expect(Object.keys(catalogue[language]).sort()).toEqual(englishKeys);
	});

	it.each(others)('uses in %s only the placeholders English has, each as English uses it', (language) => {
		for (const key of englishKeys) {
			const english = argumentsOf(parse(catalogue.en[key], { ignoreTag: true }));
			const translated = argumentsOf(parse(catalogue[language][key], { ignoreTag: true }));
			const extra = [...translated].filter((argument) => !english.has(argument));
			expect({ key, extra }).toEqual({ key, extra: [] });
			expect(catalogue[language][key].trim()).not.toBe('');
			expect(() => formatMessage(catalogue[language][key], language, sampleValues(english))).not.toThrow();
		}
	});
});

describe('the catalogue test', () => {
	it('sees a placeholder English lacks and a placeholder used otherwise', () => {
		const english = argumentsOf(parse('{done} of {total, plural, one {# field} other {# fields}}', { ignoreTag: true }));
		expect([...argumentsOf(parse('{done} von {gesamt}', { ignoreTag: true }))].filter((argument) => !english.has(argument))).toEqual(['gesamt:argument']);
		expect([...argumentsOf(parse('{done} von {total}', { ignoreTag: true }))].filter((argument) => !english.has(argument))).toEqual(['total:argument']);
	});
});
