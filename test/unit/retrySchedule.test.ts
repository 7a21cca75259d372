import { afterFailedAttempt, nextAttemptAt, withoutLocalPaths } from '../../engine/support/retrySchedule';

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

describe('withoutLocalPaths', () => {
	it.each([
		["ENOENT: no such file or directory, open '/home/n8n/.n8n/signflow/blobs/ab/ab12.pdf'", "ENOENT: no such file or directory, open '<file>'"],
		['EACCES: permission denied, mkdir /var/lib/signflow/Zoë', 'EACCES: permission denied, mkdir <file>'],
		["EPERM: operation not permitted, open 'C:\\Users\\zoë\\.n8n\\signflow\\seals\\x.p12'", "EPERM: operation not permitted, open '<file>'"],
	])('hides the path in %s', (message, expected) => {
		expect(withoutLocalPaths(message)).toBe(expected);
	});

	it.each([
		'connect ECONNREFUSED 127.0.0.1:443',
		'POST https://hooks.example.com/webhook/abc/def answered 500',
		'The PDF has no page 3 (it has 2)',
		'Unexpected token < in JSON at position 0 (text/html; 1/2 read)',
		'a/b ratio 3/4',
	])('keeps %s as it is', (message) => {
		expect(withoutLocalPaths(message)).toBe(message);
	});
});
