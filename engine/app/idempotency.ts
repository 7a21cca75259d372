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
import type { IdempotencyKeyId, Repository, StoredIdempotencyKey } from '../store/port';
import { violatesUnique } from '../store/uniqueViolations';
import type { ServiceOptions } from './shared';

export interface KeptAnswer {
	status: number;
	body: string;
}

/**
 * A request's hold on its Idempotency-Key, and the guard of its transactions: the first that
 * commits inserts the key's row, marked committed, in the same transaction. A request that finds
 * the row already there (another request with the key committed first) rolls its work back. So
 * the work commits once at most per key, whatever process runs it and whenever one is killed, and
 * the claim costs no commit of its own.
 *
 * A route whose answer is what its one transaction returned (answerInCommit) has that answer kept
 * in the same row and commit, done: the answer then costs no commit of its own either. Should the
 * request commit again, the row is taken back to committed in that commit, and the answer the
 * request really got is kept after it, as for any other route.
 */
export class IdempotencyClaim implements CommitGuard {
	/** The work of the request committed under this claim. */
	committed = false;
	/** The request answered: transactions still running in its context (none should) are not its work. */
	closed = false;
	/** The answer kept with the work (answerInCommit), once that committed. */
	keptInCommit: KeptAnswer | null = null;
	/** The status the route answers with the result of its transaction, when it does (answerInCommit). */
	private commitAnswers: number | null = null;

	constructor(
		readonly id: IdempotencyKeyId,
		readonly owner: string,
		readonly requestHash: string,
		/** When the request began: the key's first use, and the start of its request timeout. */
		readonly at: string,
		private readonly seal: (answer: string) => string,
	) {}

	/**
	 * The route answers `status` with what its transaction returns, as JSON: the key keeps that
	 * answer with the work.
	 */
	answerInCommit(status: number): void {
		if (keepsAnswer(status)) this.commitAnswers = status;
	}

	/** The key's row as this request leaves it: committed with its work, or done with its answer. */
	row(state: 'committed' | 'done', status: number | null = null, answer: string | null = null): StoredIdempotencyKey {
		return { ...this.id, requestHash: this.requestHash, owner: this.owner, state, status, answer, createdAt: this.at, claimedAt: this.at };
	}

	async check(repository: Repository, result: unknown): Promise<void> {
		if (this.closed) return;
		const keys = repository.idempotencyKeys;
		if (this.committed) {
			// A second commit: the answer kept with the first may not be the request's.
			if (this.keptInCommit) {
				await keys.replaceAnswer(this.id, this.owner, null);
				repository.afterCommit(() => {
					this.keptInCommit = null;
				});
			}
			return;
		}
		const kept = this.commitAnswers === null || result === undefined ? null : { status: this.commitAnswers, body: JSON.stringify(result) };
		// A key another request took fails the transaction, at its commit on PostgreSQL: IdempotencyKeys.run answers that.
		await keys.claim(kept ? this.row('done', kept.status, this.seal(kept.body)) : this.row('committed'));
		repository.afterCommit(() => {
			this.committed = true;
			this.keptInCommit = kept;
		});
	}
}

/**
 * Idempotency-Key on the API's creating requests: look the key up, run the work under a claim (see
 * IdempotencyClaim), keep the answer. A retry with the same request gets the kept answer; with
 * another request, idempotency_key_reused; while the first runs, idempotency_key_in_progress
 * (from its commit on: until then both run, and the first to commit wins). A request that dies
 * before its work commits leaves nothing behind; one that dies after it leaves the key committed,
 * which a retry is told is in progress, then, after the request timeout, that its answer is lost.
 */
export class IdempotencyKeys {
	constructor(private readonly options: Pick<ServiceOptions, 'store' | 'clock' | 'secrets'>) {}

	async begin(principal: Principal, key: string, requestHash: string, staleAfterMs: number): Promise<{ claim: IdempotencyClaim } | { replay: KeptAnswer }> {
		const id: IdempotencyKeyId = { organizationId: principal.organizationId, mode: principal.mode, key };
		const now = this.options.clock.now();
		const claim = new IdempotencyClaim(id, newId(), requestHash, now.toISOString(), (answer) => this.options.secrets.seal(answer));
		const kept = await this.options.store.read((repository) => repository.idempotencyKeys.get(id));
		if (!kept) return { claim };
		if (kept.requestHash !== requestHash) throw idempotencyKeyReused();
		if (kept.state === 'done') return { replay: { status: kept.status!, body: this.options.secrets.open(kept.answer!) } };
		const stale = Date.parse(kept.claimedAt) + staleAfterMs <= now.getTime();
		if (kept.state === 'committed') throw stale ? idempotencyKeyAnswerLost() : idempotencyKeyInProgress();
		// in_progress: an earlier build claimed the key before the work, which has not committed.
		if (!stale) throw idempotencyKeyInProgress();
		await this.options.store.transaction((repository) => repository.idempotencyKeys.release(id, kept.owner));
		return { claim };
	}

	/**
	 * Runs the request's work under the claim. Its work rolled back because another request took
	 * the key first: the key is read again to say whether that request is this one's retry (in
	 * progress) or another (reused).
	 */
	async run<T>(claim: IdempotencyClaim, work: () => Promise<T>): Promise<T> {
		try {
			return await withCommitGuard(claim, work);
		} catch (error) {
			if (claim.committed || !violatesUnique(error, 'idempotency key')) throw error;
			const found = await this.options.store.read((repository) => repository.idempotencyKeys.get(claim.id));
			if (found?.owner === claim.owner) throw error;
			throw found && found.requestHash !== claim.requestHash ? idempotencyKeyReused() : idempotencyKeyInProgress();
		}
	}

	/**
	 * Keeps the answer the request got when the domain keeps it (keepsAnswer), with the work's row or
	 * in a row of its own when nothing committed (a refusal); nothing to write when the work's commit
	 * kept this very answer. A failure after the work committed leaves the key committed: a retry is
	 * told the answer is lost, never given a second creation.
	 */
	async finish(claim: IdempotencyClaim, answer: KeptAnswer): Promise<void> {
		claim.closed = true;
		const kept = claim.keptInCommit;
		if (kept && kept.status === answer.status && kept.body === answer.body) return;
		if (!keepsAnswer(answer.status)) {
			// The work's commit kept an answer the request did not get (it failed after its commit).
			if (kept) await this.options.store.transaction((repository) => repository.idempotencyKeys.replaceAnswer(claim.id, claim.owner, null));
			return;
		}
		const sealed = this.options.secrets.seal(answer.body);
		await this.options.store.transaction(async (repository) => {
			const keys = repository.idempotencyKeys;
			if (kept) await keys.replaceAnswer(claim.id, claim.owner, { status: answer.status, answer: sealed });
			else if (claim.committed) await keys.complete(claim.id, claim.owner, answer.status, sealed);
			else await keys.insert(claim.row('done', answer.status, sealed));
		});
	}

	/** The retention sweep's part: keys first used more than IDEMPOTENCY_KEY_TTL_MS ago. */
	forgetExpired(): Promise<number> {
		const before = new Date(this.options.clock.now().getTime() - IDEMPOTENCY_KEY_TTL_MS).toISOString();
		return this.options.store.transaction((repository) => repository.idempotencyKeys.deleteCreatedBefore(before));
	}
}
