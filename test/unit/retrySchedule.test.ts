import { afterFailedAttempt, nextAttemptAt } from '../../engine/support/retrySchedule';

const NOW = new Date('2026-11-23T12:00:00.000Z');

describe('nextAttemptAt', () => {
	it('waits the n-th delay after the n-th failed attempt, and gives up past the last', () => {
		expect(nextAttemptAt([5_000, 60_000], 1, NOW)).toBe('2026-11-23T12:00:05.000Z');
		expect(nextAttemptAt([5_000, 60_000], 2, NOW)).toBe('2026-11-23T12:01:00.000Z');
		expect(nextAttemptAt([5_000, 60_000], 3, NOW)).toBeNull();
		expect(nextAttemptAt([], 1, NOW)).toBeNull();
	});

	it('lets a caller push the wait out, never in', () => {
		expect(nextAttemptAt([5_000], 1, NOW, 60_000)).toBe('2026-11-23T12:01:00.000Z');
		expect(nextAttemptAt([5_000], 1, NOW, 1_000)).toBe('2026-11-23T12:00:05.000Z');
	});
});

describe('afterFailedAttempt', () => {
	const record = { status: 'pending' as 'pending' | 'failed', attempts: 0, nextAttemptAt: NOW.toISOString(), lastError: null as string | null };

	it('counts the attempt, keeps the error and sets the next due time', () => {
		expect(afterFailedAttempt(record, new Error('SMTP down'), [30_000], NOW)).toEqual({
			status: 'pending',
			attempts: 1,
			nextAttemptAt: '2026-11-23T12:00:30.000Z',
			lastError: 'SMTP down',
		});
	});

	it('marks the record failed once the schedule is used up, with at most 1000 characters of error', () => {
		const failed = afterFailedAttempt({ ...record, attempts: 1 }, 'x'.repeat(2000), [30_000], NOW);
		expect(failed).toMatchObject({ status: 'failed', attempts: 2, nextAttemptAt: NOW.toISOString() });
		expect(failed.lastError).toHaveLength(1000);
	});
});
