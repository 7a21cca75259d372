import type { Transition, WorkflowAggregate } from './aggregate';
import { conflict, invalid, notFound } from './errors';
import type { PendingEvent } from './event';
import { assertReadyToSend } from './readiness';
import type { Signer } from './signer';
import { activateCurrentOrder, currentOrder, hasActed, isActor } from './signerOrder';
import type { Workflow, WorkflowStatus } from './workflow';

/*
 * The workflow state machine: draft -> sent -> completed | refused | expired | cancelled.
 * Every function is pure: it returns the new state and the events it causes
 * and throws a SignflowError for a transition that is not allowed.
 */

function assertStatus(workflow: Workflow, allowed: WorkflowStatus, action: string): void {
	if (workflow.status === allowed) return;
	const code = allowed === 'draft' ? 'workflow_not_draft' : 'workflow_not_sent';
	throw conflict(code, `Cannot ${action} a signing workflow that is ${workflow.status}; it must be ${allowed}.`, [
		{ message: `status is ${workflow.status}`, status: workflow.status },
	]);
}

/** Editing (files, signers, fields) is allowed only while the workflow is a draft. */
export function assertEditable(workflow: Workflow): void {
	assertStatus(workflow, 'draft', 'change');
}

function moveTo(workflow: Workflow, status: WorkflowStatus, now: string, extra: Partial<Workflow> = {}): Workflow {
	const ended = status !== 'draft' && status !== 'sent';
	return { ...workflow, ...extra, status, updatedAt: now, endedAt: ended ? now : workflow.endedAt };
}

function event(workflow: Workflow, type: PendingEvent['type'], data: Record<string, unknown> = {}): PendingEvent {
	return { type, workflowId: workflow.id, data };
}

export function sendWorkflow(aggregate: WorkflowAggregate, now: Date): Transition {
	assertStatus(aggregate.workflow, 'draft', 'send');
	assertReadyToSend(aggregate, now);
	const at = now.toISOString();
	const workflow = moveTo(aggregate.workflow, 'sent', at, { sentAt: at });
	const notified = aggregate.signers
		.filter((signer) => !isActor(signer))
		.map((signer): Signer => ({ ...signer, status: 'notified', updatedAt: at }));
	const activation = activateCurrentOrder(aggregate.signers, workflow.id, at);
	return {
		workflow,
		changedSigners: [...activation.changed, ...notified],
		events: [
			event(workflow, 'workflow.sent', {
				fileCount: aggregate.files.length,
				signerCount: aggregate.signers.length,
				expiresAt: workflow.expiresAt,
			}),
			...activation.events,
		],
	};
}

export function cancelWorkflow(aggregate: WorkflowAggregate, now: Date, reason?: string): Transition {
	assertStatus(aggregate.workflow, 'sent', 'cancel');
	const workflow = moveTo(aggregate.workflow, 'cancelled', now.toISOString(), { cancelReason: reason ?? null });
	return { workflow, changedSigners: [], events: [event(workflow, 'workflow.cancelled', { reason: reason ?? null })] };
}

export function expireWorkflow(aggregate: WorkflowAggregate, now: Date): Transition {
	assertStatus(aggregate.workflow, 'sent', 'expire');
	const { expiresAt } = aggregate.workflow;
	if (!expiresAt || Date.parse(expiresAt) > now.getTime())
		throw conflict('workflow_not_due', 'The signing workflow has not reached its expiry time.');
	const workflow = moveTo(aggregate.workflow, 'expired', now.toISOString());
	return { workflow, changedSigners: [], events: [event(workflow, 'workflow.expired', { expiresAt })] };
}

function activeSigner(aggregate: WorkflowAggregate, signerId: string): Signer {
	const signer = aggregate.signers.find((candidate) => candidate.id === signerId);
	if (!signer) throw notFound('signer');
	if (hasActed(signer)) throw conflict('signer_already_acted', `${signer.name} has already ${signer.status}.`);
	if (!isActor(signer))
		throw conflict('signer_cannot_act', `${signer.name} is a ${signer.role} and has nothing to sign or approve.`);
	if (signer.status !== 'active')
		throw conflict('signer_not_active', `It is not ${signer.name}'s turn yet: signers of a lower order must act first.`);
	return signer;
}

/** A signer signs (role signer) or an approver approves; the last one completes the workflow. */
export function recordSignerAction(aggregate: WorkflowAggregate, signerId: string, now: Date): Transition {
	assertStatus(aggregate.workflow, 'sent', 'sign');
	const signer = activeSigner(aggregate, signerId);
	const at = now.toISOString();
	const acted: Signer = {
		...signer,
		status: signer.role === 'approver' ? 'approved' : 'signed',
		signedAt: at,
		updatedAt: at,
	};
	const signers = aggregate.signers.map((candidate) => (candidate.id === signer.id ? acted : candidate));
	const actedEvent = event(aggregate.workflow, signer.role === 'approver' ? 'signer.approved' : 'signer.signed', {
		signerId: signer.id,
		name: signer.name,
		email: signer.email,
		role: signer.role,
		order: signer.order,
	});
	if (currentOrder(signers) === null) {
		// Completed now; workflow.completed follows once the signed files are stored (finalizeCompletion).
		const workflow = moveTo(aggregate.workflow, 'completed', at);
		return { workflow, changedSigners: [acted], events: [actedEvent] };
	}
	const activation = activateCurrentOrder(signers, aggregate.workflow.id, at);
	const workflow = { ...aggregate.workflow, updatedAt: at };
	return { workflow, changedSigners: [acted, ...activation.changed], events: [actedEvent, ...activation.events] };
}

export interface SignedFile {
	fileId: string;
	name: string;
	sha256: string;
	signedSha256: string;
}

/**
 * The signed files of a completed workflow are stored: now `workflow.completed`
 * is announced, carrying each file's original and signed SHA-256.
 */
export function finalizeCompletion(aggregate: WorkflowAggregate, files: SignedFile[], now: Date): Transition {
	if (aggregate.workflow.status !== 'completed')
		throw conflict('workflow_not_completed', `Only a completed workflow is finalized; this one is ${aggregate.workflow.status}.`);
	const workflow = { ...aggregate.workflow, updatedAt: now.toISOString() };
	return { workflow, changedSigners: [], events: [event(workflow, 'workflow.completed', { files })] };
}

/** A signer or approver refuses; the whole workflow ends as refused. */
export function refuseBySigner(aggregate: WorkflowAggregate, signerId: string, reason: string, now: Date): Transition {
	assertStatus(aggregate.workflow, 'sent', 'refuse');
	const signer = activeSigner(aggregate, signerId);
	const trimmed = reason.trim();
	if (!trimmed) throw invalid('refusal_reason_required', 'Say why you refuse to sign.');
	const at = now.toISOString();
	const refused: Signer = { ...signer, status: 'refused', refusedAt: at, refusalReason: trimmed, updatedAt: at };
	const workflow = moveTo(aggregate.workflow, 'refused', at);
	const data = { signerId: signer.id, name: signer.name, email: signer.email, reason: trimmed };
	return {
		workflow,
		changedSigners: [refused],
		events: [event(workflow, 'signer.refused', data), event(workflow, 'workflow.refused', data)],
	};
}
