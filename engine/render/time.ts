import { DateTime } from 'luxon';

/** A moment as people in the workflow's time zone read it, naming the zone: "1 March 2099 at 18:00 (Europe/Berlin)". */
export function formatInZone(iso: string, timeZone: string): string {
	return `${DateTime.fromISO(iso).setZone(timeZone).toFormat("d LLLL yyyy 'at' HH:mm")} (${timeZone})`;
}
