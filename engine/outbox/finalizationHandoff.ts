import type { FinalizationJob, OutboxClaim } from '../domain';

/**
 * Where the transaction that completes a workflow may give its finalization job, so that it runs
 * as soon as the transaction commits, with no claim in between (the claim is a transaction of its
 * own, with its fsync). The runtime wires it to this process's finalizer.
 */
export interface FinalizationHandoff {
	/**
	 * May a job written now be handed over after the commit? Answers the claim to write it with,
	 * and keeps a slot for it until `committed` or `rolledBack`; or null: write it unclaimed, for a
	 * claim pass.
	 */
	offer(): OutboxClaim | null;
	/** After the commit: the job written with `claim`, to run now. */
	committed(job: FinalizationJob, claim: OutboxClaim): void;
	/** The transaction did not commit: the job does not exist, and its slot is free again. */
	rolledBack(claim: OutboxClaim): void;
}
