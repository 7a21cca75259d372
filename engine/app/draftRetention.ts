import { SYSTEM_ACTOR, endedBefore, engineScope, type EventContext } from '../domain';
import type { ServiceOptions } from './shared';
import type { WorkflowRemoval } from './workflowRemoval';

const SYSTEM_CONTEXT: EventContext = { actor: SYSTEM_ACTOR, ip: null, userAgent: null };

/** How many stale drafts a pass takes from one organization at a time. */
const BATCH = 100;

/**
 * Draft retention: an organization's drafts (live and test) nobody changed for its
 * retention.draftDays are discarded by the retention sweep, the way POST /workflows/{id}/discard
 * does it (rows, blobs, a workflow.discarded event), with the system as actor and
 * `trigger: 'retention'` in the event.
 */
export class DraftRetention {
	constructor(
		private readonly options: Pick<ServiceOptions, 'store' | 'clock'>,
		private readonly removal: WorkflowRemoval,
	) {}

	/** Discards every draft past its organization's draftDays; answers how many. */
	async discardStale(): Promise<number> {
		const now = this.options.clock.now();
		const organizations = await this.options.store.read((repository) => repository.purges.organizationsWithDraftRetention());
		let discarded = 0;
		for (const { organizationId, draftDays } of organizations) {
			const cutoff = endedBefore(now, draftDays);
			for (;;) {
				const stale = await this.options.store.read((repository) => repository.purges.staleDrafts(organizationId, cutoff, BATCH));
				let done = 0;
				for (const workflowId of stale) if (await this.removal.discardStale(engineScope(organizationId), workflowId, cutoff, SYSTEM_CONTEXT)) done += 1;
				discarded += done;
				// Drafts another process discarded meanwhile are no longer listed; a batch without progress ends the organization's turn.
				if (stale.length < BATCH || done === 0) break;
			}
		}
		return discarded;
	}
}
