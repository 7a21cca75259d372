import { invalid, verifyChain, type AuditEvent, type ChainCheck, type OutboxEmail, type Principal } from '../domain';
import { requireWorkflow, type ServiceOptions } from './shared';
import { verifyDocument, type VerificationResult } from './verification';

export interface AuditTrail {
	workflowId: string;
	events: AuditEvent[];
	chain: ChainCheck;
}

/** What happened and what went out: audit trails, the events feed, emails, and checking signed documents. */
export class Audit {
	constructor(private readonly options: Pick<ServiceOptions, 'store'>) {}

	async getTrail(principal: Principal, workflowId: string): Promise<AuditTrail> {
		const events = await this.options.store.read(async (repository) => {
			await requireWorkflow(repository, principal, workflowId);
			return repository.events.listByWorkflow(principal.organizationId, workflowId);
		});
		return { workflowId, events, chain: verifyChain(events) };
	}

	/** Every event of the organization after a position, oldest first: for receivers catching up on missed webhooks. */
	async listEvents(principal: Principal, afterSeq: number, limit: number) {
		const rows = await this.options.store.read((repository) => repository.events.listByOrganization(principal, afterSeq, limit + 1));
		const page = rows.slice(0, limit);
		return { events: page, last: page[page.length - 1]?.seq ?? afterSeq, more: rows.length > limit };
	}

	/** The emails this workflow caused, with their delivery state (pending, sent, failed, skipped). */
	async listEmails(principal: Principal, workflowId: string): Promise<OutboxEmail[]> {
		return this.options.store.read(async (repository) => {
			await requireWorkflow(repository, principal, workflowId);
			return repository.emails.listByWorkflow(principal.organizationId, workflowId);
		});
	}

	/** Whether a PDF is an unmodified signed document of this organization, and of which workflow. */
	async verify(principal: Principal, bytes: Buffer): Promise<VerificationResult> {
		if (bytes.length === 0) throw invalid('file_empty', 'The file is empty (0 bytes).');
		return verifyDocument(this.options.store, bytes, principal);
	}
}
