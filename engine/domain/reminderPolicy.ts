import { DateTime, Duration } from 'luxon';
import { z } from 'zod';

/** The shortest and longest wait a reminder policy may name: reminders are nudges, not a chat, nor forgotten. */
export const MIN_REMINDER_WAIT = Duration.fromObject({ hours: 1 });
export const MAX_REMINDER_WAIT = Duration.fromObject({ days: 90 });
export const MAX_REMINDERS = 20;

const ReminderWait = z
	.string()
	.max(40)
	.superRefine((text, context) => {
		const duration = Duration.fromISO(text);
		if (!duration.isValid) {
			context.addIssue({ code: 'custom', message: 'Must be an ISO 8601 duration such as "P2D" (two days) or "PT12H" (twelve hours).' });
			return;
		}
		const parts = Object.values(duration.toObject());
		const ms = duration.as('milliseconds');
		if (parts.some((part) => part < 0) || ms < MIN_REMINDER_WAIT.as('milliseconds') || ms > MAX_REMINDER_WAIT.as('milliseconds'))
			context.addIssue({ code: 'custom', message: `Must be at least ${MIN_REMINDER_WAIT.toISO()} (one hour) and at most ${MAX_REMINDER_WAIT.toISO()} (90 days).` });
	});

/** A workflow's reminder policy as the engine keeps and answers it. */
export const ReminderPolicy = z.strictObject({
	firstAfter: ReminderWait.describe("ISO 8601 duration from a signer's invitation (their turn) to their first reminder, e.g. P2D"),
	every: ReminderWait.describe('ISO 8601 duration between later reminders, e.g. P1D'),
	max: z.int().min(0).max(MAX_REMINDERS).describe('How many automatic reminders a signer gets at most'),
});
export type ReminderPolicy = z.infer<typeof ReminderPolicy>;

const NEW_KEYS = ['firstAfter', 'every', 'max'] as const;
const OLD_KEYS = ['intervalDays', 'maxReminders'] as const;

/**
 * What a request may send: the policy above, or the first version's { intervalDays, maxReminders },
 * still accepted and read as firstAfter = every = P<intervalDays>D, max = maxReminders.
 */
export const ReminderPolicyInput = z
	.strictObject({
		firstAfter: ReminderPolicy.shape.firstAfter.optional(),
		every: ReminderPolicy.shape.every.optional(),
		max: ReminderPolicy.shape.max.optional(),
		intervalDays: z.int().min(1).max(30).optional().describe('Older form, still accepted: days before the first reminder and between reminders'),
		maxReminders: z.int().min(0).max(10).optional().describe('Older form, still accepted: the same as max'),
	})
	.superRefine((input, context) => {
		const newOnes = NEW_KEYS.filter((key) => input[key] !== undefined);
		const oldOnes = OLD_KEYS.filter((key) => input[key] !== undefined);
		if (newOnes.length > 0 && oldOnes.length > 0) {
			context.addIssue({ code: 'custom', message: 'Use either firstAfter, every and max, or the older intervalDays and maxReminders, not both.' });
			return;
		}
		const wanted = oldOnes.length > 0 ? OLD_KEYS : NEW_KEYS;
		for (const key of wanted.filter((name) => input[name] === undefined))
			context.addIssue({ code: 'custom', path: [key], message: `Required with ${wanted.filter((name) => name !== key).join(' and ')}.` });
	})
	.transform((input): ReminderPolicy => toReminderPolicy(input));

/** A stored or sent policy in either shape, in today's. */
export function toReminderPolicy(policy: Partial<ReminderPolicy> & { intervalDays?: number; maxReminders?: number }): ReminderPolicy {
	if (policy.intervalDays !== undefined) {
		const wait = `P${policy.intervalDays}D`;
		return { firstAfter: wait, every: wait, max: policy.maxReminders ?? 0 };
	}
	return { firstAfter: policy.firstAfter!, every: policy.every!, max: policy.max! };
}

/**
 * `at` plus an ISO 8601 duration on the calendar of `timeZone`: "P1D" after 09:00 is 09:00 the
 * next day there, whether that day is 23, 24 or 25 hours long.
 */
export function addInZone(at: string, duration: string, timeZone: string): string {
	return DateTime.fromISO(at, { zone: timeZone }).plus(Duration.fromISO(duration)).toUTC().toISO()!;
}
