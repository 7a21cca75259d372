// The page's texts in the signer's language: the `app` catalogue's ICU messages (engine/i18n/app),
// which the server puts into the page's boot data for the session's locale, formatted with
// intl-messageformat as the server formats its own (plurals by each language's rules).
import { IntlMessageFormat } from '/sign/assets/intl-messageformat.mjs';

let locale = 'en';
let messages = {};
const compiled = new Map();

const RIGHT_TO_LEFT_LANGUAGES = new Set(['he', 'iw', 'ar', 'fa', 'ur']);

const languageOf = (tag) => String(tag).split('-')[0].toLowerCase();

/** Uses `next` (the catalogue's messages for `nextLocale`) from now on. */
export function useMessages(next, nextLocale) {
	messages = next ?? {};
	locale = nextLocale || 'en';
	compiled.clear();
}

/**
 * The messages of a session's language for a page without boot data (opened before an upgrade):
 * the engine serves each language's as a file; English when that one cannot be had.
 */
export async function fetchMessages(forLocale) {
	for (const language of [languageOf(forLocale), 'en']) {
		try {
			const response = await fetch(`/sign/assets/messages/app.${language}.json`, { credentials: 'same-origin' });
			if (response.ok) return await response.json();
		} catch {
			// Try English, then go without.
		}
	}
	return {};
}

/** The page's locale for Intl: plain English reads as British English ("4 January 2027", 24-hour clock), as the engine writes it. */
export function intlLocale() {
	return locale === 'en' ? 'en-GB' : locale;
}

export function direction(forLocale = locale) {
	return RIGHT_TO_LEFT_LANGUAGES.has(languageOf(forLocale)) ? 'rtl' : 'ltr';
}

const FIRST_STRONG = /[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]|[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;

/** The direction a text runs in, by its first letter (Hebrew or Arabic: right to left); the page's when it has none. */
export function directionOfText(text) {
	const first = FIRST_STRONG.exec(text ?? '');
	if (!first) return direction();
	return /[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]/.test(first[0]) ? 'ltr' : 'rtl';
}

// In a right-to-left text, a name or an email address (left to right) is isolated, so its characters
// do not reorder the sentence around it ("עבור Anna Müller (anna@example.com)").
function isolated(value) {
	return typeof value === 'string' && direction() === 'rtl' ? `\u2068${value}\u2069` : value;
}

/** One text of the page, e.g. t('progressCount', { done: 2, total: 4 }). */
export function t(key, values) {
	const message = messages[key];
	if (message === undefined) return key;
	let format = compiled.get(key);
	if (!format) {
		// ignoreTag: "<" in a text is a character, as on the server (engine/i18n/translate.ts).
		format = new IntlMessageFormat(message, intlLocale(), undefined, { ignoreTag: true });
		compiled.set(key, format);
	}
	const shown = values ? Object.fromEntries(Object.entries(values).map(([name, value]) => [name, isolated(value)])) : undefined;
	return String(format.format(shown));
}

/** A moment as the signer reads it, in the workflow's time zone when given. */
export function formatMoment(iso, timeZone) {
	if (!iso) return '';
	return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'long', timeStyle: 'short', timeZone }).format(new Date(iso));
}

/** A date value (YYYY-MM-DD) in the signer's language: "4 January 2027", "4. Januar 2027". */
export function formatDateValue(value) {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
	return new Intl.DateTimeFormat(intlLocale(), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`));
}

/**
 * What the signer is told when a request fails: the engine's error code in their language
 * (the engine's own message is English, for API clients), else the status.
 */
export function errorText(code, status) {
	switch (code) {
		case 'network':
			return t('errorNetwork');
		case 'link_invalid':
			return t('errorLinkInvalid');
		case 'link_locked':
			return t('errorLinkLocked');
		case 'access_code_required':
		case 'verification_required':
			return t('errorAccessExpired');
		case 'signer_already_acted':
			return t('errorAlreadyActed');
		case 'workflow_not_sent':
		case 'document_unavailable':
		case 'signer_not_active':
		case 'signer_cannot_act':
		case 'not_your_turn':
			return t('errorClosed');
		case 'delegation_not_allowed':
			return t('errorDelegationNotAllowed');
		case 'delegate_same_email':
			return t('delegateOwnEmail');
		case 'draft_not_allowed':
			return t('errorDraftNotAllowed');
		case 'validation_failed':
		case 'signing_values_invalid':
		case 'draft_values_invalid':
		case 'refusal_reason_required':
			return t('errorInvalid');
		case 'payload_too_large':
			return t('errorTooLarge');
	}
	if (status === 429) return t('errorRateLimited');
	return t('errorFailed', { status: String(status) });
}
