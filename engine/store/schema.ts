import type { Generated } from 'kysely';

/*
 * Table shapes as the TypeScript side sees them. Column names are snake_case
 * in the database; Kysely's CamelCasePlugin maps them. Timestamps are ISO 8601
 * UTC strings, JSON is text and booleans are 0/1, so SQLite and PostgreSQL
 * share one code path.
 */

export interface OrganizationsTable {
	id: string;
	name: string;
	adminEmail: string | null;
	createdAt: string;
	/** Null: the default, x-organization-id. */
	webhookOrganizationHeader: string | null;
	/** JSON, as the organization gave it. */
	defaultReminderPolicy: string | null;
	/** Null: finished workflows are kept forever. */
	retentionDays: number | null;
	retentionScope: string | null;
	/** Migration 019: days an untouched draft is kept; null keeps drafts forever. */
	retentionDraftDays: number | null;
	/** Migration 020: a language tag, or null (English). */
	defaultLocale: string | null;
	/** Migration 028: JSON array of origins that may frame the signing page; null: none. */
	embedOrigins: string | null;
}

export interface ApiKeysTable {
	id: string;
	organizationId: string;
	name: string;
	mode: string;
	prefix: string;
	keyHash: string;
	createdAt: string;
	revokedAt: string | null;
	/** Written a minute at a time from memory (app/apiKeyUsage.ts): up to that much behind. */
	lastUsedAt: string | null;
}

export interface BrandingTable {
	interfaceId: string;
	organizationId: string;
	primaryColor: string | null;
	iconAssetId: string | null;
	logoAssetId: string | null;
	createdAt: string;
	updatedAt: string;
}

/** Images (branding, image annotations) kept content-addressed in the blob store. */
export interface AssetsTable {
	id: string;
	organizationId: string;
	sha256: string;
	mimeType: string;
	size: number;
	createdAt: string;
}

export interface WorkflowsTable {
	id: string;
	organizationId: string;
	name: string;
	/** The name folded for search (nameSearch.ts); written with every insert and update. */
	nameSearch: string;
	message: string | null;
	status: string;
	timeZone: string;
	expiresAt: string | null;
	requestFrom: string | null;
	metadata: string;
	reminderPolicy: string | null;
	cancelReason: string | null;
	/** 1 when signers may delegate (015). */
	allowDelegation: number;
	/** Migration 020. */
	locale: string | null;
	/** Migration 028. */
	redirectUrl: string | null;
	createdAt: string;
	updatedAt: string;
	sentAt: string | null;
	endedAt: string | null;
	/** 1 for a test key's workflow (migration 017). */
	test: number;
	purgedAt: string | null;
	purgeScope: string | null;
}

export interface FilesTable {
	id: string;
	organizationId: string;
	workflowId: string;
	name: string;
	sha256: string;
	size: number;
	pageCount: number;
	pages: string;
	signedSha256: string | null;
	signedSize: number | null;
	createdAt: string;
	stampedSha256: string | null;
}

export interface SignersTable {
	id: string;
	organizationId: string;
	workflowId: string;
	name: string;
	email: string;
	role: string;
	signOrder: number;
	status: string;
	accessCodeHash: string | null;
	signedAt: string | null;
	refusedAt: string | null;
	refusalReason: string | null;
	createdAt: string;
	updatedAt: string;
	linkVersion: Generated<number>;
	tokenHash: string | null;
	failedAccessAttempts: Generated<number>;
	lockedAt: string | null;
	viewedAt: string | null;
	/** 'none' or 'email_otp' (migration 018). */
	verification: Generated<string>;
	/** Migration 020. */
	locale: string | null;
	/** Migration 028. */
	redirectUrl: string | null;
}

/** The email code a signer was last sent, one per signer (migration 018); never the code itself. */
export interface VerificationCodesTable {
	signerId: string;
	organizationId: string;
	/** HMAC of the code under a key derived from the master key, bound to the signer and link version. */
	codeHash: string;
	expiresAt: string;
	sentAt: string;
	/** Codes sent since `windowStartedAt`: the resend limit. */
	sendsInWindow: number;
	windowStartedAt: string;
}

export interface SignaturesTable {
	id: string;
	organizationId: string;
	workflowId: string;
	fileId: string;
	signerId: string;
	page: number;
	x: number;
	y: number;
	width: number;
	height: number;
	kind: string;
	required: number;
	signedAt: string | null;
	createdAt: string;
	valueType: string | null;
	valueText: string | null;
	valueImageSha256: string | null;
}

export interface AnnotationsTable {
	id: string;
	organizationId: string;
	workflowId: string;
	fileId: string;
	signerId: string | null;
	page: number;
	x: number;
	y: number;
	width: number;
	height: number;
	type: string;
	value: string | null;
	imageAssetId: string | null;
	label: string | null;
	required: number;
	fontSize: number;
	filledAt: string | null;
	createdAt: string;
}

export interface EventsTable {
	/** Global order of all events, the cursor of GET /events. */
	seq: Generated<number>;
	id: string;
	organizationId: string;
	workflowId: string | null;
	sequence: number;
	type: string;
	actorType: string;
	actorId: string | null;
	ip: string | null;
	userAgent: string | null;
	createdAt: string;
	data: string;
	prevHash: string | null;
	hash: string;
	/** When a purge blanked its personal data (its hash then no longer covers its content). */
	redactedAt: string | null;
}

/** The email outbox: written with the state change, sent (and retried) afterwards. */
export interface EmailsTable {
	id: string;
	organizationId: string;
	workflowId: string | null;
	signerId: string | null;
	/** For emails not to a signer (alerts to the organization's admin). */
	recipient: string | null;
	/** JSON facts an email needs beyond its workflow and signer. */
	data: string | null;
	kind: string;
	status: string;
	attempts: number;
	nextAttemptAt: string;
	lastError: string | null;
	createdAt: string;
	sentAt: string | null;
	/** Claimed by a mail dispatcher (`claimedBy`, a token it drew at start) until then. */
	claimedUntil: string | null;
	claimedBy: string | null;
}

export interface FinalizationsTable {
	workflowId: string;
	organizationId: string;
	status: string;
	attempts: number;
	nextAttemptAt: string;
	lastError: string | null;
	createdAt: string;
	finishedAt: string | null;
	/** While a worker has the job: until when (a lease; see claimDue). */
	claimedUntil: string | null;
	/** The token of the claim that holds the lease. */
	claimedBy: string | null;
}

export interface WebhooksTable {
	id: string;
	organizationId: string;
	name: string;
	url: string;
	events: string;
	requestFrom: string | null;
	authType: string;
	authUsername: string | null;
	/** The HMAC secret or basic-auth password, encrypted with the master key. */
	secretSealed: string | null;
	/** Custom headers (JSON), encrypted: they often carry tokens. */
	headersSealed: string;
	retryIntervals: string;
	timeout: string;
	includeWorkflowSummary: number;
	enabled: number;
	disabledReason: string | null;
	disabledAt: string | null;
	/** 'engine' (it kept failing: events are held for it) or 'user' (switched off: none are kept). */
	disabledBy: string | null;
	consecutiveDead: number;
	failingSince: string | null;
	lastSuccessAt: string | null;
	createdAt: string;
	updatedAt: string;
	deletedAt: string | null;
}

export interface DeliveriesTable {
	/** Also the webhook-id header: the same on every attempt. */
	id: string;
	organizationId: string;
	webhookId: string;
	eventId: string;
	eventType: string;
	/** The JSON body without the per-attempt fields (retryCount). */
	payload: string;
	status: string;
	/** Attempts in the current retry schedule (a replay starts a new one). */
	attempts: number;
	totalAttempts: number;
	nextAttemptAt: string;
	claimedUntil: string | null;
	/** The dispatcher that holds the claim (a token it drew at start). */
	claimedBy: string | null;
	lastStatusCode: number | null;
	lastError: string | null;
	createdAt: string;
	deliveredAt: string | null;
}

export interface DeliveryAttemptsTable {
	id: string;
	deliveryId: string;
	organizationId: string;
	attemptedAt: string;
	statusCode: number | null;
	durationMs: number;
	error: string | null;
	responseBody: string | null;
}

/**
 * Each organization's self-signed seal: one per certificate name, so a renamed organization gets a
 * new one and the old one stays. Every engine process on the database seals with the same one.
 */
export interface SealIdentitiesTable {
	organizationId: string;
	/** The certificate's common name. */
	subject: string;
	/** DER, base64. */
	certificate: string;
	/** The issuers' certificates (DER, base64) as a JSON array; empty for a self-signed one. */
	chain: string;
	/** The PKCS#8 private key, sealed with a key derived from the master key (security/secretBox.ts). */
	privateKeySealed: string;
	/** `generated`, or `data-folder` when moved in from the seals/ folder of an earlier version. */
	origin: string;
	createdAt: string;
}

/** Engine-wide settings, one row each, written once (the master key's check value). */
export interface EngineSettingsTable {
	name: string;
	value: string;
	createdAt: string;
}

/** A signer's next automatic reminder (domain/reminders.ts); a row only while one may still be due. */
export interface ReminderSchedulesTable {
	signerId: string;
	organizationId: string;
	workflowId: string;
	nextDueAt: string;
	sent: number;
}

/** A signer's values saved to finish later (015), as JSON. */
export interface SignerDraftsTable {
	signerId: string;
	organizationId: string;
	workflowId: string;
	draftValues: string;
	savedAt: string;
}

/** Migration 021: an Idempotency-Key's claim and, once done, its answer (app/idempotency.ts). */
export interface IdempotencyKeysTable {
	organizationId: string;
	mode: string;
	key: string;
	requestHash: string;
	/** The request working on the key: only its owner may commit work or an answer under it. */
	owner: string;
	/** in_progress, committed (its work committed, its answer not yet kept) or done. */
	state: string;
	status: number | null;
	/** The answer's body, sealed (it may hold a new API key or webhook secret). */
	answer: string | null;
	createdAt: string;
	claimedAt: string;
}

/** Migration 022: a template, its roles and fields as JSON text. */
export interface TemplatesTable {
	id: string;
	organizationId: string;
	name: string;
	description: string | null;
	message: string | null;
	expiresIn: string | null;
	timeZone: string;
	reminderPolicy: string | null;
	requestFrom: string | null;
	metadata: string;
	allowDelegation: number;
	locale: string | null;
	test: number;
	roles: string;
	signatures: string;
	annotations: string;
	createdAt: string;
	updatedAt: string;
	/** Migration 025: the name folded for search (nameSearch.ts); written with every insert and update. */
	nameSearch: string;
}

/** Migration 022: a template's PDFs, naming blobs as workflow files do. */
export interface TemplateFilesTable {
	id: string;
	organizationId: string;
	templateId: string;
	name: string;
	sha256: string;
	size: number;
	pageCount: number;
	pages: string;
	createdAt: string;
}

/** Migration 023: an accepted bulk send. */
export interface BulkSendsTable {
	id: string;
	organizationId: string;
	templateId: string;
	test: number;
	status: string;
	total: number;
	apiKeyId: string | null;
	ip: string | null;
	userAgent: string | null;
	createdAt: string;
	completedAt: string | null;
}

/** Migration 023: one item of a bulk send, its input while pending and its outcome. */
export interface BulkSendRowsTable {
	organizationId: string;
	bulkSendId: string;
	rowIndex: number;
	status: string;
	input: string | null;
	workflowId: string | null;
	/** JSON: { code, message, details }. */
	error: string | null;
	attempts: number;
	claimedBy: string | null;
	claimedUntil: string | null;
	createdAt: string;
	finishedAt: string | null;
}

/** Migration 029: a one-time console login link, by its token's hash, until used or expired. */
export interface ConsoleLoginLinksTable {
	tokenHash: string;
	organizationId: string;
	mode: string;
	createdAt: string;
	expiresAt: string;
}

/** Migration 029: a console session, by its cookie token's hash. */
export interface ConsoleSessionsTable {
	tokenHash: string;
	id: string;
	organizationId: string;
	/** The API key signed in with; null for a login link's session. */
	apiKeyId: string | null;
	mode: string;
	createdAt: string;
	/** The latest end: 7 days after sign-in. */
	expiresAt: string;
	lastSeenAt: string;
}

export interface Database {
	organizations: OrganizationsTable;
	apiKeys: ApiKeysTable;
	// Branding; the table keeps the API's (SIGN8's) name.
	interfaces: BrandingTable;
	assets: AssetsTable;
	workflows: WorkflowsTable;
	files: FilesTable;
	signers: SignersTable;
	signatures: SignaturesTable;
	annotations: AnnotationsTable;
	events: EventsTable;
	emails: EmailsTable;
	verificationCodes: VerificationCodesTable;
	finalizations: FinalizationsTable;
	webhooks: WebhooksTable;
	deliveries: DeliveriesTable;
	deliveryAttempts: DeliveryAttemptsTable;
	sealIdentities: SealIdentitiesTable;
	engineSettings: EngineSettingsTable;
	reminderSchedules: ReminderSchedulesTable;
	signerDrafts: SignerDraftsTable;
	idempotencyKeys: IdempotencyKeysTable;
	templates: TemplatesTable;
	templateFiles: TemplateFilesTable;
	bulkSends: BulkSendsTable;
	bulkSendRows: BulkSendRowsTable;
	consoleLoginLinks: ConsoleLoginLinksTable;
	consoleSessions: ConsoleSessionsTable;
}
