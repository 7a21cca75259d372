import type { Annotation } from './annotation';
import type { PendingEvent } from './event';
import type { WorkflowFile } from './file';
import type { SignatureField } from './signature';
import type { Signer } from './signer';
import type { Workflow } from './workflow';

/** A workflow with everything that belongs to it: what transitions decide on. */
export interface WorkflowAggregate {
	workflow: Workflow;
	files: WorkflowFile[];
	signers: Signer[];
	signatures: SignatureField[];
	annotations: Annotation[];
}

/** A transition's outcome: the new workflow, the signers it changed, the events it causes. */
export interface Transition {
	workflow: Workflow;
	changedSigners: Signer[];
	events: PendingEvent[];
}
