import type { AuditEvent, EventContext, Transition, WorkflowAggregate } from './domain';
import { emailsFor } from './mail/outbox';
import type { Repository } from './store/port';

/**
 * Persists a transition inside the caller's transaction: the new state, its
 * audit events, and everything they cause (emails, the finalization job of a
 * completed workflow, webhook deliveries later), so that all of it commits or
 * none of it does.
 */
export async function commitTransition(
	repository: Repository,
	aggregate: WorkflowAggregate,
	transition: Transition,
	context: EventContext,
	options: { mailEnabled: boolean },
): Promise<{ aggregate: WorkflowAggregate; events: AuditEvent[] }> {
	const organizationId = aggregate.workflow.organizationId;
	const events = await repository.applyTransition(organizationId, transition, context);
	const changed = new Map(transition.changedSigners.map((signer) => [signer.id, signer]));
	const after: WorkflowAggregate = {
		...aggregate,
		workflow: transition.workflow,
		signers: aggregate.signers.map((signer) => changed.get(signer.id) ?? signer),
	};
	if (options.mailEnabled)
		for (const email of emailsFor(events, after, transition.workflow.updatedAt)) await repository.emails.enqueue(email);
	if (aggregate.workflow.status !== 'completed' && after.workflow.status === 'completed')
		await repository.finalizations.enqueue({
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
