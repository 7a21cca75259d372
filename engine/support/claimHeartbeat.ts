/**
 * Keeps short leases alive while their work runs: renews them every `intervalMs` (a fraction of
 * the lease) until stopped. A process that dies stops renewing, so another takes its work over
 * within about one lease. Used for one claim (a finalization job) or for all of a process's
 * claims at once (webhook deliveries, emails: `renew` then answers true). A renewal that finds
 * the claim gone (taken over after a stall) is remembered in `lost`; the holder's final write
 * checks the claim itself, so work taken over is recorded once.
 */
export class ClaimHeartbeat {
	lost = false;
	private readonly timer: NodeJS.Timeout;
	private renewing: Promise<void> | null = null;

	constructor(
		private readonly renew: () => Promise<boolean>,
		intervalMs: number,
		private readonly onError: (error: unknown) => void,
	) {
		this.timer = setInterval(() => this.beat(), intervalMs);
		this.timer.unref();
	}

	/** Stops renewing; waits for a renewal in flight, so none lands after the job's final write. */
	async stop(): Promise<void> {
		clearInterval(this.timer);
		await this.renewing;
	}

	private beat(): void {
		// A renewal still waiting (a slow database) is not doubled.
		if (this.renewing || this.lost) return;
		this.renewing = this.renew()
			.then((held) => {
				if (!held) this.lost = true;
			}, this.onError)
			.finally(() => (this.renewing = null));
	}
}
