import { formatMessage } from '../i18n';
import { escapeHtml, SafeHtml } from './html';

/** What a translated HTML message interpolates: text (escaped), markup (as it is), numbers (for plurals). */
export type HtmlMessageValues = Record<string, string | number | SafeHtml>;

// Private-use characters stand for each text or markup value while ICU formats the message, so
// that the translation's own text is escaped and markup goes in where the translation puts it.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const STAND_IN = new RegExp(`${OPEN}(\\d+)${CLOSE}`);

/** One ICU message formatted for `locale` as safe HTML: `<strong>` or a link can stand where the translation names a value. */
export function htmlMessage(message: string, locale: string, values: HtmlMessageValues = {}): SafeHtml {
	const inserts: string[] = [];
	const standIns: Record<string, string | number> = {};
	for (const [name, value] of Object.entries(values)) {
		if (typeof value === 'number') {
			standIns[name] = value;
			continue;
		}
		standIns[name] = `${OPEN}${inserts.length}${CLOSE}`;
		inserts.push(value instanceof SafeHtml ? value.value : escapeHtml(value));
	}
	const pieces = formatMessage(message, locale, standIns).split(STAND_IN);
	// split with a capture group: text, index, text, index, ..., text.
	return new SafeHtml(pieces.map((piece, index) => (index % 2 === 1 ? inserts[Number(piece)] : escapeHtml(piece))).join(''));
}
