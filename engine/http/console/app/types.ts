/** The API's answers the console reads (a subset of /api/v1's schemas). */

export interface Workflow {
	id: string;
	name: string;
	status: string;
	createdAt: string;
	updatedAt: string;
	sentAt: string | null;
	endedAt: string | null;
	expiresAt: string | null;
	message: string | null;
	test: boolean;
	cancelReason: string | null;
	purgedAt: string | null;
}

export interface WorkflowList {
	data: Workflow[];
	nextCursor: string | null;
}

export interface Signer {
	id: string;
	name: string;
	email: string;
	role: string;
	order: number;
	status: string;
	viewedAt: string | null;
	signedAt: string | null;
	refusedAt: string | null;
	refusalReason: string | null;
}

export interface WorkflowFile {
	id: string;
	name: string;
	size: number;
	pageCount: number;
	signedSha256: string | null;
}

export interface Finalization {
	status: 'pending' | 'done' | 'failed';
	attempts: number;
	lastError: string | null;
}

export interface WorkflowDetail extends Workflow {
	signers: Signer[];
	files: WorkflowFile[];
	/** The making of the signed documents, once completed. */
	finalization: Finalization | null;
}

export interface AuditEvent {
	id: string;
	sequence: number;
	type: string;
	actor: { type: string; id: string | null };
	ip: string | null;
	createdAt: string;
	data: Record<string, unknown>;
	hash: string;
}

export interface AuditTrail {
	events: AuditEvent[];
	chain: { intact: boolean; brokenAt: { sequence: number; reason: string } | null; headHash: string | null };
}
