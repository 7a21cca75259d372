import { assertEditable, invalid, notFound, type EventContext, type PendingEvent, type Principal, type Workflow, type WorkflowAggregate } from '../domain';
import type { Repository } from '../store/port';
import { lockAggregate, type ServiceOptions } from './shared';

export type DraftEvent = Omit<PendingEvent, 'workflowId'>;

/** One change to a draft: its answer, its events, and the workflow when the change is to the workflow itself. */
export type DraftChange<T> = (
	repository: Repository,
	aggregate: WorkflowAggregate,
	at: string,
) => Promise<{ result: T; workflow?: Workflow } & ({ event: DraftEvent } | { events: DraftEvent[] })>;

/**
 * Runs one change to a draft in a transaction: locks and loads the workflow,
 * refuses anything but a draft, records the change's events and touches updatedAt.
 * `part` (a change to one of its parts) throws when the workflow has no such part: a part
 * that is not there answers 404 before a workflow that is not a draft answers 409.
 */
export function changeDraft<T>(
	options: Pick<ServiceOptions, 'store' | 'clock' | 'recorder'>,
	principal: Principal,
	workflowId: string,
	context: EventContext,
	change: DraftChange<T>,
	part?: (aggregate: WorkflowAggregate) => unknown,
): Promise<T> {
	return options.store.transaction(async (repository) => {
		const aggregate = await lockAggregate(repository, principal, workflowId);
		part?.(aggregate);
		assertEditable(aggregate.workflow);
		const at = options.clock.now().toISOString();
		const outcome = await change(repository, aggregate, at);
		// An update whose values equal what is stored changed nothing: it is answered, but records no
		// event (webhooks and the trigger would otherwise announce a change with nothing in it).
		const events = ('events' in outcome ? outcome.events : [outcome.event]).filter((event) => !changedNothing(event));
		const workflow = { ...(outcome.workflow ?? aggregate.workflow), updatedAt: at };
		await repository.workflows.update(workflow, aggregate.workflow);
		if (events.length > 0)
			await options.recorder.record(repository, {
				organizationId: principal.organizationId,
				events: events.map((event) => ({ ...event, workflowId })),
				context,
				at,
				workflow,
			});
		return outcome.result;
	});
}

function changedNothing(event: DraftEvent): boolean {
	const changed = (event.data as { changed?: unknown } | undefined)?.changed;
	return Array.isArray(changed) && changed.length === 0;
}

/** The part of a workflow a path names by id, or `what`_not_found (404). */
export function partOf<T extends { id: string }>(items: readonly T[], id: string, what: 'file' | 'signer' | 'signature' | 'annotation'): T {
	const item = items.find((candidate) => candidate.id === id);
	if (!item) throw notFound(what);
	return item;
}

/** The file or signer of this workflow an input names by id, or a validation error on that id. */
export function referenced<T extends { id: string }>(items: readonly T[], id: string, what: 'file' | 'signer'): T {
	const item = items.find((candidate) => candidate.id === id);
	if (!item)
		throw invalid(`${what}_not_found`, `${what}Id does not name a ${what} of this signing workflow.`, [
			{ path: `${what}Id`, message: `Unknown ${what}.` },
		]);
	return item;
}
