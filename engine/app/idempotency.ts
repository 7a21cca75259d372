import {
	IDEMPOTENCY_KEY_TTL_MS,
	idempotencyKeyAnswerLost,
	idempotencyKeyInProgress,
	idempotencyKeyReused,
	keepsAnswer,
	newId,
	type Principal,
} from '../domain';
import type { CommitGuard } from '../store/commitGuard';
import { withCommitGuard } from '../store/commitGuard';
import type { IdempotencyKeyId, Repository } from '../store/port';
import type { ServiceOptions } from './shared';

export interface KeptAnswer {
	status: number;
	body: string;
}

/**
 * A request's hold on its Idempotency-Key, and the guard of its transactions: the first that
 * commits marks the key "committed" in the same transaction, and only while the request still holds
 * it (a claim taken over after a crash is not). So the request's work commits once at most per key,
 * whatever process runs it and whenever one is killed.
 */
export class IdempotencyClaim implements CommitGuard {
	/** The work of the request committed under this claim. */
	committed = false;
	/** The request answered: transactions still running in its context (none should) are not its work. */
	closed = false;

	constructor(
		readonly id: IdempotencyKeyId,
		readonly owner: string,
	) {}

	async check(repository: Repository): Promise<void> {
		if (this.closed || this.committed) return;
		if (!(await repository.idempotencyKeys.markCommitted(this.id, this.owner))) throw idempotencyKeyInProgress();
		repository.afterCommit(() => {
			this.committed = true;
		});
	}
}

/**
 * Idempotency-Key on the API's creating requests: claim the key in a commit of its own, run the
 * work under the claim (see IdempotencyClaim), keep the answer. A retry with the same request gets
 * the kept answer; with another request, idempotency_key_reused; while the first runs,
 * idempotency_key_in_progress. A claim whose request died (the engine was killed) is taken over
 * once it is older than the request timeout, unless its work had committed.
 */
export class IdempotencyKeys {
	constructor(private readonly options: Pick<ServiceOptions, 'store' | 'clock' | 'secrets'>) {}

	async begin(principal: Principal, key: string, requestHash: string, staleAfterMs: number): Promise<{ claim: IdempotencyClaim } | { replay: KeptAnswer }> {
		const id: IdempotencyKeyId = { organizationId: principal.organizationId, mode: principal.mode, key };
		const owner = newId();
		const now = this.options.clock.now();
		const at = now.toISOString();
		return this.options.store.transaction(async (repository) => {
			const keys = repository.idempotencyKeys;
			if (await keys.claim({ ...id, requestHash, owner, state: 'in_progress', status: null, answer: null, createdAt: at, claimedAt: at }))
				return { claim: new IdempotencyClaim(id, owner) };
			const kept = await keys.get(id);
			// Released or swept between the two statements: as good as in progress; a retry claims it.
			if (!kept) throw idempotencyKeyInProgress();
			if (kept.requestHash !== requestHash) throw idempotencyKeyReused();
			if (kept.state === 'done') return { replay: { status: kept.status!, body: this.options.secrets.open(kept.answer!) } };
			const stale = Date.parse(kept.claimedAt) + staleAfterMs <= now.getTime();
			if (stale && kept.state === 'committed') throw idempotencyKeyAnswerLost();
			if (stale && (await keys.takeOver(id, kept.owner, owner, at))) return { claim: new IdempotencyClaim(id, owner) };
			throw idempotencyKeyInProgress();
		});
	}

	/** Runs the request's work under the claim. */
	run<T>(claim: IdempotencyClaim, work: () => Promise<T>): Promise<T> {
		return withCommitGuard(claim, work);
	}

	/**
	 * Keeps the answer the request got, or frees the key for a retry when the answer is not kept
	 * (domain keepsAnswer) and nothing was created. A failure after the work committed leaves the
	 * key committed: a retry is told the answer is lost, never given a second creation.
	 */
	async finish(claim: IdempotencyClaim, answer: KeptAnswer): Promise<void> {
		claim.closed = true;
		if (keepsAnswer(answer.status)) {
			const sealed = this.options.secrets.seal(answer.body);
			await this.options.store.transaction((repository) => repository.idempotencyKeys.complete(claim.id, claim.owner, answer.status, sealed));
		} else if (!claim.committed) await this.options.store.transaction((repository) => repository.idempotencyKeys.release(claim.id, claim.owner));
	}

	/** The retention sweep's part: keys first used more than IDEMPOTENCY_KEY_TTL_MS ago. */
	forgetExpired(): Promise<number> {
		const before = new Date(this.options.clock.now().getTime() - IDEMPOTENCY_KEY_TTL_MS).toISOString();
		return this.options.store.transaction((repository) => repository.idempotencyKeys.deleteCreatedBefore(before));
	}
}
