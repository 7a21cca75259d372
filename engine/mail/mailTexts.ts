import { textDirection } from '../domain';
import { emailCatalogue, formatMessage, messagesFor, type MessageValues } from '../i18n';
import { html, type SafeHtml } from '../render/html';
import { htmlMessage, type HtmlMessageValues } from '../render/htmlMessage';

export type EmailText = keyof typeof emailCatalogue.en;

/** The emails' texts in one language, as plain text and as HTML, and the way its lines run. */
export interface MailTexts {
	locale: string;
	dir: 'ltr' | 'rtl';
	/** The side a line starts on: 'right' in a right-to-left language. */
	start: 'left' | 'right';
	text(key: EmailText, values?: MessageValues): string;
	html(key: EmailText, values?: HtmlMessageValues): SafeHtml;
}

export function mailTexts(locale: string): MailTexts {
	const messages = messagesFor(emailCatalogue, locale);
	const dir = textDirection(locale);
	return {
		locale,
		dir,
		start: dir === 'rtl' ? 'right' : 'left',
		text: (key, values) => formatMessage(messages[key], locale, values),
		// In right-to-left text each value (a name, a title, a link, often left-to-right) is isolated,
		// so that its punctuation stays with it rather than with the sentence around it.
		html: (key, values = {}) =>
			htmlMessage(messages[key], locale, dir === 'rtl' ? Object.fromEntries(Object.entries(values).map(([name, value]) => [name, isolated(value)])) : values),
	};
}

function isolated(value: HtmlMessageValues[string]): HtmlMessageValues[string] {
	return typeof value === 'number' ? value : html`<bdi>${value}</bdi>`;
}
