import {
	conflict,
	deleteFinished,
	discardDraft,
	notFound,
	type EventContext,
	type PendingEvent,
	type Principal,
	type WorkflowAggregate,
	type WorkflowScope,
} from '../domain';
import type { Repository } from '../store/port';
import type { ServiceOptions } from './shared';
import { deleteUnusedBlobs } from './unusedBlobs';

export interface RemovedWorkflow {
	id: string;
	name: string;
	status: 'discarded' | 'deleted';
	removedAt: string;
	/** How many of its blobs (PDFs, drawn signatures) no other row named, and were removed from the blob store. */
	removedBlobs: number;
}

/**
 * Discarding a draft and deleting a finished workflow: its rows go in one transaction with the
 * event that says so; then its blobs go from the blob store, each unless a row still names it
 * (blobs are content-addressed: another workflow, of any organization, may hold the same bytes).
 */
export class WorkflowRemoval {
	constructor(private readonly options: Pick<ServiceOptions, 'store' | 'clock' | 'blobs' | 'recorder'>) {}

	async discard(principal: Principal, workflowId: string, context: EventContext): Promise<RemovedWorkflow> {
		return (await this.remove(principal, workflowId, context, 'discarded', discardingBy('request')))!;
	}

	/**
	 * The retention sweep's discard of a draft untouched since `updatedBefore` (live or test: `scope`
	 * is the engine's). Re-checked under the workflow's lock, so with several processes sweeping,
	 * the one that comes second finds the draft gone (or changed, or sent) and answers null.
	 */
	discardStale(scope: WorkflowScope, workflowId: string, updatedBefore: string, context: EventContext): Promise<RemovedWorkflow | null> {
		return this.remove(scope, workflowId, context, 'discarded', discardingBy('retention'), (workflow) => workflow.status === 'draft' && workflow.updatedAt <= updatedBefore);
	}

	async delete(principal: Principal, workflowId: string, context: EventContext): Promise<RemovedWorkflow> {
		return (await this.remove(principal, workflowId, context, 'deleted', deleteFinished))!;
	}

	/** With `stillDue` (the sweep), a workflow gone or no longer due is nothing to do: null, not an error. */
	private async remove(
		scope: WorkflowScope,
		workflowId: string,
		context: EventContext,
		status: RemovedWorkflow['status'],
		decide: (aggregate: WorkflowAggregate, auditHead: string | null) => PendingEvent,
		stillDue?: (workflow: WorkflowAggregate['workflow']) => boolean,
	): Promise<RemovedWorkflow | null> {
		const { organizationId } = scope;
		const at = this.options.clock.now().toISOString();
		const removed = await this.options.store.transaction(async (repository) => {
			const aggregate = await repository.loadAggregate(scope, workflowId, { forUpdate: true });
			if (!aggregate) {
				if (stillDue) return null;
				throw notFound('workflow');
			}
			if (stillDue && !stillDue(aggregate.workflow)) return null;
			const trail = await repository.events.listByWorkflow(organizationId, workflowId);
			const event = decide(aggregate, trail.at(-1)?.hash ?? null);
			await assertNotFinalizing(repository, organizationId, workflowId);
			await repository.workflowRemoval.remove(organizationId, workflowId);
			// The workflow (no longer stored) still routes the event by its requestFrom and names its uri.
			await this.options.recorder.record(repository, { organizationId, events: [event], context, at, workflow: aggregate.workflow });
			return { aggregate, blobs: blobsOf(aggregate) };
		});
		if (!removed) return null;
		const { aggregate, blobs } = removed;
		const removedBlobs = await deleteUnusedBlobs(this.options.store, this.options.blobs, blobs);
		return { id: aggregate.workflow.id, name: aggregate.workflow.name, status, removedAt: at, removedBlobs };
	}
}

/** The signed PDFs of a just-completed workflow are being made: its rows must stay until they are. */
async function assertNotFinalizing(repository: Repository, organizationId: string, workflowId: string): Promise<void> {
	const job = await repository.finalizations.get(organizationId, workflowId);
	if (job?.status === 'pending') {
		throw conflict('workflow_finalizing', 'The signed documents of this workflow are still being made; delete it once workflow.completed has come.');
	}
}

/** A discard's event says what asked for it: an API request, or the organization's draft retention. */
function discardingBy(trigger: 'request' | 'retention') {
	return (aggregate: WorkflowAggregate, auditHead: string | null): PendingEvent => {
		const event = discardDraft(aggregate, auditHead);
		return { ...event, data: { ...event.data, trigger } };
	};
}

function blobsOf(aggregate: WorkflowAggregate): string[] {
	const named = [
		...aggregate.files.flatMap((file) => [file.sha256, file.signedSha256]),
		...aggregate.signatures.map((field) => field.valueImageSha256),
	];
	return [...new Set(named.filter((sha256): sha256 is string => typeof sha256 === 'string'))];
}
