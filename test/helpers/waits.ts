/** Polls until `accept` holds (or the time is up: generous, for loaded machines) and returns the last value seen. */
export async function until<T>(check: () => T | Promise<T>, accept: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (accept(value) || Date.now() > deadline) return value;
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

/** Polls until `accept` holds; fails, showing the last value seen, if it never does. */
export async function eventually<T>(check: () => T | Promise<T>, accept: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
	const value = await until(check, accept, timeoutMs);
	if (!accept(value)) throw new Error(`still not so after ${timeoutMs} ms; last seen: ${JSON.stringify(value).slice(0, 300)}`);
	return value;
}

/** A promise that resolves when `release` is called: work held still until a test lets it go on. */
export function gate(): { wait: Promise<void>; release: () => void } {
	let release = () => {};
	const wait = new Promise<void>((resolve) => (release = resolve));
	return { wait, release };
}
