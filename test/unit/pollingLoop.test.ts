import { PollingLoop } from '../../engine/support/pollingLoop';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
		await sleep(120);
		await loop.stop();
		const atStop = passes;
		expect(active).toBe(0);
		expect(overlapped).toBe(false);
		expect(atStop).toBeGreaterThanOrEqual(3);
		await sleep(50);
		expect(passes).toBe(atStop);
	});

	it('runs at once when kicked, instead of waiting for the interval', async () => {
		const times: number[] = [];
		const loop = new PollingLoop(async () => {
			times.push(Date.now());
		}, 60_000);
		loop.start();
		await sleep(20);
		const kickedAt = Date.now();
		loop.kick();
		await sleep(20);
		await loop.stop();
		expect(times).toHaveLength(2);
		expect(times[1]! - kickedAt).toBeLessThan(15);
	});

	it('keeps going after a pass fails', async () => {
		let calls = 0;
		const errors: unknown[] = [];
		const loop = new PollingLoop(
			async () => {
				calls += 1;
				if (calls === 1) throw new Error('boom');
			},
			5,
			(error) => errors.push(error),
		);
		loop.start();
		await sleep(50);
		await loop.stop();
		expect(errors).toEqual([new Error('boom')]);
		expect(calls).toBeGreaterThan(1);
	});
});
