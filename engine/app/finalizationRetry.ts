import { conflict, type EventContext, type Principal } from '../domain';
import { lockAggregate, type ServiceOptions } from './shared';
import { workflowDetail, type WorkflowDetail } from './views';

/**
 * Making a completed workflow's signed documents again after the engine gave up (its retries
 * spent: a missing blob put back, a seal certificate replaced, a full disk emptied): the job is
 * due at once with a fresh set of retries, recorded as workflow.finalization_retried; the
 * finalizer is woken. workflow.completed follows when it succeeds, as the first time.
 */
export class FinalizationRetries {
	constructor(private readonly options: Pick<ServiceOptions, 'store' | 'clock' | 'links' | 'recorder' | 'signals'>) {}

	async retry(principal: Principal, workflowId: string, context: EventContext): Promise<WorkflowDetail> {
		return this.options.store.transaction(async (repository) => {
			const aggregate = await lockAggregate(repository, principal, workflowId);
			const job = await repository.finalizations.get(principal.organizationId, workflowId);
			if (!job || job.status !== 'failed')
				throw conflict(
					'finalization_not_failed',
					job
						? `The signed documents are ${job.status === 'done' ? 'already made' : 'being made'}; only a finalization that failed for good can be retried.`
						: 'This workflow is not completed: there are no signed documents to make yet.',
					[{ path: 'finalization.status', message: job?.status ?? 'none' }],
				);
			if (aggregate.workflow.purgedAt) throw conflict('workflow_purged', `The documents of this workflow were purged on ${aggregate.workflow.purgedAt}; they cannot be signed again.`);
			const at = this.options.clock.now().toISOString();
			const retried = { ...job, status: 'pending' as const, attempts: 0, nextAttemptAt: at, finishedAt: null };
			await repository.finalizations.update(retried);
			await this.options.recorder.record(repository, {
				organizationId: principal.organizationId,
				events: [{ type: 'workflow.finalization_retried', workflowId, data: { previousAttempts: job.attempts, previousError: job.lastError } }],
				context,
				at,
				aggregate,
			});
			repository.afterCommit(() => this.options.signals.emit('completed'));
			return workflowDetail(aggregate, this.options.links, retried);
		});
	}
}
