import type { AuditEvent, Signer, Workflow, WorkflowAggregate } from '../domain';
import type { WebhookPayload } from '../domain';
import type { SigningLinks } from '../security/signingLinks';

/** Events that hand the signer their link, so a flow can deliver it by any channel. */
const CARRIES_LINK = new Set(['signer.invited', 'signer.reissued', 'signer.reassigned', 'signer.delegated', 'signer.reminded', 'signer.resent']);

function signerFacts(signer: Signer) {
	return { id: signer.id, name: signer.name, email: signer.email, role: signer.role, order: signer.order, status: signer.status, locale: signer.locale };
}

/** The workflow with its files and signers, for configurations that ask for it. */
export function workflowSummary(aggregate: WorkflowAggregate) {
	const { workflow } = aggregate;
	return {
		id: workflow.id,
		name: workflow.name,
		status: workflow.status,
		requestFrom: workflow.requestFrom,
		metadata: workflow.metadata,
		createdAt: workflow.createdAt,
		sentAt: workflow.sentAt,
		expiresAt: workflow.expiresAt,
		endedAt: workflow.endedAt,
		locale: workflow.locale,
		files: aggregate.files.map((file) => ({
			id: file.id,
			name: file.name,
			pageCount: file.pageCount,
			sha256: file.sha256,
			signedSha256: file.signedSha256,
		})),
		signers: aggregate.signers.map((signer) => ({ ...signerFacts(signer), signedAt: signer.signedAt, refusedAt: signer.refusedAt })),
	};
}

export function webhookPayload(
	event: AuditEvent,
	context: { workflow: Workflow | null; aggregate: WorkflowAggregate | null; links: SigningLinks; withSummary: boolean },
): WebhookPayload {
	const { workflow, aggregate } = context;
	const signerId = typeof event.data.signerId === 'string' ? event.data.signerId : null;
	const signer = signerId ? aggregate?.signers.find((candidate) => candidate.id === signerId) : undefined;
	const webhookId = typeof event.data.webhookId === 'string' ? event.data.webhookId : null;
	const templateId = event.type.startsWith('template.') && typeof event.data.templateId === 'string' ? event.data.templateId : null;
	const bulkSendId = event.type.startsWith('bulk_send.') && typeof event.data.bulkSendId === 'string' ? event.data.bulkSendId : null;
	return {
		event: event.type,
		uri: workflow
			? `/api/v1/workflows/${workflow.id}`
			: webhookId
				? `/api/v1/webhooks/${webhookId}`
				: templateId
					? `/api/v1/templates/${templateId}`
					: bulkSendId
						? `/api/v1/bulk-sends/${bulkSendId}`
						: '/api/v1/events',
		apiVersion: 'v1',
		generatedDateTime: event.createdAt,
		// A test template's and a test bulk send's events are organization-level: their data says test (app/templates.ts, app/bulkSends.ts).
		test: workflow?.test === true || ((templateId !== null || bulkSendId !== null) && event.data.test === true),
		data: {
			...event.data,
			eventId: event.id,
			organizationId: event.organizationId,
			// A discarded or deleted workflow's event is the organization's (its trail is gone) and names it in its data.
			workflowId: event.workflowId ?? (typeof event.data.workflowId === 'string' ? event.data.workflowId : null),
			sequence: event.sequence,
			requestFrom: workflow?.requestFrom ?? null,
			metadata: workflow?.metadata ?? null,
			...(signer
				? {
						signer: {
							...signerFacts(signer),
							...(CARRIES_LINK.has(event.type) ? { signingUrl: context.links.url(signer.id, signer.linkVersion) } : {}),
						},
					}
				: {}),
			...(context.withSummary && aggregate ? { workflow: workflowSummary(aggregate) } : {}),
		},
	};
}
