import type { IDataObject } from 'n8n-workflow';

/*
 * The engine's answers, as far as the nodes read them (the engine's OpenAPI
 * document has them whole); every other field passes through to the output
 * items as it is. A node may talk to an engine older than itself: a field the
 * engine added later is optional here.
 */

/** A signing workflow, as GET /workflows lists it. */
export interface WorkflowSummary extends IDataObject {
	id: string;
	name: string;
	status: string;
	createdAt: string;
}

/** GET /workflows: one page of the list. */
export interface WorkflowPage extends IDataObject {
	data: WorkflowSummary[];
	nextCursor: string | null;
}

/** GET /workflows/{id} and POST /workflows/{id}/send: the workflow with its files and signers. */
export interface WorkflowDetail extends WorkflowSummary {
	files: WorkflowFile[];
	signers: WorkflowSigner[];
	finalization?: Finalization | null;
	signatures?: WorkflowSignature[];
	annotations?: WorkflowAnnotation[];
}

export interface WorkflowSignature extends IDataObject {
	id: string;
	fileId: string;
	signerId: string;
	page: number;
	kind: string;
}

export interface WorkflowAnnotation extends IDataObject {
	id: string;
	fileId: string;
	signerId: string | null;
	page: number;
	type: string;
	value: string | boolean | null;
	label: string | null;
}

export interface WorkflowFile extends IDataObject {
	id: string;
	name: string;
	pageCount: number;
	signedSha256: string | null;
}

export interface WorkflowSigner extends IDataObject {
	id: string;
	name: string;
	email: string;
	role: string;
	/** The signer's link while the workflow is sent. */
	signingUrl: string | null;
}

/** The engine's job that stamps and seals the signed files of a completed workflow. */
export interface Finalization {
	status: 'pending' | 'done' | 'failed';
	attempts: number;
	lastError: string | null;
	nextAttemptAt: string | null;
}

/** A template, as GET /templates lists it and GET /templates/{id} answers it. */
export interface TemplateDetail extends IDataObject {
	id: string;
	name: string;
	createdAt: string;
	roles: Array<{ id: string; name: string; role: string; order: number; defaultName: string | null; defaultEmail: string | null; accessCode: string }>;
	annotations: Array<{ id: string; roleId: string | null; type: string; name: string | null; prefill: string; label: string | null }>;
}

/** GET /templates: one page of the list. */
export interface TemplatePage extends IDataObject {
	data: TemplateDetail[];
	nextCursor: string | null;
}

/** POST /templates/{id}/bulk and GET /bulk-sends/{id}: a bulk send's progress. */
export interface BulkSendJob extends IDataObject {
	id: string;
	templateId: string;
	status: 'queued' | 'running' | 'completed';
	total: number;
	succeeded: number;
	failed: number;
	pending: number;
}

/** GET /bulk-sends/{id}/rows: one row's outcome, `index` its position in the request's rows. */
export interface BulkSendRowOutcome extends IDataObject {
	index: number;
	status: 'pending' | 'succeeded' | 'failed';
	workflowId: string | null;
	error: { code: string; message: string; details: IDataObject[] } | null;
	finishedAt: string | null;
}
