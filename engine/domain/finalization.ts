import { z } from 'zod';
import { Timestamp } from './common';

export const FINALIZATION_STATUSES = ['pending', 'done', 'failed'] as const;

/** Where the making of a completed workflow's signed documents (stamp, certificate, seal) stands. */
export const FinalizationState = z
	.object({
		status: z
			.enum(FINALIZATION_STATUSES)
			.describe('pending: being made, or retried at nextAttemptAt after a failure; done: the signed files are ready; failed: the engine gave up (see lastError)'),
		attempts: z.int().describe('Attempts made so far'),
		lastError: z.string().nullable().describe('Why the last attempt failed; null once done'),
		nextAttemptAt: Timestamp.nullable().describe('When the next attempt is due, while pending'),
		finishedAt: Timestamp.nullable(),
	})
	.describe('Only for a completed workflow; null before');
export type FinalizationState = z.infer<typeof FinalizationState>;
