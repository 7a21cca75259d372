/**
 * What the fuzzer has learned about the engine's state from its answers:
 * which workflows, files, signers, fields, webhooks, deliveries and signing
 * tokens exist, whose they are, and roughly what state they are in. It only
 * steers the choice of ids; the engine's own answers are what get checked.
 */
export type Org = 'A' | 'B';

export interface SignerState {
	id: string;
	workflowId: string;
	org: Org;
	role: string;
	status: string;
	/** Every signing-link token seen for this signer, newest last (older ones are revoked by a reissue). */
	tokens: string[];
	accessCode: string | null;
	/** The access cookie the signing page set, once the right code was entered. */
	cookie: string | null;
}

export interface WorkflowState {
	id: string;
	org: Org;
	status: string;
	files: Array<{ id: string; pageCount: number }>;
	signerIds: string[];
	/** Signature fields and signer-filled annotations: what a signer's sign request gives values for. */
	fields: Array<{ id: string; signerId: string | null; kind: string }>;
}

export class Model {
	readonly workflows = new Map<string, WorkflowState>();
	readonly signers = new Map<string, SignerState>();
	readonly webhooks: Array<{ id: string; org: Org }> = [];
	readonly deliveries: Array<{ id: string; org: Org }> = [];
	private readonly seen = new Set<string>();
	private readonly tokenOwner = new Map<string, SignerState>();

	workflowsOf(org: Org): WorkflowState[] {
		return [...this.workflows.values()].filter((workflow) => workflow.org === org);
	}

	signerOfToken(token: string): SignerState | undefined {
		return this.tokenOwner.get(token);
	}

	/** Takes in any JSON answer of the API given to organization `org`. */
	absorb(org: Org, operationId: string, requestBody: unknown, body: unknown): void {
		if (!body || typeof body !== 'object') return;
		const record = body as Record<string, any>;
		if (isWorkflowDetail(record)) this.absorbWorkflow(org, record);
		switch (operationId) {
			case 'addFile':
				this.workflow(org, record.workflowId)?.files.push({ id: record.id, pageCount: record.pageCount });
				break;
			case 'addSigner':
			case 'reissueSigningLink':
			case 'reassignSigner': {
				const signer = this.absorbSigner(org, record);
				const code = (requestBody as { accessCode?: unknown } | null)?.accessCode;
				if (signer && operationId === 'addSigner' && typeof code === 'string') signer.accessCode = code.normalize('NFC').trim();
				break;
			}
			case 'addSignature':
				this.workflow(org, record.workflowId)?.fields.push({ id: record.id, signerId: record.signerId, kind: record.kind });
				break;
			case 'addAnnotation':
				if (record.signerId) this.workflow(org, record.workflowId)?.fields.push({ id: record.id, signerId: record.signerId, kind: record.type });
				break;
			case 'createWebhook':
				this.add(this.webhooks, org, record.id);
				break;
			case 'listWebhooks':
				for (const webhook of record.data ?? []) this.add(this.webhooks, org, webhook.id);
				break;
			case 'listDeliveries':
				for (const delivery of record.data ?? []) this.add(this.deliveries, org, delivery.id);
				break;
			case 'discardWorkflow':
			case 'deleteWorkflow':
				// Gone: later requests for it are the engine's 404s, no longer worth steering to.
				if (typeof record.id === 'string' && this.workflows.get(record.id)?.org === org) this.workflows.delete(record.id);
				break;
			case 'listWorkflows':
				for (const summary of record.data ?? []) {
					const workflow = this.workflow(org, summary.id, summary.status);
					if (workflow && typeof summary.status === 'string') workflow.status = summary.status;
				}
				break;
		}
	}

	/** A signer acted through the signing page (its workflow's next state is learned from the API later). */
	signerActed(token: string, how: 'signed' | 'refused'): void {
		const signer = this.tokenOwner.get(token);
		if (!signer) return;
		signer.status = how;
		if (how === 'refused') {
			const workflow = this.workflows.get(signer.workflowId);
			if (workflow) workflow.status = 'refused';
		}
	}

	rememberCookie(token: string, cookie: string): void {
		const signer = this.tokenOwner.get(token);
		if (signer) signer.cookie = cookie;
	}

	private absorbWorkflow(org: Org, detail: Record<string, any>): void {
		const workflow = this.workflow(org, detail.id, detail.status)!;
		workflow.status = detail.status;
		workflow.files = detail.files.map((file: any) => ({ id: file.id, pageCount: file.pageCount }));
		workflow.signerIds = detail.signers.map((signer: any) => signer.id);
		workflow.fields = [
			...detail.signatures.map((field: any) => ({ id: field.id, signerId: field.signerId, kind: field.kind })),
			...detail.annotations
				.filter((annotation: any) => annotation.signerId)
				.map((annotation: any) => ({ id: annotation.id, signerId: annotation.signerId, kind: annotation.type })),
		];
		for (const signer of detail.signers) this.absorbSigner(org, signer);
	}

	private absorbSigner(org: Org, record: Record<string, any>): SignerState | undefined {
		if (typeof record.id !== 'string' || typeof record.workflowId !== 'string') return undefined;
		let signer = this.signers.get(record.id);
		if (!signer) {
			signer = { id: record.id, workflowId: record.workflowId, org, role: record.role, status: record.status, tokens: [], accessCode: null, cookie: null };
			this.signers.set(signer.id, signer);
			const workflow = this.workflow(org, record.workflowId);
			if (workflow && !workflow.signerIds.includes(signer.id)) workflow.signerIds.push(signer.id);
		}
		signer.role = record.role ?? signer.role;
		signer.status = record.status ?? signer.status;
		const token = typeof record.signingUrl === 'string' ? /\/sign\/([^/?#]+)$/.exec(record.signingUrl)?.[1] : undefined;
		if (token && !signer.tokens.includes(token)) {
			signer.tokens.push(token);
			signer.cookie = null;
			this.tokenOwner.set(token, signer);
		}
		return signer;
	}

	private workflow(org: Org, id: unknown, status = 'draft'): WorkflowState | undefined {
		if (typeof id !== 'string') return undefined;
		let workflow = this.workflows.get(id);
		if (!workflow) {
			workflow = { id, org, status, files: [], signerIds: [], fields: [] };
			this.workflows.set(id, workflow);
		}
		return workflow;
	}

	private add(list: Array<{ id: string; org: Org }>, org: Org, id: unknown): void {
		if (typeof id !== 'string' || this.seen.has(id)) return;
		this.seen.add(id);
		list.push({ id, org });
	}
}

function isWorkflowDetail(record: Record<string, any>): boolean {
	return typeof record.id === 'string' && typeof record.status === 'string' && Array.isArray(record.files) && Array.isArray(record.signers);
}
