import type { AuditEvent, EventContext, Transition, WorkflowAggregate } from '../domain';
import type { EventRecorder } from '../outbox/recorder';
import type { Repository } from '../store/port';
import { updateReminderSchedules } from './reminderSchedules';

/**
 * Persists a transition inside the caller's transaction: the new state, its
 * events and everything they cause (webhook deliveries, emails, reminder schedules, and the
 * finalization job of a workflow that just completed), so that all of it
 * commits or none of it does.
 */
export async function commitTransition(
	repository: Repository,
	aggregate: WorkflowAggregate,
	transition: Transition,
	context: EventContext,
	recorder: EventRecorder,
): Promise<{ aggregate: WorkflowAggregate; events: AuditEvent[] }> {
	const organizationId = aggregate.workflow.organizationId;
	await repository.saveTransition(organizationId, transition, aggregate);
	const changed = new Map(transition.changedSigners.map((signer) => [signer.id, signer]));
	const after: WorkflowAggregate = {
		...aggregate,
		workflow: transition.workflow,
		signers: aggregate.signers.map((signer) => changed.get(signer.id) ?? signer),
	};
	const events = await recorder.record(repository, {
		organizationId,
		events: transition.events,
		context,
		at: transition.workflow.updatedAt,
		aggregate: after,
	});
	await updateReminderSchedules(repository, after, transition.events, after.workflow.updatedAt);
	if (aggregate.workflow.status !== 'completed' && after.workflow.status === 'completed')
		await recorder.enqueueFinalization(repository, {
			workflowId: after.workflow.id,
			organizationId,
			status: 'pending',
			attempts: 0,
			nextAttemptAt: after.workflow.updatedAt,
			lastError: null,
			createdAt: after.workflow.updatedAt,
			finishedAt: null,
		});
	return { aggregate: after, events };
}
