import { z } from 'zod';
import type { Transition, WorkflowAggregate } from './aggregate';
import { displayName, multiLineText } from './common';
import { conflict, invalid } from './errors';
import { withNewLink, type Signer } from './signer';
import { hasActed, isActor } from './signerOrder';
import { signingState } from './signing';

/** What a signer gives when handing their place to another person from the signing page. */
export const DelegateInput = z.strictObject({
	name: displayName(200),
	email: z.email().max(320),
	reason: multiLineText(1000, 1),
});
export type DelegateInput = z.infer<typeof DelegateInput>;

/**
 * A signer hands their place to another person (DocuSign's recipient-delegate): same role, order
 * and fields, a new link for the delegate; the delegator's link stops working. Allowed only when
 * the sender allowed it on the workflow, while it is the signer's turn, not after a lock.
 */
export function delegateSigner(aggregate: WorkflowAggregate, signer: Signer, to: DelegateInput, now: Date): Transition {
	if (!aggregate.workflow.allowDelegation)
		throw conflict('delegation_not_allowed', 'The sender does not allow handing this document to someone else.');
	const state = signingState(aggregate, signer);
	if (state === 'locked') throw conflict('link_locked', 'This link is locked after too many wrong access codes. Ask the sender for a new link.');
	if (!isActor(signer)) throw conflict('delegation_not_allowed', 'Only a signer or an approver can hand their place to someone else.');
	if (hasActed(signer) || signer.status === 'refused' || state === 'done')
		throw conflict('signer_already_acted', `You have already ${signer.status}; the document can no longer be handed to someone else.`);
	if (state !== 'ready') throw conflict('not_your_turn', `You can hand this document to someone else only while it is your turn (it is ${state}).`);
	if (to.email.trim().toLowerCase() === signer.email.trim().toLowerCase())
		throw invalid('delegate_same_email', 'Enter the email address of someone else: this one is yours.', [{ path: 'email', message: 'Same as the signer’s own address.' }]);
	const at = now.toISOString();
	const next: Signer = {
		...withNewLink(signer, at),
		name: to.name,
		email: to.email,
		// The delegate never received the signer's access code: having passed it, the signer hands over access too.
		hasAccessCode: false,
		viewedAt: null,
	};
	return {
		workflow: { ...aggregate.workflow, updatedAt: at },
		changedSigners: [next],
		events: [
			{
				type: 'signer.delegated',
				workflowId: aggregate.workflow.id,
				data: { signerId: signer.id, name: to.name, email: to.email, reason: to.reason, previous: { name: signer.name, email: signer.email } },
			},
		],
	};
}
