import { AsyncLocalStorage } from 'node:async_hooks';
import type { Repository } from './port';

/**
 * Work that must commit with whatever a request writes: it runs at the end of each transaction the
 * request opens (store.transaction), in that transaction, and may throw to roll it back. The
 * Idempotency-Key's row is written this way (app/idempotency.ts), so that the request's work and
 * the key commit together or not at all.
 */
export interface CommitGuard {
	/** `result`: what the transaction's work returned. */
	check(repository: Repository, result: unknown): Promise<void>;
}

const guards = new AsyncLocalStorage<CommitGuard>();

/** Guarded runs in flight: the storage is switched off again when none is. */
let running = 0;

/**
 * Runs `work` with `guard` over every transaction it opens.
 *
 * On Node 20 and 22 an AsyncLocalStorage that has run once installs promise hooks for the whole
 * process until it is disabled: every promise, in every request, then pays for carrying the store
 * (an `await` costs about three times as much). n8n sends an Idempotency-Key with every item it
 * creates, so the storage is on only while such a request works, and off once none does. Nothing
 * needs the store then: a transaction reads it when it is asked for, within its request's work.
 */
export async function withCommitGuard<T>(guard: CommitGuard, work: () => Promise<T>): Promise<T> {
	running += 1;
	try {
		return await guards.run(guard, work);
	} finally {
		running -= 1;
		if (running === 0) guards.disable();
	}
}

/** The transaction's work with the guard of its caller's context, if any, run after it. */
export function guarded<T>(work: (repository: Repository) => Promise<T>): (repository: Repository) => Promise<T> {
	// Read when the transaction is asked for: the group committer runs the work in another context.
	const guard = guards.getStore();
	if (!guard) return work;
	return async (repository) => {
		const result = await work(repository);
		await guard.check(repository, result);
		return result;
	};
}
