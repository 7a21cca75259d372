/*
 * A moment as people in the workflow's time zone read it, in their language, naming the zone:
 * "1 March 2099 at 18:00 (Europe/Berlin)", "1. März 2099 um 18:00 (Europe/Berlin)". Plain "en"
 * reads as British English (day before month, 24-hour clock); "en-US" as American.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(locale: string, timeZone: string): Intl.DateTimeFormat {
	const key = `${locale}|${timeZone}`;
	let format = formats.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, { dateStyle: 'long', timeStyle: 'short', timeZone });
		if (formats.size > 1000) formats.clear();
		formats.set(key, format);
	}
	return format;
}

export function formatInZone(iso: string, timeZone: string, locale = 'en'): string {
	return `${formatFor(locale, timeZone).format(new Date(iso))} (${timeZone})`;
}
