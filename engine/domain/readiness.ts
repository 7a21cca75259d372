import type { WorkflowAggregate } from './aggregate';
import { conflict } from './errors';
import { isActor } from './signerOrder';

/** What must be true before a draft can be sent; throws the first problem found. */
export function assertReadyToSend(aggregate: WorkflowAggregate, now: Date): void {
	const { workflow, files, signers, signatures } = aggregate;
	if (files.length === 0) throw conflict('workflow_has_no_file', 'Add at least one PDF file before sending.');
	if (!signers.some(isActor))
		throw conflict('workflow_has_no_signer', 'Add at least one signer or approver before sending.');
	const withoutField = signers.filter(
		(signer) => signer.role === 'signer' && !signatures.some((field) => field.signerId === signer.id),
	);
	if (withoutField.length > 0)
		throw conflict(
			'signer_without_signature_field',
			`Every signer needs a signature field: add one for ${withoutField.map((s) => s.name).join(', ')}.`,
			withoutField.map((signer) => ({ signerId: signer.id, message: `${signer.name} has no signature field.` })),
		);
	if (workflow.expiresAt && Date.parse(workflow.expiresAt) <= now.getTime())
		throw conflict('workflow_expiry_passed', 'expiresAt is already past; create a new workflow with a later date.');
}
