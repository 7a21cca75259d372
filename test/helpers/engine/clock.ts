import type { Clock } from '../../../engine/domain';

/** A clock tests move by hand. */
export class ManualClock implements Clock {
	private current: number;

	constructor(start: Date | string = '2026-11-23T09:00:00.000Z') {
		this.current = new Date(start).getTime();
	}

	now(): Date {
		return new Date(this.current);
	}

	advance(milliseconds: number): void {
		this.current += milliseconds;
	}
}
