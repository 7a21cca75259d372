/** Polls until `accept` holds (or the time is up: generous, for loaded machines) and returns the last value seen. */
export async function until<T>(check: () => T | Promise<T>, accept: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (accept(value) || Date.now() > deadline) return value;
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}
