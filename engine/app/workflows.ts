import {
	SYSTEM_ACTOR,
	cancelWorkflow,
	correctWorkflow,
	engineScope,
	expireWorkflow,
	invalid,
	newDraftWorkflow,
	notFound,
	reassignSigner,
	reissueLink,
	remindSigners,
	resendInvitations,
	sendWorkflow,
	assertEmailCodesDeliverable,
	type CancelWorkflowInput,
	type CorrectWorkflowInput,
	type CreateWorkflowInput,
	type EventContext,
	type ListWorkflowsQuery,
	type Principal,
	type ReassignInput,
	type ReissueInput,
	type Signer,
	type SignerView,
	type Transition,
	type WorkflowAggregate,
} from '../domain';
import { hashAccessCode, newAccessCode } from '../security/secrets';
import { SigningLinks } from '../security/signingLinks';
import type { Repository, WorkflowPage } from '../store/port';
import { commitTransition } from './commit';
import { keepOneInvitation } from './invitations';
import { lockAggregate, requireWorkflow, type ServiceOptions } from './shared';
import { workflowDetail, type WorkflowDetail } from './views';

const SYSTEM_CONTEXT: EventContext = { actor: SYSTEM_ACTOR, ip: null, userAgent: null };

/** A workflow's life from the sender's side: create, read, send, remind, new links, cancel, expire. */
export class Workflows {
	constructor(private readonly options: Pick<ServiceOptions, 'store' | 'clock' | 'links' | 'recorder'>) {}

	async create(principal: Principal, input: CreateWorkflowInput, context: EventContext): Promise<WorkflowDetail> {
		const now = this.options.clock.now();
		const at = now.toISOString();
		const expiresAt = input.expiresAt ? new Date(input.expiresAt).toISOString() : null;
		if (expiresAt && Date.parse(expiresAt) <= now.getTime())
			throw invalid('expires_at_in_past', 'expiresAt must lie in the future.', [
				{ path: 'expiresAt', message: `${input.expiresAt} is not after ${at}.` },
			]);
		const workflow = newDraftWorkflow(
			{
				organizationId: principal.organizationId,
				name: input.name,
				message: input.message || null,
				timeZone: input.timeZone,
				expiresAt,
				requestFrom: input.requestFrom ?? null,
				metadata: input.metadata,
				reminderPolicy: input.reminderPolicy ?? null,
				allowDelegation: input.allowDelegation ?? false,
				locale: input.locale ?? null,
				redirectUrl: input.redirectUrl ?? null,
				test: principal.mode === 'test',
			},
			at,
		);
		// The answer comes out of the transaction: an Idempotency-Key keeps it in the same commit (answerInCommit).
		return this.options.store.transaction(async (repository) => {
			// The organization's default reminder policy (organization settings) when the workflow names none.
			if (!workflow.reminderPolicy) workflow.reminderPolicy = (await repository.organizations.get(principal.organizationId))?.defaultReminderPolicy ?? null;
			await repository.workflows.insert(workflow);
			await this.options.recorder.record(repository, {
				organizationId: principal.organizationId,
				events: [{ type: 'workflow.created', workflowId: workflow.id, data: { name: workflow.name } }],
				context,
				at,
				workflow,
			});
			return workflowDetail({ workflow, files: [], signers: [], signatures: [], annotations: [] }, this.options.links, null);
		});
	}

	async get(principal: Principal, workflowId: string): Promise<WorkflowDetail> {
		const found = await this.options.store.read((repository) => repository.loadDetail(principal, workflowId));
		if (!found) throw notFound('workflow');
		return workflowDetail(found.aggregate, this.options.links, found.finalization);
	}

	async list(principal: Principal, query: ListWorkflowsQuery): Promise<WorkflowPage> {
		return this.options.store.read((repository) => repository.workflows.list(principal, query));
	}

	/** Sends a draft: every signer gets a signing link (signingUrl in the answer). */
	async send(principal: Principal, workflowId: string, context: EventContext): Promise<WorkflowDetail> {
		return this.transition(principal, workflowId, context, (aggregate, now) => {
			assertEmailCodesDeliverable(aggregate.signers, this.options.recorder.mailEnabled, aggregate.workflow.test);
			return sendWorkflow(aggregate, now);
		}, async (repository, after) => {
			for (const signer of after.signers) await this.storeLinkHash(repository, principal.organizationId, signer);
		});
	}

	/** Reminds the signers whose turn it is (by email when SMTP is configured; always as signer.reminded events). */
	async remind(principal: Principal, workflowId: string, context: EventContext): Promise<WorkflowDetail> {
		return this.transition(principal, workflowId, context, (aggregate, now) => remindSigners(aggregate, now));
	}

	/** A new signing link for one signer: the old one stops working, an access-code lock is lifted. */
	async reissueLink(
		principal: Principal,
		workflowId: string,
		signerId: string,
		input: ReissueInput,
		context: EventContext,
	): Promise<SignerView & { accessCode?: string }> {
		const before = await this.options.store.read(async (repository) => {
			await requireWorkflow(repository, principal, workflowId);
			return (await repository.signers.listByWorkflow(principal.organizationId, workflowId)).find((signer) => signer.id === signerId) ?? null;
		});
		if (!before) throw notFound('signer');
		// After a lock the old code may be known to whoever guessed: the new link never keeps it.
		const made = !input.accessCode && before.hasAccessCode && before.lockedAt ? newAccessCode() : undefined;
		const code = input.accessCode ?? made;
		const accessCodeHash = code ? await hashAccessCode(code) : null;
		const view = await this.newLinkFor(
			principal,
			workflowId,
			signerId,
			context,
			(aggregate, signer, now) => reissueLink(aggregate, signer, now),
			accessCodeHash ? (repository) => repository.signers.setAccessCodeHash(principal.organizationId, signerId, accessCodeHash) : undefined,
		);
		return made ? { ...view, hasAccessCode: true, accessCode: made } : accessCodeHash ? { ...view, hasAccessCode: true } : view;
	}

	/** Gives a signer's place to another person, with a new link (the old one stops working). */
	async reassignSigner(
		principal: Principal,
		workflowId: string,
		signerId: string,
		input: ReassignInput,
		context: EventContext,
	): Promise<SignerView> {
		return this.newLinkFor(principal, workflowId, signerId, context, (aggregate, signer, now) => reassignSigner(aggregate, signer, input, now));
	}

	/** Sends the invitations again, with the same links, to the signers whose turn it is. */
	async resend(principal: Principal, workflowId: string, context: EventContext): Promise<WorkflowDetail> {
		return this.transition(principal, workflowId, context, (aggregate, now) => resendInvitations(aggregate, now));
	}

	/** Corrects a sent workflow: message, expiry, language, signers' names, emails (a new link each) and languages. */
	async correct(principal: Principal, workflowId: string, input: CorrectWorkflowInput, context: EventContext): Promise<WorkflowDetail> {
		let reissued = new Set<unknown>();
		const decide = (aggregate: WorkflowAggregate, now: Date) => {
			const transition = correctWorkflow(aggregate, input, now);
			reissued = new Set(transition.events.filter((event) => event.type === 'signer.reissued').map((event) => event.data.signerId));
			return transition;
		};
		return this.transition(principal, workflowId, context, decide, async (repository, after) => {
			for (const signer of after.signers) {
				if (!reissued.has(signer.id)) continue;
				await this.storeLinkHash(repository, principal.organizationId, signer);
				await keepOneInvitation(repository, principal.organizationId, workflowId, signer.id);
			}
		});
	}

	async cancel(principal: Principal, workflowId: string, input: CancelWorkflowInput, context: EventContext): Promise<WorkflowDetail> {
		return this.transition(principal, workflowId, context, (aggregate, now) => cancelWorkflow(aggregate, now, input.reason));
	}

	/** Moves every `sent` workflow whose expiresAt has passed to `expired`; returns how many. */
	async expireDue(limit = 100): Promise<number> {
		const now = this.options.clock.now();
		const due = await this.options.store.read((repository) => repository.workflows.dueForExpiry(now.toISOString(), limit));
		let expired = 0;
		for (const { organizationId, id } of due) {
			// Re-checked under the lock: a signer may have completed it or a user cancelled it meanwhile.
			const done = await this.options.store.transaction(async (repository) => {
				const aggregate = await repository.loadAggregate(engineScope(organizationId), id, { forUpdate: true });
				if (!aggregate || aggregate.workflow.status !== 'sent') return false;
				await commitTransition(repository, aggregate, expireWorkflow(aggregate, now), SYSTEM_CONTEXT, this.options.recorder);
				return true;
			});
			if (done) expired += 1;
		}
		return expired;
	}

	/** A transition of one signer that gives them a new link version; stores the new link's hash with it. */
	private async newLinkFor(
		principal: Principal,
		workflowId: string,
		signerId: string,
		context: EventContext,
		decide: (aggregate: WorkflowAggregate, signer: Signer, now: Date) => Transition,
		alsoInTransaction?: (repository: Repository) => Promise<void>,
	): Promise<SignerView> {
		const detail = await this.transition(
			principal,
			workflowId,
			context,
			(aggregate, now) => {
				const signer = aggregate.signers.find((candidate) => candidate.id === signerId);
				if (!signer) throw notFound('signer');
				return decide(aggregate, signer, now);
			},
			async (repository, after) => {
				await this.storeLinkHash(repository, principal.organizationId, after.signers.find((candidate) => candidate.id === signerId)!);
				await keepOneInvitation(repository, principal.organizationId, workflowId, signerId);
				await alsoInTransaction?.(repository);
			},
		);
		return detail.signers.find((signer) => signer.id === signerId)!;
	}

	private async storeLinkHash(repository: Repository, organizationId: string, signer: Signer): Promise<void> {
		const hash = SigningLinks.hash(this.options.links.token(signer.id, signer.linkVersion))!;
		await repository.signers.setTokenHash(organizationId, signer.id, hash);
	}

	/** Locks the workflow, decides the transition, commits it with its consequences, answers the new detail. */
	private async transition(
		principal: Principal,
		workflowId: string,
		context: EventContext,
		decide: (aggregate: WorkflowAggregate, now: Date) => Transition,
		alsoInTransaction?: (repository: Repository, after: WorkflowAggregate) => Promise<void>,
	): Promise<WorkflowDetail> {
		return this.options.store.transaction(async (repository) => {
			const aggregate = await lockAggregate(repository, principal, workflowId);
			const transition = decide(aggregate, this.options.clock.now());
			const { aggregate: after } = await commitTransition(repository, aggregate, transition, context, this.options.recorder);
			await alsoInTransaction?.(repository, after);
			// A workflow has a finalization job only once it completed (commitTransition enqueues it then).
			const finalization = after.workflow.status === 'completed' ? await repository.finalizations.get(principal.organizationId, workflowId) : null;
			return workflowDetail(after, this.options.links, finalization);
		});
	}
}
