import type { Repository } from '../store/port';

/**
 * An invitation still queued when a signer gets a new link (reissued, or reassigned to another
 * person) would go out beside the new one, to the new address: only the newest is kept.
 */
export async function keepOneInvitation(repository: Repository, organizationId: string, workflowId: string, signerId: string): Promise<void> {
	const queued = (await repository.emails.listByWorkflow(organizationId, workflowId))
		.filter((email) => email.signerId === signerId && email.status === 'pending' && (email.kind === 'invitation' || email.kind === 'reminder'))
		.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
	for (const email of queued.slice(0, -1))
		await repository.emails.update({ ...email, status: 'skipped', lastError: 'superseded by a newer link for this signer' });
}
