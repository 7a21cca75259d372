/**
 * What runs once a transaction has ended: callbacks for a commit (after its fsync) or for a
 * rollback (the unit failed alone, or the commit it shared failed). Exactly one of the two lists
 * runs, once.
 */
export class TransactionHooks {
	private readonly onCommit: Array<() => void> = [];
	private readonly onRollback: Array<() => void> = [];

	afterCommit(callback: () => void): void {
		this.onCommit.push(callback);
	}

	afterRollback(callback: () => void): void {
		this.onRollback.push(callback);
	}

	committed(): void {
		for (const callback of this.onCommit) callback();
	}

	rolledBack(): void {
		for (const callback of this.onRollback) callback();
	}
}
