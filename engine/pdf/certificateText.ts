import { DEFAULT_LOCALE } from '../domain/languages';
import { certificateCatalogue } from '../i18n/certificate';
import { formatInZoneToSecond } from '../i18n/dates';
import { translator, type Translate } from '../i18n/translate';

/* The words of the certificate in its language: labels, moments, language names. */

export type CertificateKey = keyof typeof certificateCatalogue.en;

export function certificateTranslator(locale: string): Translate<CertificateKey> {
	return translator(certificateCatalogue, locale);
}

/** Moments already written, by moment, zone and locale: each certificate is laid out at several sizes. */
const written = new Map<string, string>();

/**
 * When something happened, to the second, in the workflow's zone (which the
 * certificate names once) and the certificate's language, and in UTC (as ISO
 * 8601 writes it) unless that is the zone.
 */
export function moment(iso: string | null, timeZone: string, locale: string): string {
	if (!iso) return '—';
	const key = `${iso} ${timeZone} ${locale}`;
	let text = written.get(key);
	if (text === undefined) {
		const local = formatInZoneToSecond(iso, timeZone, locale);
		text = timeZone === 'UTC' ? local : `${local} · ${new Date(iso).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
		if (written.size >= 1000) written.clear();
		written.set(key, text);
	}
	return text;
}

const names = new Map<string, Intl.DisplayNames | null>();
/** Each language's name, by certificate language and code: ICU looks the name up afresh on every call. */
const languageNames = new Map<string, string>();

/** The name of a language in the certificate's language ("Deutsch", "German", "גרמנית"), its code when Intl has none. */
export function languageName(code: string, locale: string): string {
	const key = `${locale} ${code}`;
	let name = languageNames.get(key);
	if (name === undefined) {
		name = displayedLanguage(code, locale);
		if (languageNames.size >= 1000) languageNames.clear();
		languageNames.set(key, name);
	}
	return name;
}

function displayedLanguage(code: string, locale: string): string {
	let display = names.get(locale);
	if (display === undefined) {
		try {
			display = new Intl.DisplayNames([locale, DEFAULT_LOCALE], { type: 'language' });
		} catch {
			display = null;
		}
		names.set(locale, display);
	}
	try {
		return display?.of(code) ?? code;
	} catch {
		return code;
	}
}
