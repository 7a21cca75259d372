/** An attempt's time to the second: retries come seconds apart. */
const instant = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export const formatInstant = (iso: string): string => instant.format(new Date(iso));
