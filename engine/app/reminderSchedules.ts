import { scheduleChanges, type PendingEvent, type WorkflowAggregate } from '../domain';
import type { Repository } from '../store/port';

/** Writes what a committed transition changes in its workflow's reminder schedules, in the same transaction. */
export async function updateReminderSchedules(repository: Repository, after: WorkflowAggregate, events: readonly PendingEvent[], at: string): Promise<void> {
	const { organizationId, id: workflowId } = after.workflow;
	for (const change of scheduleChanges(after, events, at)) {
		switch (change.kind) {
			case 'start':
				await repository.reminderSchedules.start({ organizationId, workflowId, signerId: change.signerId, nextDueAt: change.nextDueAt, sent: 0 });
				break;
			case 'postpone':
				await repository.reminderSchedules.postpone(organizationId, change.signerId, change.nextDueAt);
				break;
			case 'stop':
				await repository.reminderSchedules.stop(organizationId, change.signerId);
				break;
			case 'stopAll':
				await repository.reminderSchedules.stopWorkflow(organizationId, workflowId);
				break;
		}
	}
}
