/** Run settings from the environment, printed with every run so a failure can be replayed. */
export interface FuzzSettings {
	seed: number;
	requests: number;
	seconds: number;
	concurrency: number;
	timeoutMs: number;
}

export const DEFAULT_SEED = 20261201;

export function fuzzSettings(defaults: Omit<FuzzSettings, 'seed'>, env: NodeJS.ProcessEnv = process.env): FuzzSettings {
	const number = (name: string, fallback: number) => {
		const value = env[name];
		if (value === undefined || value === '') return fallback;
		const parsed = Number(value);
		if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`${name} must be a positive number, not ${JSON.stringify(value)}`);
		return parsed;
	};
	return {
		seed: seedFrom(env.SIGNFLOW_FUZZ_SEED),
		requests: number('SIGNFLOW_FUZZ_REQUESTS', defaults.requests),
		seconds: number('SIGNFLOW_FUZZ_SECONDS', defaults.seconds),
		concurrency: Math.trunc(number('SIGNFLOW_FUZZ_CONCURRENCY', defaults.concurrency)),
		timeoutMs: number('SIGNFLOW_FUZZ_TIMEOUT_MS', defaults.timeoutMs),
	};
}

function seedFrom(value: string | undefined): number {
	if (value === undefined || value === '') return DEFAULT_SEED;
	const seed = Number(value);
	if (!Number.isInteger(seed)) throw new Error(`SIGNFLOW_FUZZ_SEED must be an integer, not ${JSON.stringify(value)}`);
	return seed | 0;
}

export function describeSettings(settings: FuzzSettings): string {
	return (
		`seed ${settings.seed} (SIGNFLOW_FUZZ_SEED), at most ${settings.requests} requests (SIGNFLOW_FUZZ_REQUESTS) or ${settings.seconds} s (SIGNFLOW_FUZZ_SECONDS), ` +
		`${settings.concurrency} in flight (SIGNFLOW_FUZZ_CONCURRENCY), ${settings.timeoutMs} ms per request`
	);
}
