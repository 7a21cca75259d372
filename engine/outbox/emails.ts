import { hasActed, isActor, newId } from '../domain';
import type { AuditEvent, Signer, WorkflowAggregate } from '../domain';
import type { AlertEmailKind, EmailKind, OutboxEmail } from '../domain';
import type { Repository } from '../store/port';

/**
 * The emails a set of just-recorded events calls for. They are written to the
 * outbox in the same transaction as the events, so a crash or an SMTP outage
 * never loses one; the mail dispatcher sends them afterwards. A test workflow
 * (made with a test key) emails no one: none is even queued.
 */
export function emailsFor(events: readonly AuditEvent[], aggregate: WorkflowAggregate, at: string): OutboxEmail[] {
	const emails: OutboxEmail[] = [];
	if (aggregate.workflow.test) return emails;
	const add = (signerId: string, kind: EmailKind) => {
		if (emails.some((email) => email.signerId === signerId && email.kind === kind)) return;
		emails.push(
			pendingEmail(
				{ organizationId: aggregate.workflow.organizationId, workflowId: aggregate.workflow.id, signerId, recipient: null, data: null, kind },
				at,
			),
		);
	};
	for (const event of events) {
		const signerId = typeof event.data.signerId === 'string' ? event.data.signerId : null;
		switch (event.type) {
			case 'workflow.sent':
				// Viewers get their link now; signers and approvers when their turn comes; cc at the end.
				for (const signer of aggregate.signers) if (signer.role === 'viewer') add(signer.id, 'invitation');
				break;
			case 'signer.invited':
			case 'signer.reissued':
			case 'signer.reassigned':
			case 'signer.delegated': {
				// A new link goes to whoever may use it now: a signer whose turn it is, or a viewer.
				const signer = aggregate.signers.find((candidate) => candidate.id === signerId);
				if (signer && (event.type === 'signer.invited' || signer.status === 'active' || signer.role === 'viewer'))
					add(signer.id, 'invitation');
				break;
			}
			case 'signer.reminded':
				if (signerId) add(signerId, 'reminder');
				break;
			case 'signer.resent':
				// The same link again, as the invitation it was.
				if (signerId) add(signerId, 'invitation');
				break;
			case 'workflow.completed':
				for (const signer of aggregate.signers) add(signer.id, 'completed');
				break;
			case 'workflow.refused':
				// Everyone who held a link or has acted learns the request is void; not the one who refused.
				for (const signer of aggregate.signers)
					if (signer.id !== signerId && (wasInvited(signer) || hasActed(signer))) add(signer.id, 'refused');
				break;
			case 'workflow.expired':
			case 'workflow.cancelled':
				// Whoever still held a link that now leads nowhere.
				for (const signer of aggregate.signers)
					if (wasInvited(signer)) add(signer.id, event.type === 'workflow.expired' ? 'expired' : 'cancelled');
				break;
			default:
				break;
		}
	}
	return emails;
}

/**
 * A party with a link it has not used up: a signer or approver whose turn came and who has not
 * acted, or a viewer (invited when the workflow was sent). A cc, invited to nothing, is not one.
 */
function wasInvited(signer: Signer): boolean {
	return isActor(signer) ? signer.status === 'active' : signer.role === 'viewer' && signer.status === 'notified';
}

/** An email as it enters the outbox: pending, due now, not yet tried. */
export function pendingEmail(
	email: Pick<OutboxEmail, 'organizationId' | 'workflowId' | 'signerId' | 'recipient' | 'data' | 'kind'>,
	at: string,
): OutboxEmail {
	return { id: newId(), ...email, status: 'pending', attempts: 0, nextAttemptAt: at, lastError: null, createdAt: at, sentAt: null };
}

/**
 * Queues an alert to an organization's admin (a webhook configuration was
 * disabled, a signed PDF could not be made); nothing when it has no admin address.
 */
export async function queueAdminAlert(
	repository: Repository,
	alert: Pick<OutboxEmail, 'organizationId' | 'workflowId' | 'data'> & { kind: AlertEmailKind },
	at: string,
): Promise<void> {
	const organization = await repository.organizations.get(alert.organizationId);
	if (organization?.adminEmail)
		await repository.emails.enqueue(pendingEmail({ ...alert, signerId: null, recipient: organization.adminEmail }, at));
}

/**
 * The email that carries a signer's verification code. The code rides in the outbox sealed
 * (security/secretBox.ts, a key derived from the master key), never in clear, and the email
 * is not sent once the code has expired.
 */
export function verificationCodeEmail(
	target: { organizationId: string; workflowId: string; signerId: string },
	code: { sealed: string; expiresAt: string },
	at: string,
): OutboxEmail {
	return pendingEmail({ ...target, recipient: null, data: { sealedCode: code.sealed, expiresAt: code.expiresAt }, kind: 'verification_code' }, at);
}
