import { randomUUID } from 'node:crypto';
import type {
	SignatureField,
	Signer,
	SignerRole,
	WebhookConfig,
	Workflow,
	WorkflowAggregate,
	WorkflowFile,
	WorkflowStatus,
} from '../../../engine/domain';

const AT = '2026-11-23T09:00:00.000Z';

/** A webhook configuration as the store returns it: enabled, every event, no secret. */
export function aWebhookConfig(overrides: Partial<WebhookConfig> = {}): WebhookConfig {
	return {
		id: 'w1',
		organizationId: 'o',
		name: 'hook',
		url: 'https://example.com',
		events: ['*'],
		requestFrom: null,
		authType: 'hmac',
		authUsername: null,
		secretSealed: null,
		headersSealed: '',
		retryIntervals: ['PT5S', 'PT5M'],
		timeout: 'PT15S',
		includeWorkflowSummary: false,
		enabled: true,
		disabledReason: null,
		disabledAt: null,
		disabledBy: null,
		consecutiveDead: 0,
		failingSince: null,
		lastSuccessAt: null,
		createdAt: AT,
		updatedAt: AT,
		...overrides,
	};
}

export function aWorkflow(overrides: Partial<Workflow> = {}): Workflow {
	return {
		id: randomUUID(),
		organizationId: randomUUID(),
		name: 'Offer letter',
		message: null,
		status: 'draft',
		timeZone: 'UTC',
		expiresAt: null,
		requestFrom: null,
		metadata: {},
		reminderPolicy: null,
		cancelReason: null,
		allowDelegation: false,
		locale: null,
		redirectUrl: null,
		createdAt: AT,
		updatedAt: AT,
		sentAt: null,
		endedAt: null,
		test: false,
		purgedAt: null,
		purgeScope: null,
		...overrides,
	};
}

export function aFile(workflowId: string, pages: Array<[number, number]> = [[595.28, 841.89]]): WorkflowFile {
	return {
		id: randomUUID(),
		workflowId,
		name: 'offer.pdf',
		sha256: 'a'.repeat(64),
		size: 1000,
		pageCount: pages.length,
		pages: pages.map(([width, height], index) => ({ number: index + 1, width, height, rotation: 0 })),
		signedSha256: null,
		signedSize: null,
		createdAt: AT,
	};
}

export function aSigner(workflowId: string, name: string, role: SignerRole = 'signer', order = 1): Signer {
	return {
		id: randomUUID(),
		workflowId,
		name,
		email: `${name.toLowerCase().replace(/\W+/g, '.')}@example.com`,
		role,
		order,
		status: 'pending',
		hasAccessCode: false,
		verification: 'none',
		locale: null,
		redirectUrl: null,
		viewedAt: null,
		linkVersion: 0,
		failedAccessAttempts: 0,
		lockedAt: null,
		signedAt: null,
		refusedAt: null,
		refusalReason: null,
		createdAt: AT,
		updatedAt: AT,
	};
}

export function aField(file: WorkflowFile, signer: Signer): SignatureField {
	return {
		id: randomUUID(),
		workflowId: file.workflowId,
		fileId: file.id,
		signerId: signer.id,
		page: 1,
		x: 50,
		y: 50,
		width: 180,
		height: 50,
		kind: 'signature',
		required: true,
		signedAt: null,
		valueType: null,
		valueText: null,
		valueImageSha256: null,
		createdAt: AT,
	};
}

/**
 * A draft with one file and the given signers; every signer of role `signer`
 * gets a signature field. `status` sets the workflow status directly.
 */
export function anAggregate(
	signers: Array<{ name: string; role?: SignerRole; order?: number }>,
	options: { status?: WorkflowStatus; expiresAt?: string | null } = {},
): WorkflowAggregate {
	const workflow = aWorkflow({ status: options.status ?? 'draft', expiresAt: options.expiresAt ?? null });
	const file = aFile(workflow.id);
	const people = signers.map((signer) => aSigner(workflow.id, signer.name, signer.role, signer.order));
	return {
		workflow,
		files: [file],
		signers: people,
		signatures: people.filter((signer) => signer.role === 'signer').map((signer) => aField(file, signer)),
		annotations: [],
	};
}
