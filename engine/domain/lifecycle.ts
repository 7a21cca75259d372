import { z } from 'zod';
import type { Transition, WorkflowAggregate } from './aggregate';
import { Id, Timestamp, displayName, multiLineText } from './common';
import { RedirectUrl } from './embedding';
import { conflict, invalid, type ErrorDetail } from './errors';
import type { PendingEvent } from './event';
import { Locale, describeLocale } from './locale';
import { withNewLink, type Signer } from './signer';
import { hasActed } from './signerOrder';
import { FINAL_STATUSES, type Workflow } from './workflow';

/*
 * What a sender does with a workflow besides sending and cancelling it: discard a draft, delete a
 * finished one, correct a sent one, resend its invitations. Pure, like the state machine.
 */

/**
 * Discarding or deleting removes the workflow's rows, its audit trail included: the event that
 * says so belongs to the organization's trail (no workflow row is left to hang it on) and names
 * the workflow in its data.
 */
function removalEvent(aggregate: WorkflowAggregate, type: 'workflow.discarded' | 'workflow.deleted', auditHead: string | null): PendingEvent {
	const { workflow } = aggregate;
	return {
		type,
		workflowId: null,
		data: {
			workflowId: workflow.id,
			name: workflow.name,
			status: workflow.status,
			requestFrom: workflow.requestFrom,
			files: aggregate.files.map((file) => ({ fileId: file.id, name: file.name, sha256: file.sha256, signedSha256: file.signedSha256 })),
			signerCount: aggregate.signers.length,
			auditHeadHash: auditHead,
		},
	};
}

/** A draft is thrown away (DocuSign's envelope-discard); a sent or finished workflow is not a draft. */
export function discardDraft(aggregate: WorkflowAggregate, auditHead: string | null): PendingEvent {
	if (aggregate.workflow.status !== 'draft')
		throw conflict(
			'workflow_not_draft',
			`Only a draft can be discarded; this signing workflow is ${aggregate.workflow.status}.` +
				(aggregate.workflow.status === 'sent' ? ' Cancel it first, then delete it.' : ' Delete it instead.'),
			[{ message: `status is ${aggregate.workflow.status}`, status: aggregate.workflow.status }],
		);
	return removalEvent(aggregate, 'workflow.discarded', auditHead);
}

/** A finished workflow's record is deleted (envelope-deleted); a sent one must be cancelled first, a draft discarded. */
export function deleteFinished(aggregate: WorkflowAggregate, auditHead: string | null): PendingEvent {
	const { status } = aggregate.workflow;
	if (status === 'draft')
		throw conflict('workflow_is_draft', 'This signing workflow is a draft: discard it (POST /workflows/{id}/discard) instead.', [
			{ message: 'status is draft', status },
		]);
	if (!FINAL_STATUSES.includes(status))
		throw conflict('workflow_not_finished', `Cannot delete a signing workflow that is ${status}: cancel it first.`, [
			{ message: `status is ${status}`, status },
		]);
	return removalEvent(aggregate, 'workflow.deleted', auditHead);
}

export const CorrectSignerInput = z.strictObject({
	id: Id.describe('The signer to correct'),
	name: displayName(200).optional(),
	email: z.email().max(320).optional(),
	locale: Locale.nullable()
		.optional()
		.describe(describeLocale('The signer\'s new language, null to follow the workflow\'s; a new language alone keeps the signer\'s link')),
	redirectUrl: RedirectUrl.nullable().optional().describe('Where the signer goes after signing or refusing outside a frame; null follows the workflow\'s; keeps the link'),
});

export const CorrectWorkflowInput = z.strictObject({
	message: multiLineText(5000).nullable().optional().describe('The new message to signers; null or empty removes it'),
	expiresAt: Timestamp.nullable().optional().describe('The new expiry, in the future; null removes it'),
	locale: Locale.nullable()
		.optional()
		.describe(describeLocale('The new language for signers without their own, null to follow the organization\'s default and the browser')),
	redirectUrl: RedirectUrl.nullable().optional().describe('Where signers without their own go after signing or refusing outside a frame; null removes it'),
	signers: z
		.array(CorrectSignerInput)
		.max(100)
		.optional()
		.describe(
			'Signers who have not acted yet, with their corrected name, email, language or redirectUrl: a new name or email gives a new link (the old one stops working)',
		),
});
export type CorrectWorkflowInput = z.infer<typeof CorrectWorkflowInput>;

/**
 * Corrects a sent workflow (envelope-corrected): its message, its expiry, its language, the name,
 * email or language of signers who have not acted. A signer with a new name or email gets a new
 * link (signer.reissued, which carries it and emails it when it is their turn); the old link stops
 * working. A new language alone keeps the link: the same person reads the page and the emails from
 * then on in it (POST /resend sends the invitation again).
 */
export function correctWorkflow(aggregate: WorkflowAggregate, input: CorrectWorkflowInput, now: Date): Transition {
	const { workflow } = aggregate;
	if (workflow.status !== 'sent')
		throw conflict('workflow_not_sent', `Cannot correct a signing workflow that is ${workflow.status}; only a sent one can be corrected.`, [
			{ message: `status is ${workflow.status}`, status: workflow.status },
		]);
	const at = now.toISOString();
	const details: ErrorDetail[] = [];
	const corrected: Array<{ before: Signer; after: Signer }> = [];
	const seen = new Set<string>();
	for (const [index, change] of (input.signers ?? []).entries()) {
		const signer = aggregate.signers.find((candidate) => candidate.id === change.id);
		if (!signer) details.push({ path: `signers.${index}.id`, message: 'Not a signer of this signing workflow.' });
		else if (seen.has(change.id)) details.push({ path: `signers.${index}.id`, message: 'This signer is listed twice.' });
		else if (change.name === undefined && change.email === undefined && change.locale === undefined && change.redirectUrl === undefined)
			details.push({ path: `signers.${index}`, message: 'Give the corrected name, email, language or redirectUrl.' });
		seen.add(change.id);
		if (!signer || details.length > 0) continue;
		if (hasActed(signer) || signer.status === 'refused')
			throw conflict('signer_already_acted', `${signer.name} has already ${signer.status}; only someone who has not acted can be corrected.`, [
				{ path: `signers.${index}.id`, message: `status is ${signer.status}` },
			]);
		const name = change.name ?? signer.name;
		const email = change.email ?? signer.email;
		const locale = change.locale === undefined ? signer.locale : change.locale;
		const redirectUrl = change.redirectUrl === undefined ? signer.redirectUrl : change.redirectUrl;
		const newPerson = name !== signer.name || email !== signer.email;
		if (!newPerson && locale === signer.locale && redirectUrl === signer.redirectUrl) continue;
		corrected.push({
			before: signer,
			after: newPerson
				? {
						...withNewLink(signer, at),
						name,
						email,
						locale,
						redirectUrl,
						// Another address may be another person: they have not seen the document.
						viewedAt: email === signer.email ? signer.viewedAt : null,
					}
				: { ...signer, locale, redirectUrl, updatedAt: at },
		});
	}
	let expiresAt = workflow.expiresAt;
	if (input.expiresAt !== undefined) {
		expiresAt = input.expiresAt === null ? null : new Date(input.expiresAt).toISOString();
		if (expiresAt && Date.parse(expiresAt) <= now.getTime())
			details.push({ path: 'expiresAt', message: `${input.expiresAt} is not after ${at}.` });
	}
	if (details.length > 0) throw invalid('correction_invalid', details[0].message, details);

	const message = input.message === undefined ? workflow.message : input.message || null;
	const locale = input.locale === undefined ? workflow.locale : input.locale;
	const redirectUrl = input.redirectUrl === undefined ? workflow.redirectUrl : input.redirectUrl;
	const changed: string[] = [];
	if (message !== workflow.message) changed.push('message');
	if (expiresAt !== workflow.expiresAt) changed.push('expiresAt');
	if (locale !== workflow.locale) changed.push('locale');
	if (redirectUrl !== workflow.redirectUrl) changed.push('redirectUrl');
	if (corrected.length > 0) changed.push('signers');
	if (changed.length === 0)
		throw invalid(
			'nothing_to_correct',
			'The correction changes nothing: give a new message, expiresAt, locale, redirectUrl, or a signer\'s new name, email, locale or redirectUrl.',
		);
	const reissued = corrected.filter(({ before, after }) => after.linkVersion !== before.linkVersion);

	const next: Workflow = { ...workflow, message, expiresAt, locale, redirectUrl, updatedAt: at };
	return {
		workflow: next,
		changedSigners: corrected.map(({ after }) => after),
		events: [
			{
				type: 'workflow.corrected',
				workflowId: workflow.id,
				data: {
					changed,
					...(changed.includes('expiresAt') ? { expiresAt, previousExpiresAt: workflow.expiresAt } : {}),
					...(changed.includes('message') ? { message } : {}),
					...(changed.includes('locale') ? { locale, previousLocale: workflow.locale } : {}),
					...(changed.includes('redirectUrl') ? { redirectUrl, previousRedirectUrl: workflow.redirectUrl } : {}),
					signers: corrected.map(({ before, after }) => ({
						signerId: after.id,
						name: after.name,
						email: after.email,
						locale: after.locale,
						newLink: after.linkVersion !== before.linkVersion,
						previous: { name: before.name, email: before.email, locale: before.locale },
					})),
				},
			},
			...reissued.map(({ after }): PendingEvent => ({
				type: 'signer.reissued',
				workflowId: workflow.id,
				data: { signerId: after.id, name: after.name, email: after.email, reason: 'corrected' },
			})),
		],
	};
}

/**
 * Sends the invitations again (envelope-resent) to every signer whose turn it is, with the links
 * they have: a link that works stays valid. A locked link is left out: it needs a new one (reissue).
 */
export function resendInvitations(aggregate: WorkflowAggregate, now: Date): Transition {
	const { workflow } = aggregate;
	if (workflow.status !== 'sent')
		throw conflict('workflow_not_sent', `Cannot resend a signing workflow that is ${workflow.status}; only a sent one has invitations out.`, [
			{ message: `status is ${workflow.status}`, status: workflow.status },
		]);
	const due = aggregate.signers.filter((signer) => signer.status === 'active' && !signer.lockedAt);
	const facts = (signer: Signer) => ({ signerId: signer.id, name: signer.name, email: signer.email });
	return {
		workflow: { ...workflow, updatedAt: now.toISOString() },
		changedSigners: [],
		events: [
			{ type: 'workflow.resent', workflowId: workflow.id, data: { signers: due.map(facts) } },
			...due.map((signer): PendingEvent => ({ type: 'signer.resent', workflowId: workflow.id, data: facts(signer) })),
		],
	};
}
