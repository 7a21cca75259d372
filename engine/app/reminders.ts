import { SYSTEM_ACTOR, dueReminder, engineScope, type Clock, type EventContext, type ReminderSchedule } from '../domain';
import type { EventRecorder } from '../outbox/recorder';
import type { Store } from '../store/port';
import { commitTransition } from './commit';

const SYSTEM_CONTEXT: EventContext = { actor: SYSTEM_ACTOR, ip: null, userAgent: null };

/** Automatic reminders: each due one sent once, as a signer.reminded event (and its email). */
export class Reminders {
	constructor(private readonly options: { store: Store; clock: Clock; recorder: EventRecorder }) {}

	/** Sends up to `limit` due reminders; returns how many went out. */
	async sendDue(limit = 100): Promise<{ seen: number; sent: number }> {
		const now = this.options.clock.now();
		const due = await this.options.store.read((repository) => repository.reminderSchedules.due(now.toISOString(), limit));
		let sent = 0;
		for (const schedule of due) if (await this.sendOne(schedule, now)) sent += 1;
		return { seen: due.length, sent };
	}

	/**
	 * Under the workflow's lock, decides on the schedule as it was read, and moves it on only from
	 * that due time and count: another process that got there first moved it, and this one sends nothing.
	 */
	private async sendOne(read: ReminderSchedule, now: Date): Promise<boolean> {
		return this.options.store.transaction(async (repository) => {
			const aggregate = await repository.loadAggregate(engineScope(read.organizationId), read.workflowId, { forUpdate: true });
			const decision = aggregate ? dueReminder(aggregate, read, now) : { transition: null, nextDueAt: null };
			const moved = await repository.reminderSchedules.advance(read, { nextDueAt: decision.nextDueAt, sent: read.sent + (decision.transition ? 1 : 0) });
			if (!moved || !aggregate || !decision.transition) return false;
			await commitTransition(repository, aggregate, decision.transition, SYSTEM_CONTEXT, this.options.recorder);
			return true;
		});
	}
}
