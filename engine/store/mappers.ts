import type { Insertable, Selectable } from 'kysely';
import type {
	Annotation,
	AnnotationType,
	AnnotationValue,
	AuditEvent,
	EventType,
	SignatureField,
	SignatureKind,
	SignatureValueType,
	Signer,
	SignerRole,
	SignerStatus,
	Workflow,
	WorkflowFile,
	WorkflowStatus,
	WebhookConfig,
} from '../domain';
import type { StoredSigner } from './port';
import type { Delivery, FinalizationJob, OutboxEmail } from '../domain';
import type {
	AnnotationsTable,
	DeliveriesTable,
	WebhooksTable,
	EmailsTable,
	FinalizationsTable,
	EventsTable,
	FilesTable,
	SignaturesTable,
	SignersTable,
	WorkflowsTable,
} from './schema';
import { foldForSearch } from './nameSearch';

/* Rows <-> domain objects. JSON columns are text, booleans 0/1. */

export function workflowFromRow(row: Selectable<WorkflowsTable>): Workflow {
	return {
		id: row.id,
		organizationId: row.organizationId,
		name: row.name,
		message: row.message,
		status: row.status as WorkflowStatus,
		timeZone: row.timeZone,
		expiresAt: row.expiresAt,
		requestFrom: row.requestFrom,
		metadata: JSON.parse(row.metadata),
		reminderPolicy: row.reminderPolicy ? JSON.parse(row.reminderPolicy) : null,
		cancelReason: row.cancelReason,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
		sentAt: row.sentAt,
		endedAt: row.endedAt,
	};
}

export function workflowToRow(workflow: Workflow): WorkflowsTable {
	return {
		...workflow,
		nameSearch: foldForSearch(workflow.name),
		metadata: JSON.stringify(workflow.metadata),
		reminderPolicy: workflow.reminderPolicy ? JSON.stringify(workflow.reminderPolicy) : null,
	};
}

export function fileFromRow(row: Selectable<FilesTable>): WorkflowFile {
	return {
		id: row.id,
		workflowId: row.workflowId,
		name: row.name,
		sha256: row.sha256,
		size: Number(row.size),
		pageCount: Number(row.pageCount),
		pages: JSON.parse(row.pages),
		signedSha256: row.signedSha256,
		signedSize: row.signedSize === null ? null : Number(row.signedSize),
		createdAt: row.createdAt,
	};
}

export function fileToRow(organizationId: string, file: WorkflowFile): FilesTable {
	return { ...file, organizationId, pages: JSON.stringify(file.pages), stampedSha256: null };
}

export function signerFromRow(row: Selectable<SignersTable>): Signer {
	return {
		id: row.id,
		workflowId: row.workflowId,
		name: row.name,
		email: row.email,
		role: row.role as SignerRole,
		order: Number(row.signOrder),
		status: row.status as SignerStatus,
		hasAccessCode: row.accessCodeHash !== null,
		signedAt: row.signedAt,
		refusedAt: row.refusedAt,
		refusalReason: row.refusalReason,
		viewedAt: row.viewedAt,
		lockedAt: row.lockedAt,
		linkVersion: Number(row.linkVersion),
		failedAccessAttempts: Number(row.failedAccessAttempts),
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
	};
}

export function signerToRow(organizationId: string, signer: StoredSigner): Insertable<SignersTable> {
	const { order, hasAccessCode: _derived, ...rest } = signer;
	return { ...rest, organizationId, signOrder: order, tokenHash: null };
}

export function signatureFromRow(row: Selectable<SignaturesTable>): SignatureField {
	return {
		id: row.id,
		workflowId: row.workflowId,
		fileId: row.fileId,
		signerId: row.signerId,
		page: Number(row.page),
		x: Number(row.x),
		y: Number(row.y),
		width: Number(row.width),
		height: Number(row.height),
		kind: row.kind as SignatureKind,
		required: Boolean(row.required),
		signedAt: row.signedAt,
		valueType: row.valueType as SignatureValueType | null,
		valueText: row.valueText,
		valueImageSha256: row.valueImageSha256,
		createdAt: row.createdAt,
	};
}

export function signatureToRow(organizationId: string, field: SignatureField): SignaturesTable {
	return { ...field, organizationId, required: field.required ? 1 : 0 };
}

export function annotationFromRow(row: Selectable<AnnotationsTable>): Annotation {
	return {
		id: row.id,
		workflowId: row.workflowId,
		fileId: row.fileId,
		signerId: row.signerId,
		page: Number(row.page),
		x: Number(row.x),
		y: Number(row.y),
		width: Number(row.width),
		height: Number(row.height),
		type: row.type as AnnotationType,
		value: row.value === null ? null : (JSON.parse(row.value) as AnnotationValue),
		imageFileId: row.imageAssetId,
		label: row.label,
		required: Boolean(row.required),
		fontSize: Number(row.fontSize),
		filledAt: row.filledAt,
		createdAt: row.createdAt,
	};
}

export function annotationToRow(organizationId: string, annotation: Annotation): AnnotationsTable {
	const { imageFileId, ...rest } = annotation;
	return {
		...rest,
		organizationId,
		imageAssetId: imageFileId,
		value: annotation.value === null ? null : JSON.stringify(annotation.value),
		required: annotation.required ? 1 : 0,
	};
}

export function emailFromRow(row: Selectable<EmailsTable>): OutboxEmail {
	return {
		...row,
		data: row.data === null ? null : JSON.parse(row.data),
		kind: row.kind as OutboxEmail['kind'],
		status: row.status as OutboxEmail['status'],
		attempts: Number(row.attempts),
	};
}

export function finalizationFromRow(row: Selectable<FinalizationsTable>): FinalizationJob {
	return { ...row, status: row.status as FinalizationJob['status'], attempts: Number(row.attempts) };
}

export function eventFromRow(row: Selectable<EventsTable>): AuditEvent {
	return {
		id: row.id,
		organizationId: row.organizationId,
		workflowId: row.workflowId,
		sequence: Number(row.sequence),
		type: row.type as EventType,
		actor: { type: row.actorType as AuditEvent['actor']['type'], id: row.actorId },
		ip: row.ip,
		userAgent: row.userAgent,
		createdAt: row.createdAt,
		data: JSON.parse(row.data),
		prevHash: row.prevHash,
		hash: row.hash,
	};
}

export function webhookFromRow(row: Selectable<WebhooksTable>): WebhookConfig {
	return {
		id: row.id,
		organizationId: row.organizationId,
		name: row.name,
		url: row.url,
		events: JSON.parse(row.events),
		requestFrom: row.requestFrom,
		authType: row.authType as WebhookConfig['authType'],
		authUsername: row.authUsername,
		secretSealed: row.secretSealed,
		headersSealed: row.headersSealed,
		retryIntervals: JSON.parse(row.retryIntervals),
		timeout: row.timeout,
		includeWorkflowSummary: Boolean(row.includeWorkflowSummary),
		enabled: Boolean(row.enabled),
		disabledReason: row.disabledReason,
		disabledAt: row.disabledAt,
		disabledBy: row.disabledBy as WebhookConfig['disabledBy'],
		consecutiveDead: Number(row.consecutiveDead),
		failingSince: row.failingSince,
		lastSuccessAt: row.lastSuccessAt,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
	};
}

export function webhookToRow(config: WebhookConfig): WebhooksTable {
	return {
		...config,
		events: JSON.stringify(config.events),
		retryIntervals: JSON.stringify(config.retryIntervals),
		includeWorkflowSummary: config.includeWorkflowSummary ? 1 : 0,
		enabled: config.enabled ? 1 : 0,
		deletedAt: null,
	};
}

export function deliveryFromRow(row: Selectable<DeliveriesTable>): Delivery {
	return {
		...row,
		payload: JSON.parse(row.payload),
		status: row.status as Delivery['status'],
		attempts: Number(row.attempts),
		totalAttempts: Number(row.totalAttempts),
		lastStatusCode: row.lastStatusCode === null ? null : Number(row.lastStatusCode),
	};
}

export function deliveryToRow(delivery: Delivery): DeliveriesTable {
	return { ...delivery, payload: JSON.stringify(delivery.payload) };
}
