import {
	FINAL_STATUSES,
	SYSTEM_ACTOR,
	conflict,
	endedBefore,
	engineScope,
	redactEvent,
	type EventContext,
	type Principal,
	type PurgeScope,
	type PurgeWorkflowInput,
	type Transition,
	type WorkflowScope,
} from '../domain';
import type { Repository } from '../store/port';
import { commitTransition } from './commit';
import { lockAggregate, type ServiceOptions } from './shared';
import { deleteUnusedBlobs } from './unusedBlobs';
import { workflowDetail, type WorkflowDetail } from './views';

const SYSTEM_CONTEXT: EventContext = { actor: SYSTEM_ACTOR, ip: null, userAgent: null };

/** How many due workflows a retention pass takes from one organization at a time. */
const BATCH = 100;

type Trigger = 'request' | 'retention';

/**
 * Purges (DocuSign's envelope purge): a finished workflow's documents are deleted from the blob
 * store, their SHA-256 kept; with `documents_and_personal_data` the signers' names, emails, IP
 * addresses and field values are blanked too, ids kept. The audit trail stays and links up: a
 * `workflow.purged` event records what went and up to which event personal data was blanked.
 * On request, or by the retention sweep once an organization's days have passed since the end.
 */
export class Purges {
	constructor(private readonly options: Pick<ServiceOptions, 'store' | 'clock' | 'links' | 'recorder' | 'blobs'>) {}

	async purge(principal: Principal, workflowId: string, input: PurgeWorkflowInput, context: EventContext): Promise<WorkflowDetail> {
		const outcome = await this.purgeOne(principal, workflowId, input.scope, context, 'request');
		return outcome!.detail;
	}

	/** The retention sweep: purges every workflow past its organization's retention; answers how many. */
	async purgeDue(): Promise<number> {
		const now = this.options.clock.now();
		const organizations = await this.options.store.read((repository) => repository.purges.organizationsWithRetention());
		let purged = 0;
		for (const { organizationId, days, scope } of organizations) {
			const cutoff = endedBefore(now, days);
			for (;;) {
				const due = await this.options.store.read((repository) => repository.purges.dueWorkflows(organizationId, cutoff, BATCH));
				let done = 0;
				for (const workflowId of due) if (await this.purgeOne(engineScope(organizationId), workflowId, scope, SYSTEM_CONTEXT, 'retention', cutoff)) done += 1;
				purged += done;
				// A workflow skipped (finalization still running, purged meanwhile) would be listed again: stop at a batch without progress.
				if (due.length < BATCH || done === 0) break;
			}
		}
		return purged;
	}

	/**
	 * One purge, under the workflow's lock: another process that purges the same workflow at the
	 * same time waits, then finds it purged. The retention sweep (`cutoff`) skips what is no
	 * longer due and answers null; a request is refused with 409 instead.
	 */
	private async purgeOne(
		workflowScope: WorkflowScope,
		workflowId: string,
		scope: PurgeScope,
		context: EventContext,
		trigger: Trigger,
		cutoff?: string,
	): Promise<{ detail: WorkflowDetail } | null> {
		const { organizationId } = workflowScope;
		const at = this.options.clock.now().toISOString();
		const result = await this.options.store.transaction(async (repository) => {
			const aggregate = await lockAggregate(repository, workflowScope, workflowId);
			const { workflow } = aggregate;
			const refuse = (code: string, message: string) => {
				if (trigger === 'retention') return null;
				throw conflict(code, message);
			};
			if (!FINAL_STATUSES.includes(workflow.status) || !workflow.endedAt)
				return refuse('workflow_not_finished', `Only a finished signing workflow can be purged; this one is ${workflow.status}.`);
			if (cutoff && workflow.endedAt > cutoff) return null;
			if (workflow.purgedAt && (workflow.purgeScope === scope || scope === 'documents'))
				return refuse('workflow_already_purged', `The signing workflow was purged (${workflow.purgeScope}) on ${workflow.purgedAt}.`);
			const finalization = await repository.finalizations.get(organizationId, workflowId);
			if (finalization?.status === 'pending')
				return refuse('finalization_pending', 'The signed documents are still being made; purge once the finalization is done or failed.');

			const personal = scope === 'documents_and_personal_data';
			let redactedThrough: number | undefined;
			if (personal) {
				const events = await repository.events.listByWorkflow(organizationId, workflowId);
				await repository.purges.redactEvents(organizationId, events.filter((event) => event.redactedAt === undefined).map((event) => redactEvent(event, at)));
				await repository.purges.blankPersonalData(organizationId, workflowId);
				redactedThrough = events[events.length - 1]?.sequence ?? 0;
			}
			await skipPendingEmails(repository, organizationId, workflowId);
			const transition: Transition = {
				workflow: { ...workflow, purgedAt: at, purgeScope: scope, updatedAt: at },
				changedSigners: [],
				events: [
					{
						type: 'workflow.purged',
						workflowId,
						data: {
							scope,
							trigger,
							files: aggregate.files.map((file) => ({ fileId: file.id, sha256: file.sha256, signedSha256: file.signedSha256 })),
							...(redactedThrough === undefined ? {} : { redactedThrough }),
						},
					},
				],
			};
			const reloaded = personal ? await repository.loadAggregate(workflowScope, workflowId) : aggregate;
			const { aggregate: after } = await commitTransition(repository, reloaded!, transition, context, this.options.recorder);
			const blobs = [
				...aggregate.files.flatMap((file) => [file.sha256, file.signedSha256]),
				...(personal ? aggregate.signatures.map((field) => field.valueImageSha256) : []),
			].filter((sha256): sha256 is string => sha256 !== null);
			return { detail: workflowDetail(after, this.options.links, finalization), blobs: [...new Set(blobs)] };
		});
		if (!result) return null;
		await deleteUnusedBlobs(this.options.store, this.options.blobs, result.blobs);
		return { detail: result.detail };
	}
}

/** Emails of the workflow still waiting (a completion email attaches the signed file) are not sent after a purge. */
async function skipPendingEmails(repository: Repository, organizationId: string, workflowId: string): Promise<void> {
	for (const email of await repository.emails.listByWorkflow(organizationId, workflowId))
		if (email.status === 'pending') await repository.emails.update({ ...email, status: 'skipped', lastError: 'the signing workflow was purged' });
}
