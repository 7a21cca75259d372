/*
 * Moments and dates as people in the workflow's time zone read them, in their language, naming
 * the zone: "1 March 2099 at 18:00 (Europe/Berlin)", "1. März 2099 um 18:00 (Europe/Berlin)".
 * Plain "en" reads as British English (day before month, 24-hour clock); "en-US" as American.
 * Here rather than in render/ because the certificate (pdf/) writes them too.
 */
const formats = new Map<string, Intl.DateTimeFormat>();

type Style = 'minutes' | 'seconds';

const OPTIONS: Record<Style, Intl.DateTimeFormatOptions> = {
	minutes: { dateStyle: 'long', timeStyle: 'short' },
	seconds: { dateStyle: 'long', timeStyle: 'medium' },
};

function formatFor(locale: string, timeZone: string, style: Style): Intl.DateTimeFormat {
	const key = `${locale}|${timeZone}|${style}`;
	let format = formats.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, { ...OPTIONS[style], timeZone });
		if (formats.size > 1000) formats.clear();
		formats.set(key, format);
	}
	return format;
}

export function formatInZone(iso: string, timeZone: string, locale = 'en'): string {
	return `${formatFor(locale, timeZone, 'minutes').format(new Date(iso))} (${timeZone})`;
}

/** To the second, as the certificate of completion states when something happened ("4. Januar 2027 um 10:05:00"); it names the zone once. */
export function formatInZoneToSecond(iso: string, timeZone: string, locale = 'en'): string {
	return formatFor(locale, timeZone, 'seconds').format(new Date(iso));
}

