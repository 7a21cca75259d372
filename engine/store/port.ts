import type {
	Annotation,
	BulkSendCounts,
	BulkSendJob,
	BulkSendRow,
	ListBulkSendRowsQuery,
	ListBulkSendsQuery,
	RowError,
	ApiKeyInfo,
	ApiKeyMode,
	AuditEvent,
	Delivery,
	DeliveryAttempt,
	DeliveryStatus,
	DeliveryStatsRows,
	FinalizationJob,
	OutboxEmail,
	EventContext,
	ListWorkflowsQuery,
	Organization,
	OutboxClaim,
	PendingEvent,
	PurgeScope,
	ReminderSchedule,
	SignerDraft,
	SignatureField,
	Signer,
	ListTemplatesQuery,
	Template,
	TemplateFile,
	Transition,
	Workflow,
	WorkflowAggregate,
	WorkflowFile,
	WorkflowScope,
	WorkflowStatus,
	WebhookConfig,
} from '../domain';
import type { Dialect } from './dialect';

/*
 * The persistence port. The service depends on these interfaces only; the
 * Kysely adapter implements them for SQLite and PostgreSQL alike.
 * Every read and write that concerns an organization's data takes its id.
 */

/** An organization as inserted: settings left out take their defaults. */
export type NewOrganization = Pick<Organization, 'id' | 'name' | 'adminEmail' | 'createdAt'> & Partial<Organization>;

export interface StoredApiKey extends ApiKeyInfo {
	keyHash: string;
}

export interface IdempotencyKeyId {
	organizationId: string;
	mode: string;
	key: string;
}

/**
 * committed: the request's work committed, its answer is not kept yet; done: the answer is kept.
 * in_progress: a claim taken before the work, as earlier builds of the engine did (app/idempotency.ts).
 */
export type IdempotencyState = 'in_progress' | 'committed' | 'done';

export interface StoredIdempotencyKey extends IdempotencyKeyId {
	requestHash: string;
	owner: string;
	state: IdempotencyState;
	status: number | null;
	/** Sealed. */
	answer: string | null;
	createdAt: string;
	claimedAt: string;
}

/** A signer's pending email code, as stored. */
export interface StoredVerificationCode {
	signerId: string;
	codeHash: string;
	expiresAt: string;
	sentAt: string;
	sendsInWindow: number;
	windowStartedAt: string;
}

export interface StoredSigner extends Signer {
	accessCodeHash: string | null;
}

export interface StoredAsset {
	id: string;
	organizationId: string;
	sha256: string;
	mimeType: string;
	size: number;
	createdAt: string;
}

export interface StoredBranding {
	interfaceId: string;
	organizationId: string;
	primaryColor: string | null;
	iconAssetId: string | null;
	logoAssetId: string | null;
	createdAt: string;
	updatedAt: string;
}

/** An organization's seal as the database keeps it: the certificates in clear, the private key sealed. */
export interface StoredSealIdentity {
	organizationId: string;
	/** The certificate's common name: one identity per organization and name. */
	subject: string;
	/** DER. */
	certificate: Buffer;
	chain: Buffer[];
	/** The PKCS#8 private key, sealed with a key derived from the master key. */
	privateKeySealed: string;
	origin: 'generated' | 'data-folder';
	createdAt: string;
}

/** A one-time console login link (migration 029): only its token's hash is kept. */
export interface StoredConsoleLoginLink {
	tokenHash: string;
	organizationId: string;
	mode: ApiKeyMode;
	createdAt: string;
	expiresAt: string;
}

/** A console session (migration 029): only its cookie token's hash is kept. */
export interface StoredConsoleSession {
	tokenHash: string;
	id: string;
	organizationId: string;
	apiKeyId: string | null;
	mode: ApiKeyMode;
	createdAt: string;
	expiresAt: string;
	lastSeenAt: string;
}

export interface WorkflowPage {
	items: Workflow[];
	nextCursor: string | null;
}

export interface Repository {
	organizations: {
		insert(organization: NewOrganization): Promise<void>;
		get(id: string): Promise<Organization | null>;
		/** Name, admin email and settings. */
		update(organization: Organization): Promise<void>;
	};
	apiKeys: {
		insert(key: StoredApiKey): Promise<void>;
		findActiveByHash(keyHash: string): Promise<StoredApiKey | null>;
		/** Revokes an active key of the organization; false when there is none (unknown, another organization's, already revoked). */
		revoke(organizationId: string, id: string, at: string): Promise<boolean>;
		/** The organization's keys, oldest first, revoked ones included (with when), never their hashes. */
		list(organizationId: string): Promise<Array<Omit<StoredApiKey, 'keyHash'> & { revokedAt: string | null; lastUsedAt: string | null }>>;
		/** Moves each key's last use forward to `at` (never back: another process may have written a later one). */
		recordUse(uses: ReadonlyArray<{ id: string; at: string }>): Promise<void>;
	};
	assets: {
		insert(asset: StoredAsset): Promise<void>;
		get(organizationId: string, id: string): Promise<StoredAsset | null>;
	};
	branding: {
		get(organizationId: string): Promise<StoredBranding | null>;
		upsert(row: StoredBranding): Promise<void>;
	};
	sealIdentities: {
		get(organizationId: string, subject: string): Promise<StoredSealIdentity | null>;
		/**
		 * Stores it unless the organization has one of that subject already (another process's, made
		 * at the same time): false then, and the caller reads back the one that is kept.
		 */
		insertIfAbsent(identity: StoredSealIdentity): Promise<boolean>;
	};
	/** Engine-wide settings, each written once. */
	engineSettings: {
		get(name: string): Promise<string | null>;
		/** False when the setting has a value already (which stays). */
		insertIfAbsent(name: string, value: string, at: string): Promise<boolean>;
	};
	/** Each signer's next automatic reminder, while one may be due (domain/reminders.ts). */
	reminderSchedules: {
		/** Starts a signer's schedule, or starts it over. */
		start(schedule: ReminderSchedule): Promise<void>;
		/** Moves the next reminder of a signer who has a schedule (after a reminder by hand). */
		postpone(organizationId: string, signerId: string, nextDueAt: string): Promise<void>;
		stop(organizationId: string, signerId: string): Promise<void>;
		stopWorkflow(organizationId: string, workflowId: string): Promise<void>;
		/** Engine-wide: up to `limit` schedules due by `now`, earliest first. */
		due(now: string, limit: number): Promise<ReminderSchedule[]>;
		get(organizationId: string, signerId: string): Promise<ReminderSchedule | null>;
		/**
		 * Moves a schedule on from exactly `from` (its due time and count) to `next`, or ends it when
		 * next.nextDueAt is null. False when it was no longer at `from`: another process sent that reminder.
		 */
		advance(from: ReminderSchedule, next: { nextDueAt: string | null; sent: number }): Promise<boolean>;
	};
	workflows: {
		insert(workflow: Workflow): Promise<void>;
		/** The workflow if `scope` sees it (its organization's, of its mode when it has one). */
		get(scope: WorkflowScope, id: string, options?: { forUpdate?: boolean }): Promise<Workflow | null>;
		/** Writes the workflow; only the fields that differ from `previous` (as this transaction read it) when given. */
		update(workflow: Workflow, previous?: Workflow): Promise<void>;
		list(scope: WorkflowScope, query: ListWorkflowsQuery): Promise<WorkflowPage>;
		dueForExpiry(now: string, limit: number): Promise<Array<{ organizationId: string; id: string }>>;
		countByStatus(organizationId: string, status: WorkflowStatus): Promise<number>;
	};
	files: {
		insert(organizationId: string, file: WorkflowFile): Promise<void>;
		listByWorkflow(organizationId: string, workflowId: string): Promise<WorkflowFile[]>;
		/** Records a file's sealed version and the hash of its stamped content. */
		setSigned(organizationId: string, fileId: string, signed: { signedSha256: string; signedSize: number; stampedSha256: string }): Promise<void>;
		/** Files whose sealed version has this SHA-256; within one organization, or engine-wide when it is null. */
		findBySignedSha256(sha256: string, organizationId: string | null): Promise<Array<{ organizationId: string; file: WorkflowFile; stampedSha256: string | null }>>;
		/** Removes a draft's file with the signature fields and annotations on it. */
		remove(organizationId: string, fileId: string): Promise<void>;
	};
	signers: {
		insert(organizationId: string, signer: StoredSigner): Promise<void>;
		/** Writes every changeable field of the signer; only those that differ from `previous` (as this transaction read it) when given. */
		update(organizationId: string, signer: Signer, previous?: Signer): Promise<void>;
		/** Removes a draft's signer with their signature fields and annotations. */
		remove(organizationId: string, signerId: string): Promise<void>;
		setTokenHash(organizationId: string, signerId: string, tokenHash: string): Promise<void>;
		/**
		 * Counts one access-code attempt, atomically, unless the signer is locked or has used `max`:
		 * the new count, or null. However many guesses arrive at once, at most `max` get a count.
		 */
		takeAccessAttempt(organizationId: string, signerId: string, max: number): Promise<number | null>;
		setAccessCodeHash(organizationId: string, signerId: string, accessCodeHash: string | null): Promise<void>;
		/** Gives back an attempt taken by a code that was right. */
		returnAccessAttempt(organizationId: string, signerId: string): Promise<void>;
		listByWorkflow(organizationId: string, workflowId: string): Promise<Signer[]>;
		/** The signer a signing link's token hash belongs to, across organizations: the token is the authority. */
		findByTokenHash(tokenHash: string): Promise<{ organizationId: string; signer: Signer; accessCodeHash: string | null } | null>;
	};
	/** The email code a signer was last sent (verification "email_otp"): its keyed hash, never the code. */
	verificationCodes: {
		get(organizationId: string, signerId: string): Promise<StoredVerificationCode | null>;
		/** Replaces the signer's code (one at a time). */
		put(organizationId: string, code: StoredVerificationCode): Promise<void>;
		remove(organizationId: string, signerId: string): Promise<void>;
	};
	/** Values signers saved to finish later, one draft a signer. */
	signerDrafts: {
		get(organizationId: string, signerId: string): Promise<SignerDraft | null>;
		/** The draft of the signer a signing link's token hash belongs to (read with the link: one round trip on PostgreSQL). */
		getByTokenHash(tokenHash: string): Promise<SignerDraft | null>;
		/** Replaces the signer's draft. */
		put(organizationId: string, draft: SignerDraft): Promise<void>;
		delete(organizationId: string, signerId: string): Promise<void>;
	};
	/** The console's login links and sessions (app/consoleSessions.ts). */
	consoleSessions: {
		insertLink(link: StoredConsoleLoginLink): Promise<void>;
		/** Removes the link and answers it, if it was there and not expired at `now`: of requests racing with one token, one gets it. */
		takeLink(tokenHash: string, now: string): Promise<StoredConsoleLoginLink | null>;
		insert(session: StoredConsoleSession): Promise<void>;
		/** The session, if its API key (when it has one) is still active; expiry is the caller's to check. */
		find(tokenHash: string): Promise<StoredConsoleSession | null>;
		touch(tokenHash: string, at: string): Promise<void>;
		delete(tokenHash: string): Promise<boolean>;
		/** Removes links expired by `now` and sessions that cannot be used any more; how many. */
		deleteExpired(now: string, idleSince: string): Promise<number>;
		/** Organizations with exactly this name (the CLI's --org by name). */
		organizationsNamed(name: string): Promise<Array<{ id: string; name: string }>>;
	};
	/** Idempotency-Key claims and answers, by (organization, API key mode, key); app/idempotency.ts. */
	idempotencyKeys: {
		/** Inserts the key's row unless the key is taken: false then, and the caller reads the row. */
		insert(row: StoredIdempotencyKey): Promise<boolean>;
		/**
		 * Inserts the key's row without waiting for an answer (on PostgreSQL it goes with the
		 * transaction's next statement or its commit): a key already taken fails the transaction
		 * with an error violatesUnique(error, 'idempotency key') recognises.
		 */
		claim(row: StoredIdempotencyKey): Promise<void>;
		get(id: IdempotencyKeyId): Promise<StoredIdempotencyKey | null>;
		/** Keeps the answer (state done) while `owner` holds the key. */
		complete(id: IdempotencyKeyId, owner: string, status: number, answer: string): Promise<boolean>;
		/**
		 * Replaces the answer kept with the work by the one the request really got (state done), or,
		 * with null, takes it back (state committed): `owner`'s key, whatever its state.
		 */
		replaceAnswer(id: IdempotencyKeyId, owner: string, answer: { status: number; answer: string } | null): Promise<void>;
		/** Removes an in_progress claim `owner` holds: an earlier build's, whose request died. */
		release(id: IdempotencyKeyId, owner: string): Promise<void>;
		/** Removes keys created before `at`; how many. */
		deleteCreatedBefore(at: string): Promise<number>;
	};
	signatures: {
		insert(organizationId: string, field: SignatureField): Promise<void>;
		/** Stores the captured value of a field. */
		capture(organizationId: string, field: SignatureField): Promise<void>;
		/** Writes a draft's field's file, signer, box, kind and required. */
		update(organizationId: string, field: SignatureField): Promise<void>;
		remove(organizationId: string, signatureId: string): Promise<void>;
		listByWorkflow(organizationId: string, workflowId: string): Promise<SignatureField[]>;
	};
	annotations: {
		insert(organizationId: string, annotation: Annotation): Promise<void>;
		/** Stores what a signer filled in. */
		fill(organizationId: string, annotation: Annotation): Promise<void>;
		/** Writes a draft's annotation's file, signer, box, value, label, required and font size. */
		update(organizationId: string, annotation: Annotation): Promise<void>;
		remove(organizationId: string, annotationId: string): Promise<void>;
		listByWorkflow(organizationId: string, workflowId: string): Promise<Annotation[]>;
	};
	finalizations: {
		/** Writes a new job: claimed by `claim` (a finalizer it is handed to after the commit), or unclaimed. */
		enqueue(job: FinalizationJob, claim?: OutboxClaim | null): Promise<void>;
		/**
		 * Engine-wide: leases up to `limit` pending jobs that are due and not claimed (or whose
		 * claim ran out) to `claimant` until `leaseUntil`; on PostgreSQL, rows another transaction
		 * is claiming are skipped, so concurrent claimers never take the same job.
		 */
		claimDue(now: string, leaseUntil: string, limit: number, claimant: string): Promise<FinalizationJob[]>;
		/** Extends the lease of a job `claimant` still holds; false when the claim was lost (taken over or ended). */
		renewClaim(organizationId: string, workflowId: string, claimant: string, leaseUntil: string): Promise<boolean>;
		/**
		 * The job if it is pending and `claimant` still holds it; on PostgreSQL its row stays locked
		 * until the transaction ends, so no other process can claim it meanwhile.
		 */
		claimedBy(organizationId: string, workflowId: string, claimant: string): Promise<FinalizationJob | null>;
		/** Drops every claim (at start with SQLite, when no other process can hold one). */
		releaseClaims(): Promise<void>;
		get(organizationId: string, workflowId: string): Promise<FinalizationJob | null>;
		/**
		 * Stores the job's new state and ends its claim; with `claimant`, only while that claim
		 * holds. Returns whether it was stored.
		 */
		update(job: FinalizationJob, claimant?: string): Promise<boolean>;
		/**
		 * As update without a claimant, for a job whose row this transaction holds (claimedBy locks
		 * it): a write whose answer is not waited for (on PostgreSQL it goes with the commit).
		 */
		updateLocked(job: FinalizationJob): Promise<void>;
		/** Engine-wide: pending jobs due by `now` (claimed or not) and the earliest due time. */
		dueSummary(now: string): Promise<DueSummary>;
	};
	emails: {
		enqueue(email: OutboxEmail): Promise<void>;
		/**
		 * Engine-wide: leases up to `limit` pending emails that are due and not claimed (or whose
		 * claim ran out) to `claimant` until `leaseUntil`; on PostgreSQL, rows another transaction
		 * is claiming are skipped, so concurrent claimers never take the same email.
		 */
		claimDue(now: string, leaseUntil: string, limit: number, claimant: string): Promise<OutboxEmail[]>;
		/** Extends the lease of those of these emails `claimant` still holds (engine-wide: they are its own claims). */
		renewClaims(ids: string[], claimant: string, leaseUntil: string): Promise<void>;
		/** Drops every claim (at start with SQLite, when no other process can hold one). */
		releaseClaims(): Promise<void>;
		/**
		 * Stores the email's new state. With `claimant` (its sender), only while that claim holds,
		 * and the claim ends; returns whether it was stored.
		 */
		update(email: OutboxEmail, claimant?: string): Promise<boolean>;
		listByWorkflow(organizationId: string, workflowId: string): Promise<OutboxEmail[]>;
		/** Engine-wide: pending emails due by `now` and the earliest due time. */
		dueSummary(now: string): Promise<DueSummary>;
	};
	/** Retention and purges: who keeps what how long, and what a purge blanks. */
	purges: {
		/** Engine-wide: the organizations that set a retention. */
		organizationsWithRetention(): Promise<Array<{ organizationId: string; days: number; scope: PurgeScope }>>;
		/** Engine-wide: the organizations that discard drafts untouched for `draftDays`. */
		organizationsWithDraftRetention(): Promise<Array<{ organizationId: string; draftDays: number }>>;
		/** The organization's drafts (live and test) last changed at or before `updatedBefore`, oldest first. */
		staleDrafts(organizationId: string, updatedBefore: string, limit: number): Promise<string[]>;
		/** The organization's finished, unpurged workflows that ended by `endedBefore`, earliest first. */
		dueWorkflows(organizationId: string, endedBefore: string, limit: number): Promise<string[]>;
		/** Blanks the signers' names, emails and refusal reasons, the fields' values, saved drafts and what its signers' emails carry of a workflow (ids stay). */
		blankPersonalData(organizationId: string, workflowId: string): Promise<void>;
		/** Stores events as redactEvent made them (their hashes and links unchanged). */
		redactEvents(organizationId: string, events: AuditEvent[]): Promise<void>;
	};
	events: {
		append(organizationId: string, event: PendingEvent, context: EventContext, at: string): Promise<AuditEvent>;
		listByWorkflow(organizationId: string, workflowId: string): Promise<AuditEvent[]>;
		/** The organization's events after a position (`seq`), oldest first: those of no workflow, and those of workflows `scope` sees. */
		listByOrganization(scope: WorkflowScope, afterSeq: number, limit: number): Promise<Array<AuditEvent & { seq: number }>>;
	};
	webhooks: {
		insert(config: WebhookConfig): Promise<void>;
		update(config: WebhookConfig): Promise<void>;
		/** Writes only what deliveries tell of a configuration's health, so a change made meanwhile (a rotated secret) stays. */
		updateHealth(organizationId: string, id: string, health: Pick<WebhookConfig, 'consecutiveDead' | 'failingSince' | 'lastSuccessAt'>): Promise<void>;
		/** Turns a configuration off, saying why and who did. */
		disable(organizationId: string, id: string, change: Pick<WebhookConfig, 'disabledReason' | 'disabledAt' | 'disabledBy' | 'updatedAt'>): Promise<void>;
		get(organizationId: string, id: string): Promise<WebhookConfig | null>;
		list(organizationId: string): Promise<WebhookConfig[]>;
		remove(organizationId: string, id: string, at: string): Promise<void>;
	};
	deliveries: {
		insert(delivery: Delivery): Promise<void>;
		get(organizationId: string, id: string): Promise<Delivery | null>;
		update(delivery: Delivery): Promise<void>;
		/**
		 * Writes the state of many deliveries (engine-wide), as `update` does for one, in few
		 * statements; a finished (succeeded or dead) delivery's nextAttemptAt is left as stored.
		 * With `claimant`, only deliveries that claimant still holds are written (one taken over
		 * after its holder stalled past the lease keeps its new holder's state). Answers the ids written.
		 */
		updateMany(deliveries: Delivery[], claimant?: string): Promise<string[]>;
		/**
		 * Takes up to `limit` due deliveries of enabled configurations (pending and due, or
		 * claimed by a process whose lease ran out), at most `perWebhook(config)` for each
		 * configuration, and leases them to `claimant` until `leaseUntil`; on PostgreSQL, rows
		 * another transaction is claiming are skipped. Configurations in `skipWebhookIds`
		 * (those the caller has no room for) are not looked at. `complete` is false when the
		 * claim read a full batch (more may be due, of any configuration); `leftBehind` names the
		 * configurations that had due deliveries left for lack of room.
		 */
		claimDue(
			now: string,
			leaseUntil: string,
			claimant: string,
			limit: number,
			perWebhook: (webhook: WebhookConfig) => number,
			skipWebhookIds?: string[],
		): Promise<{ claimed: Array<{ delivery: Delivery; webhook: WebhookConfig }>; complete: boolean; leftBehind: string[] }>;
		/** Puts every claimed delivery back to pending (at start, when no other process can hold claims). */
		releaseClaims(): Promise<void>;
		/** Extends the lease of those of these deliveries `claimant` still holds (engine-wide: they are its own claims). */
		renewClaims(ids: string[], claimant: string, leaseUntil: string): Promise<void>;
		/** Puts those of these deliveries `claimant` still holds back to pending, due at once (a stopping process that will not send them). */
		release(ids: string[], claimant: string): Promise<void>;
		listByWebhook(organizationId: string, webhookId: string, query: { status?: DeliveryStatus; limit: number; before?: string }): Promise<Delivery[]>;
		/** Failed or dead deliveries of a configuration created since a time, for replay. */
		listFailedSince(organizationId: string, webhookId: string, since: string): Promise<Delivery[]>;
		addAttempt(attempt: DeliveryAttempt): Promise<void>;
		/** Logs many attempts in few statements. */
		addAttempts(attempts: DeliveryAttempt[]): Promise<void>;
		listAttempts(organizationId: string, deliveryId: string): Promise<DeliveryAttempt[]>;
		/**
		 * A configuration's attempts since a time in hourly buckets (counts by outcome, latency
		 * percentiles) and its waiting deliveries made since then; given a key's scope, only the
		 * deliveries of its mode's events (their payload's `test`).
		 */
		stats(scope: WorkflowScope, webhookId: string, since: string): Promise<DeliveryStatsRows>;
		/**
		 * Engine-wide: pending deliveries due by `now` for enabled configurations (those of a
		 * configuration disabled for failing wait for it, not for a sender) and the earliest due time.
		 */
		dueSummary(now: string): Promise<DueSummary>;
	};
	/** Templates and their files, of one organization and, given a key's scope, of its mode. */
	templates: {
		insert(template: Template): Promise<void>;
		/** `forUpdate` locks the template row until the transaction ends. */
		get(scope: WorkflowScope, id: string, options?: { forUpdate?: boolean }): Promise<Template | null>;
		/** Writes every changeable column of the template. */
		update(template: Template): Promise<void>;
		list(scope: WorkflowScope, query: ListTemplatesQuery): Promise<TemplatePage>;
		/** Deletes the template and its file rows. */
		remove(organizationId: string, id: string): Promise<void>;
		insertFile(organizationId: string, file: TemplateFile): Promise<void>;
		listFiles(organizationId: string, templateId: string): Promise<TemplateFile[]>;
		removeFile(organizationId: string, templateId: string, fileId: string): Promise<void>;
	};
	/** Bulk sends (app/bulkSends.ts): a job and its rows, read by organization, rows claimed engine-wide. */
	bulkSends: {
		/** The job and every row of it. */
		insert(job: BulkSendJob, rows: BulkSendRow[]): Promise<void>;
		/** The job if `scope` sees it (its organization's, of its mode when it has one). */
		get(scope: WorkflowScope, id: string): Promise<BulkSendJob | null>;
		list(scope: WorkflowScope, query: ListBulkSendsQuery): Promise<BulkSendPage>;
		/** Each job's rows by status (jobs of the organization). */
		counts(organizationId: string, ids: string[]): Promise<Map<string, BulkSendCounts>>;
		/** A job's rows in order, after the cursor (a row index). */
		listRows(organizationId: string, bulkSendId: string, query: ListBulkSendRowsQuery): Promise<{ items: BulkSendRow[]; nextCursor: string | null }>;
		/**
		 * Engine-wide: leases up to `limit` pending rows not claimed (or whose claim ran out) to
		 * `claimant` until `leaseUntil`, oldest job first, in row order; on PostgreSQL rows another
		 * transaction is claiming are skipped. Their jobs become running.
		 */
		claimRows(now: string, leaseUntil: string, limit: number, claimant: string): Promise<BulkSendRow[]>;
		/** Extends the lease of the pending rows `claimant` holds; how many. */
		renewClaims(claimant: string, leaseUntil: string): Promise<number>;
		/** Puts pending rows back unclaimed: those of `claimant` (a stopping process), or all (at start with SQLite). */
		releaseClaims(claimant?: string): Promise<void>;
		/**
		 * Writes a pending row's outcome (its workflow, or its error) and forgets its input; false when
		 * it was not pending any more (another process finished it): the caller's transaction rolls back.
		 */
		finishRow(row: Pick<BulkSendRow, 'organizationId' | 'bulkSendId' | 'index'>, outcome: { workflowId: string | null; error: RowError | null }, at: string): Promise<boolean>;
		/** Counts a failed attempt at a row `claimant` holds and keeps it until `until`, when it is tried again. */
		postpone(row: Pick<BulkSendRow, 'organizationId' | 'bulkSendId' | 'index'>, claimant: string, until: string): Promise<void>;
		/** Engine-wide: jobs not marked completed though none of their rows is pending (their last row's process stopped before it could mark them). */
		doneButOpen(limit: number): Promise<Array<{ organizationId: string; id: string }>>;
		/** Marks the job completed when no row is pending and it was not yet; whether this call did. */
		completeIfDone(organizationId: string, bulkSendId: string, at: string): Promise<boolean>;
	};
	/** Discarded drafts and deleted workflows go: their rows, and the blobs nothing names any more. */
	workflowRemoval: {
		/** Deletes every row of the workflow (files, signers, fields, audit trail, queued emails, finalization job). */
		remove(organizationId: string, workflowId: string): Promise<void>;
	};
	/**
	 * The signer a signing link's token hash belongs to, across organizations (the token is the
	 * authority), with its workflow's aggregate; `forUpdate` locks the workflow row as loadAggregate does.
	 */
	loadAggregateByTokenHash(
		tokenHash: string,
		options?: { forUpdate?: boolean },
	): Promise<{ organizationId: string; signerId: string; accessCodeHash: string | null; aggregate: WorkflowAggregate } | null>;
	/** A workflow with all its parts; `forUpdate` locks the workflow row until the transaction ends. */
	loadAggregate(scope: WorkflowScope, workflowId: string, options?: { forUpdate?: boolean }): Promise<WorkflowAggregate | null>;
	/** Engine-wide: which of these blobs a row still names (a file of an unpurged workflow or of a template, a drawn signature, an image). */
	blobsInUse(sha256s: string[]): Promise<Set<string>>;
	/**
	 * Where the database holds the blobs (PostgreSQL): locks their rows until the transaction ends,
	 * `keep` for a transaction about to name them, `remove` for a removal (which then waits for the
	 * keepers), and answers which are there. null where blobs live elsewhere (SQLite: files; its one
	 * writer already runs such transactions one after the other).
	 */
	lockBlobs(sha256s: string[], purpose: 'keep' | 'remove'): Promise<Set<string> | null>;
	/** Deletes the rows of blobs locked for removal, where the database holds them (nothing on SQLite). */
	deleteBlobRows(sha256s: string[]): Promise<void>;
	/** A workflow with all its parts and its finalization job, as GET /workflows/{id} shows it. */
	loadDetail(scope: WorkflowScope, workflowId: string): Promise<{ aggregate: WorkflowAggregate; finalization: FinalizationJob | null } | null>;
	/** Persists a transition's new workflow and changed signers (its events are recorded separately); `before`: the aggregate it started from, read in this transaction. */
	saveTransition(organizationId: string, transition: Transition, before?: WorkflowAggregate): Promise<void>;
	/** Runs `callback` once the surrounding transaction has committed (at once, outside one). */
	afterCommit(callback: () => void): void;
	/** Runs `callback` if the surrounding transaction does not commit (never outside one). */
	afterRollback(callback: () => void): void;
}

export interface BulkSendPage {
	items: BulkSendJob[];
	nextCursor: string | null;
}

export interface TemplatePage {
	items: Template[];
	nextCursor: string | null;
}

/** How much of an outbox is due, and since when: what operators watch (metrics, readiness). */
export interface DueSummary {
	count: number;
	/** The earliest next-attempt time among them; null when none is due. */
	oldestDueAt: string | null;
}

export interface Store {
	readonly dialect: Dialect;
	migrate(): Promise<void>;
	ping(): Promise<void>;
	close(): Promise<void>;
	/** Reads outside a transaction. On PostgreSQL one connection serves the whole read: `work` must not wait for other store calls. */
	read<T>(work: (repository: Repository) => Promise<T>): Promise<T>;
	/** All writes of `work` commit together or not at all. */
	transaction<T>(work: (repository: Repository) => Promise<T>): Promise<T>;
	/** Since the store opened: transactions committed, and the database commits that made them durable (SQLite's group commit shares one among several). */
	readonly commitCounts: Readonly<CommitCounts>;
}

export interface CommitCounts {
	transactions: number;
	commits: number;
}
