import { EventEmitter } from 'node:events';

/**
 * What one part of the engine tells another in the same process, so that a
 * worker starts at once instead of at its next poll. A lost signal costs only
 * that wait: the workers poll the database whatever happens.
 */
export type Signal =
	/** A workflow was completed: the finalizer has a job. */
	| 'completed'
	/** Deliveries were committed: the webhook dispatcher has work. */
	| 'deliveries'
	/**
	 * Deliveries were made due again outside the recorder (a replay, a configuration enabled
	 * again): the dispatcher has work, and new deliveries must not overtake it.
	 */
	| 'requeued'
	/** A bulk send was accepted: its rows wait for the bulk send worker. */
	| 'bulk_send';

export class Signals {
	private readonly emitter = new EventEmitter();

	emit(signal: Signal): void {
		this.emitter.emit(signal);
	}

	on(signal: Signal, listener: () => void): void {
		this.emitter.on(signal, listener);
	}

	off(signal: Signal, listener: () => void): void {
		this.emitter.off(signal, listener);
	}
}
