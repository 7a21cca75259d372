/** Helpers shared by the SVG charts: a round top for the axis, the hours' labels. */

/** The smallest of 1, 2, 2.5, 5 times a power of ten at or above `value` (1 for nothing). */
export function niceCeiling(value: number): number {
	if (value <= 0) return 1;
	const magnitude = 10 ** Math.floor(Math.log10(value));
	for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
	return 10 * magnitude;
}

const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayOfWeek = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric' });
const hourAndDay = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });

/** An hour's label on the axis: its time over a day, its day over a week (at the local midnight). */
export function axisLabel(hourIso: string, range: 'day' | 'week'): string | null {
	const date = new Date(hourIso);
	if (range === 'day') return date.getHours() % 3 === 0 ? timeOfDay.format(date) : null;
	return date.getHours() === 0 ? dayOfWeek.format(date) : null;
}

/** An hour in the table and the bars' tooltips. */
export const hourLabel = (hourIso: string): string => hourAndDay.format(new Date(hourIso));
