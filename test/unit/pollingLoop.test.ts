import { PollingLoop } from '../../engine/support/pollingLoop';

// Fake timers: the loop's schedule is checked to the millisecond whatever the machine's load.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('PollingLoop', () => {
	it('runs passes one after another at its interval, and stop() waits for the running one', async () => {
		let active = 0;
		let overlapped = false;
		let passes = 0;
		const loop = new PollingLoop(async () => {
			active += 1;
			overlapped ||= active > 1;
			await sleep(20);
			passes += 1;
			active -= 1;
		}, 5);
		loop.start();
		// Each pass takes 20 ms and the next starts 5 ms after it: 4 passes end by 100 ms, the 5th is running.
		await jest.advanceTimersByTimeAsync(110);
		expect(passes).toBe(4);
		expect(active).toBe(1);
		const stopped = loop.stop();
		await jest.advanceTimersByTimeAsync(20);
		await stopped;
		expect(active).toBe(0);
		expect(overlapped).toBe(false);
		expect(passes).toBe(5);
		await jest.advanceTimersByTimeAsync(1000);
		expect(passes).toBe(5);
		expect(jest.getTimerCount()).toBe(0);
	});

	it('runs at once when kicked, instead of waiting for the interval', async () => {
		const times: number[] = [];
		const loop = new PollingLoop(() => {
			times.push(Date.now());
			return Promise.resolve();
		}, 60_000);
		loop.start();
		await jest.advanceTimersByTimeAsync(20);
		expect(times).toHaveLength(1);
		const kickedAt = Date.now();
		loop.kick();
		await jest.advanceTimersByTimeAsync(0);
		expect(times).toEqual([expect.any(Number), kickedAt]);
		await loop.stop();
	});

	it('keeps going after a pass fails', async () => {
		let calls = 0;
		const errors: unknown[] = [];
		const loop = new PollingLoop(
			// A pass fails as the loop's passes do: its promise rejects.
			() => {
				calls += 1;
				return calls === 1 ? Promise.reject(new Error('boom')) : Promise.resolve();
			},
			5,
			(error) => errors.push(error),
		);
		loop.start();
		await jest.advanceTimersByTimeAsync(12);
		await loop.stop();
		expect(errors).toEqual([new Error('boom')]);
		expect(calls).toBe(3);
	});
});
