import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { textOf } from '../../../shared/text';

const DEFAULTS = { firstAfter: 'P2D', every: 'P1D', max: 3 };

/** Add's automatic reminders: the engine's reminderPolicy { firstAfter, every, max }. */
export const reminderOptions: INodeProperties = {
	displayName: 'Reminders',
	name: 'reminders',
	type: 'fixedCollection',
	placeholder: 'Add Reminders',
	default: {},
	description:
		'Automatic reminders (an email when the engine has SMTP, and a signer.reminded event) to each signer whose turn it is, until they act, the signing workflow ends or Max is reached',
	options: [
		{
			displayName: 'Reminder Policy',
			name: 'policy',
			values: [
				{
					displayName: 'Every',
					name: 'every',
					type: 'string',
					default: DEFAULTS.every,
					placeholder: 'P1D',
					description: 'ISO 8601 duration between reminders, from 1 hour (PT1H) to 90 days (P90D); days keep the local hour of the signing workflow\'s time zone',
				},
				{
					displayName: 'First Reminder After',
					name: 'firstAfter',
					type: 'string',
					default: DEFAULTS.firstAfter,
					placeholder: 'P2D',
					description: 'ISO 8601 duration from the signer\'s invitation (their turn) to their first reminder: P2D is two days, PT12H twelve hours',
				},
				{
					displayName: 'Max',
					name: 'max',
					type: 'number',
					default: DEFAULTS.max,
					typeOptions: { minValue: 0, maxValue: 20, numberPrecision: 0 },
					description: 'How many automatic reminders a signer gets at most',
				},
			],
		},
	],
};

/** The reminderPolicy to send for Add's Reminders, or undefined when none were added; an expression may give a Luxon Duration. */
export function reminderPolicyOf(reminders: unknown): IDataObject | undefined {
	const policy = (reminders as { policy?: IDataObject } | undefined)?.policy;
	if (!policy) return undefined;
	// A value n8n did not store is the default the editor showed.
	return {
		firstAfter: policy.firstAfter === undefined ? DEFAULTS.firstAfter : textOf(policy.firstAfter).trim(),
		every: policy.every === undefined ? DEFAULTS.every : textOf(policy.every).trim(),
		max: policy.max === undefined ? DEFAULTS.max : Number(policy.max),
	};
}
