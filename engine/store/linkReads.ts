import type { WorkflowAggregate } from '../domain';
import { deepFreeze } from './deepFreeze';

/** A signing link's signer and workflow, as loadAggregateByTokenHash answers them. */
export interface LinkRead {
	organizationId: string;
	signerId: string;
	accessCodeHash: string | null;
	aggregate: WorkflowAggregate;
}

const MAX_ENTRIES = 10_000;

/**
 * PostgreSQL: signing links read lately, by token hash. A signer's browser asks for the page, the
 * document and the view one after the other, each reading the link's whole workflow; here the
 * later ones are answered from the first read. This process drops a workflow's links when it
 * commits a change to that workflow (or, to be safe, all of them when it commits a change that
 * names no workflow); another process's change shows within SHARED_CACHE_TTL_MS, as for API keys
 * and branding. Only reads outside transactions use it: every action re-reads its link under the
 * workflow's lock. Kept values are frozen: they are shared by every later reader.
 */
export class LinkReads {
	private readonly entries = new Map<string, { value: LinkRead; at: number }>();
	private readonly byWorkflow = new Map<string, Set<string>>();
	/** Bumped by every drop: a read that began before one is not kept (it may be older than the change). */
	private generation = 0;

	constructor(private readonly ttlMs: number) {}

	get(tokenHash: string): LinkRead | undefined {
		const entry = this.entries.get(tokenHash);
		if (!entry) return undefined;
		if (Date.now() - entry.at < this.ttlMs) return entry.value;
		this.remove(tokenHash, entry.value);
		return undefined;
	}

	/** Call before reading what will be kept with `set`. */
	ticket(): number {
		return this.generation;
	}

	set(tokenHash: string, value: LinkRead, ticket: number): void {
		if (ticket !== this.generation) return;
		const previous = this.entries.get(tokenHash);
		if (previous) this.remove(tokenHash, previous.value);
		if (this.entries.size >= MAX_ENTRIES) {
			const [oldest, entry] = this.entries.entries().next().value!;
			this.remove(oldest, entry.value);
		}
		const frozen = deepFreeze(value);
		this.entries.set(tokenHash, { value: frozen, at: Date.now() });
		const workflowId = frozen.aggregate.workflow.id;
		let tokens = this.byWorkflow.get(workflowId);
		if (!tokens) this.byWorkflow.set(workflowId, (tokens = new Set()));
		tokens.add(tokenHash);
	}

	/** The links of these workflows changed here. */
	dropWorkflows(workflowIds: Iterable<string>): void {
		this.generation += 1;
		for (const workflowId of workflowIds) {
			for (const tokenHash of this.byWorkflow.get(workflowId) ?? []) this.entries.delete(tokenHash);
			this.byWorkflow.delete(workflowId);
		}
	}

	clear(): void {
		this.generation += 1;
		this.entries.clear();
		this.byWorkflow.clear();
	}

	private remove(tokenHash: string, value: LinkRead): void {
		this.entries.delete(tokenHash);
		const workflowId = value.aggregate.workflow.id;
		const tokens = this.byWorkflow.get(workflowId);
		tokens?.delete(tokenHash);
		if (tokens?.size === 0) this.byWorkflow.delete(workflowId);
	}
}
