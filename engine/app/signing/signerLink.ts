import type { Signer, WorkflowAggregate } from '../../domain';

/** A signer's link resolved: whose it is, in which workflow, and the code that guards it. */
export interface SignerLink {
	organizationId: string;
	aggregate: WorkflowAggregate;
	signer: Signer;
	accessCodeHash: string | null;
}
