import type {
	Annotation,
	FinalizationState,
	SignatureField,
	SignatureFieldView,
	Signer,
	SignerView,
	Workflow,
	WorkflowAggregate,
	WorkflowFile,
	WorkflowStatus,
} from '../domain';
import type { FinalizationJob } from '../domain';
import type { SigningLinks } from '../security/signingLinks';

/** A workflow with everything in it, as GET /workflows/{id} answers. */
export interface WorkflowDetail extends Workflow {
	files: WorkflowFile[];
	signers: SignerView[];
	signatures: SignatureFieldView[];
	annotations: Annotation[];
	finalization: FinalizationState | null;
}

/*
 * What the API shows of the engine's records: built field by field, so
 * internal state (link versions, captured values, hashes) never leaks.
 */

export function signerView(signer: Signer, workflowStatus: WorkflowStatus, links: SigningLinks): SignerView {
	return {
		id: signer.id,
		workflowId: signer.workflowId,
		name: signer.name,
		email: signer.email,
		role: signer.role,
		order: signer.order,
		status: signer.status,
		hasAccessCode: signer.hasAccessCode,
		verification: signer.verification,
		locale: signer.locale,
		redirectUrl: signer.redirectUrl,
		// Links work only while the workflow is out for signing.
		signingUrl: workflowStatus === 'sent' ? links.url(signer.id, signer.linkVersion) : null,
		locked: signer.lockedAt !== null,
		viewedAt: signer.viewedAt,
		signedAt: signer.signedAt,
		refusedAt: signer.refusedAt,
		refusalReason: signer.refusalReason,
		createdAt: signer.createdAt,
		updatedAt: signer.updatedAt,
	};
}

export function signatureView(field: SignatureField): SignatureFieldView {
	const { valueText: _text, valueImageSha256: _image, ...view } = field;
	return view;
}

/** `finalization` is the workflow's finalization job, null until it completes. */
export function workflowDetail(aggregate: WorkflowAggregate, links: SigningLinks, finalization: FinalizationJob | null): WorkflowDetail {
	const { workflow } = aggregate;
	return {
		...workflow,
		files: aggregate.files,
		signers: aggregate.signers.map((signer) => signerView(signer, workflow.status, links)),
		signatures: aggregate.signatures.map(signatureView),
		annotations: aggregate.annotations,
		finalization: finalization && finalizationView(finalization),
	};
}

export function finalizationView(job: FinalizationJob): FinalizationState {
	return {
		status: job.status,
		attempts: job.attempts,
		lastError: job.lastError,
		nextAttemptAt: job.status === 'pending' ? job.nextAttemptAt : null,
		finishedAt: job.finishedAt,
	};
}
