import type { PendingEvent } from './event';
import { ACTING_ROLES, type Signer } from './signer';

export function isActor(signer: Signer): boolean {
	return ACTING_ROLES.includes(signer.role);
}

export function hasActed(signer: Signer): boolean {
	return signer.status === 'signed' || signer.status === 'approved';
}

/** The lowest order that still has a signer or approver to act, or null when all have acted. */
export function currentOrder(signers: readonly Signer[]): number | null {
	const waiting = signers.filter((signer) => isActor(signer) && !hasActed(signer));
	return waiting.length === 0 ? null : Math.min(...waiting.map((signer) => signer.order));
}

/** Signers of a lower order who have not acted yet: whom `signer` waits on. */
export function blockingSigners(signers: readonly Signer[], signer: Signer): Signer[] {
	return signers.filter((other) => isActor(other) && !hasActed(other) && other.order < signer.order);
}

/**
 * Makes every pending actor of the current order active, in parallel, and
 * returns the signers it changed with one `signer.invited` event each.
 */
export function activateCurrentOrder(
	signers: readonly Signer[],
	workflowId: string,
	now: string,
): { changed: Signer[]; events: PendingEvent[] } {
	const order = currentOrder(signers);
	if (order === null) return { changed: [], events: [] };
	const changed = signers
		.filter((signer) => isActor(signer) && signer.order === order && signer.status === 'pending')
		.map((signer): Signer => ({ ...signer, status: 'active', updatedAt: now }));
	const events = changed.map(
		(signer): PendingEvent => ({
			type: 'signer.invited',
			workflowId,
			data: { signerId: signer.id, name: signer.name, email: signer.email, role: signer.role, order: signer.order },
		}),
	);
	return { changed, events };
}
