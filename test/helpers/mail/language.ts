import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type { ParsedMail } from 'mailparser';
import { emailCatalogue } from '../../../engine/i18n';

/** Who an email went to, and which kind it is (the engine's X-Signflow-Email header). */
export const to = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)!.value[0].address;
export const kindOf = (mail: ParsedMail) => mail.headers.get('x-signflow-email');

/** The English catalogue's own words: each literal run of a message (placeholders and plurals taken apart), trimmed to its letters. */
function literalsOf(elements: MessageFormatElement[], found: string[] = []): string[] {
	for (const element of elements) {
		if (element.type === TYPE.literal) found.push(element.value);
		if (element.type === TYPE.plural || element.type === TYPE.select) for (const option of Object.values(element.options)) literalsOf(option.value, found);
	}
	return found;
}
/** Words every language keeps: the product's name, a format, the webhook feature's name, n8n. */
const KEPT = new Set(['Signflow', 'PDF', 'webhook', 'n8n']);
const ENGLISH_PHRASES = [
	...new Set(
		Object.values(emailCatalogue.en)
			.flatMap((message) => literalsOf(parse(message, { ignoreTag: true })))
			.map((literal) => literal.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''))
			.filter((phrase) => (phrase.match(/\p{L}/gu) ?? []).length >= 3 && !KEPT.has(phrase)),
	),
];

/** What a reader sees of the HTML part: its text, without tags, entities decoded. */
export function htmlText(mail: ParsedMail): string {
	const entities: Record<string, string> = { '&quot;': '"', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#39;': "'", '&#96;': '`' };
	return String(mail.html)
		.replace(/<[^>]+>/g, '')
		.replace(/&(quot|amp|lt|gt|#39|#96);/g, (entity) => entities[entity]);
}

/**
 * The email is in `locale`: the HTML says so, and no English phrase of the catalogue is in its
 * subject, text or HTML (but in `quoted`, a technical error quoted as it was logged).
 */
export function expectInLanguage(mail: ParsedMail, locale: string, dir: 'ltr' | 'rtl', quoted?: string) {
	expect(String(mail.html)).toContain(`<html lang="${locale}" dir="${dir}">`);
	const everything = [mail.subject ?? '', mail.text ?? '', htmlText(mail)].join('\n').replaceAll(quoted ?? '\u0000', '');
	const english = ENGLISH_PHRASES.filter((phrase) => new RegExp(`(?<!\\p{L})${phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\p{L})`, 'u').test(everything));
	expect({ kind: kindOf(mail), english }).toEqual({ kind: kindOf(mail), english: [] });
}
