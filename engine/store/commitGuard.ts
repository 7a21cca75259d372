import { AsyncLocalStorage } from 'node:async_hooks';
import type { Repository } from './port';

/**
 * Work that must commit with whatever a request writes: it runs at the end of each transaction the
 * request opens (store.transaction), in that transaction, and may throw to roll it back. The
 * Idempotency-Key's claim is marked this way (app/idempotency.ts), so that the request's work and
 * the mark commit together or not at all.
 */
export interface CommitGuard {
	check(repository: Repository): Promise<void>;
}

const guards = new AsyncLocalStorage<CommitGuard>();

/** Runs `work` with `guard` over every transaction it opens. */
export function withCommitGuard<T>(guard: CommitGuard, work: () => Promise<T>): Promise<T> {
	return guards.run(guard, work);
}

/** The transaction's work with the guard of its caller's context, if any, run after it. */
export function guarded<T>(work: (repository: Repository) => Promise<T>): (repository: Repository) => Promise<T> {
	// Read when the transaction is asked for: the group committer runs the work in another context.
	const guard = guards.getStore();
	if (!guard) return work;
	return async (repository) => {
		const result = await work(repository);
		await guard.check(repository);
		return result;
	};
}
