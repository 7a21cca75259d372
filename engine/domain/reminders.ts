import type { Transition, WorkflowAggregate } from './aggregate';
import type { PendingEvent } from './event';
import { addInZone } from './reminderPolicy';
import type { Signer } from './signer';
import { FINAL_STATUSES } from './workflow';

/** When a signer's next automatic reminder is due, and how many they had. One per signer whose turn it is. */
export interface ReminderSchedule {
	organizationId: string;
	workflowId: string;
	signerId: string;
	nextDueAt: string;
	/** Automatic reminders sent so far. */
	sent: number;
}

/** A signer's turn came, or another person took their place (by the sender, or handed over by the signer). */
const STARTS = new Set<PendingEvent['type']>(['signer.invited', 'signer.reassigned', 'signer.delegated']);
const ENDINGS = new Set<PendingEvent['type']>(['workflow.completed', 'workflow.refused', 'workflow.expired', 'workflow.cancelled']);

/** What a committed transition does to the reminder schedules of its workflow. */
export type ScheduleChange =
	/** Their turn came (or a new person took their place): the first reminder is firstAfter from now, none sent. */
	| { kind: 'start'; signerId: string; nextDueAt: string }
	/** Reminded by hand: the next automatic one counts from now. */
	| { kind: 'postpone'; signerId: string; nextDueAt: string }
	| { kind: 'stop'; signerId: string }
	| { kind: 'stopAll' };

/**
 * The schedule changes `events` call for, committed at `at` (the events of the transition that led
 * to `after`). Automatic reminders are not here: the reminder loop moves their schedule itself,
 * conditionally, which is what makes each one go out once.
 */
export function scheduleChanges(after: WorkflowAggregate, events: readonly PendingEvent[], at: string): ScheduleChange[] {
	const { workflow } = after;
	if (FINAL_STATUSES.includes(workflow.status)) return events.some((event) => ENDINGS.has(event.type)) ? [{ kind: 'stopAll' }] : [];
	const policy = workflow.reminderPolicy;
	const changes: ScheduleChange[] = [];
	const signerOf = (event: PendingEvent) => after.signers.find((signer) => signer.id === event.data.signerId);
	for (const event of events) {
		const signer = signerOf(event);
		if (!signer) continue;
		if (signer.status !== 'active') {
			changes.push({ kind: 'stop', signerId: signer.id });
			continue;
		}
		if (!policy || policy.max === 0) continue;
		if (STARTS.has(event.type))
			changes.push({ kind: 'start', signerId: signer.id, nextDueAt: addInZone(at, policy.firstAfter, workflow.timeZone) });
		else if (event.type === 'signer.reminded' && event.data.automatic !== true)
			changes.push({ kind: 'postpone', signerId: signer.id, nextDueAt: addInZone(at, policy.every, workflow.timeZone) });
	}
	return changes;
}

/** What the reminder loop does with a due schedule: send a reminder or not, and when the next is due (null: never). */
export interface ReminderDecision {
	transition: Transition | null;
	nextDueAt: string | null;
}

/**
 * Decides a due reminder. None after the workflow ended or expired, none to a signer whose turn it
 * is not or who has acted, at most `max`. The next one is `every` after this one's due time (in the
 * workflow's time zone, so it keeps its local hour), skipping times already past after a pause.
 */
export function dueReminder(aggregate: WorkflowAggregate, schedule: ReminderSchedule, now: Date): ReminderDecision {
	const { workflow } = aggregate;
	const policy = workflow.reminderPolicy;
	const signer = aggregate.signers.find((candidate) => candidate.id === schedule.signerId);
	const expired = workflow.expiresAt !== null && Date.parse(workflow.expiresAt) <= now.getTime();
	if (workflow.status !== 'sent' || expired || !policy || !signer || signer.status !== 'active' || schedule.sent >= policy.max)
		return { transition: null, nextDueAt: null };
	let nextDueAt = addInZone(schedule.nextDueAt, policy.every, workflow.timeZone);
	while (Date.parse(nextDueAt) <= now.getTime()) nextDueAt = addInZone(nextDueAt, policy.every, workflow.timeZone);
	// A locked link cannot be used: wait for it to be reissued rather than spend a reminder.
	if (signer.lockedAt) return { transition: null, nextDueAt };
	const number = schedule.sent + 1;
	return { transition: automaticReminder(aggregate, signer, number, policy.max, now), nextDueAt: number >= policy.max ? null : nextDueAt };
}

function automaticReminder(aggregate: WorkflowAggregate, signer: Signer, number: number, of: number, now: Date): Transition {
	return {
		workflow: { ...aggregate.workflow, updatedAt: now.toISOString() },
		changedSigners: [],
		events: [
			{
				type: 'signer.reminded',
				workflowId: aggregate.workflow.id,
				data: { signerId: signer.id, name: signer.name, email: signer.email, automatic: true, reminder: number, of },
			},
		],
	};
}
