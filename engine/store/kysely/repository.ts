import type { Kysely } from 'kysely';
import { engineScope, type Transition, type WorkflowAggregate, type WorkflowScope } from '../../domain';
import type { UnitCacheState } from '../caches';
import type { Dialect } from '../dialect';
import type { LinkReads } from '../linkReads';
import type { Repository } from '../port';
import type { Database } from '../schema';
import type { SqliteMemoUse } from '../sqliteReadMemo';
import type { TransactionHooks } from '../transactionHooks';
import { deleteBlobRows, lockBlobs } from './blobLocks';
import { blobsInUse } from './blobsInUse';
import { bulkSendRepository } from './bulkSends';
import { consoleSessionRepository } from './consoleSessions';
import { deliveryRepository } from './deliveries';
import { engineSettingRepository } from './engineSettings';
import { eventRepository } from './events';
import { annotationRepository, signatureRepository } from './fields';
import { fileRepository } from './files';
import { idempotencyKeyRepository } from './idempotencyKeys';
import { organizationRepositories } from './organizations';
import { emailRepository, finalizationRepository } from './outboxes';
import { purgeRepository } from './purges';
import { reminderScheduleRepository } from './reminderSchedules';
import { sealIdentityRepository } from './sealIdentities';
import { signerDraftRepository } from './signerDrafts';
import { signerRepository } from './signers';
import { templateRepository } from './templates';
import { verificationCodeRepository } from './verificationCodes';
import { webhookRepository } from './webhooks';
import { loadAggregateByTokenHashPostgres, loadWorkflowAggregatePostgres, loadWorkflowDetailPostgres, loadWorkflowDetailSqlite } from './workflowDetail';
import { workflowRemovalRepository } from './workflowRemoval';
import { workflowRepository } from './workflows';
import { writeNow, type Write } from './writes';

/**
 * The repository over Kysely: one implementation for SQLite and PostgreSQL.
 * `db` is either the database or an open transaction. One is made per read and per
 * transaction, so each table's repository is built only when first used.
 */
export function kyselyRepository(
	db: Kysely<Database>,
	dialect: Dialect,
	hooks: TransactionHooks,
	unit: UnitCacheState,
	write: Write = writeNow,
	/** SQLite: the store's memo of reads, and whether this repository's reads may fill it (outside transactions). */
	sqliteReads: SqliteMemoUse | null = null,
	/** PostgreSQL, outside transactions: signing links read lately (linkReads.ts). */
	linkReads: LinkReads | null = null,
): Repository {
	return new KyselyRepository(db, dialect, hooks, unit, write, sqliteReads, linkReads);
}

class KyselyRepository implements Repository {
	private organizationParts?: ReturnType<typeof organizationRepositories>;
	private workflowsPart?: Repository['workflows'];
	private filesPart?: Repository['files'];
	private signersPart?: Repository['signers'];
	private verificationCodesPart?: Repository['verificationCodes'];
	private signaturesPart?: Repository['signatures'];
	private annotationsPart?: Repository['annotations'];
	private finalizationsPart?: Repository['finalizations'];
	private emailsPart?: Repository['emails'];
	private webhooksPart?: Repository['webhooks'];
	private deliveriesPart?: Repository['deliveries'];
	private eventsPart?: Repository['events'];
	private sealIdentitiesPart?: Repository['sealIdentities'];
	private engineSettingsPart?: Repository['engineSettings'];
	private purgesPart?: Repository['purges'];
	private reminderSchedulesPart?: Repository['reminderSchedules'];
	private workflowRemovalPart?: Repository['workflowRemoval'];
	private signerDraftsPart?: Repository['signerDrafts'];
	private idempotencyKeysPart?: Repository['idempotencyKeys'];
	private consoleSessionsPart?: Repository['consoleSessions'];
	private templatesPart?: Repository['templates'];
	private bulkSendsPart?: Repository['bulkSends'];

	constructor(
		private readonly db: Kysely<Database>,
		private readonly dialect: Dialect,
		private readonly hooks: TransactionHooks,
		private readonly unit: UnitCacheState,
		private readonly write: Write,
		private readonly sqliteReads: SqliteMemoUse | null,
		private readonly linkReads: LinkReads | null,
	) {}

	private get organizationTables() {
		return (this.organizationParts ??= organizationRepositories(this.db, this.unit));
	}
	get organizations() {
		return this.organizationTables.organizations;
	}
	get apiKeys() {
		return this.organizationTables.apiKeys;
	}
	get assets() {
		return this.organizationTables.assets;
	}
	get branding() {
		return this.organizationTables.branding;
	}
	get sealIdentities() {
		return (this.sealIdentitiesPart ??= sealIdentityRepository(this.db));
	}
	get purges() {
		return (this.purgesPart ??= purgeRepository(this.db));
	}
	get engineSettings() {
		return (this.engineSettingsPart ??= engineSettingRepository(this.db));
	}
	get reminderSchedules() {
		return (this.reminderSchedulesPart ??= reminderScheduleRepository(this.db, this.dialect, this.write));
	}
	get workflows() {
		return (this.workflowsPart ??= workflowRepository(this.db, this.dialect, this.unit, this.write));
	}
	get files() {
		return (this.filesPart ??= fileRepository(this.db, this.dialect, this.write));
	}
	get signers() {
		if (this.signersPart) return this.signersPart;
		const signers = signerRepository(this.db, this.dialect, this.write);
		// A signing link's every request looks its signer up, first before its body is read, then to act.
		const findByTokenHash = (tokenHash: string) => this.remembered(`signer by token hash ${tokenHash}`, () => signers.findByTokenHash(tokenHash));
		return (this.signersPart = this.sqliteReads ? { ...signers, findByTokenHash } : signers);
	}
	get verificationCodes() {
		return (this.verificationCodesPart ??= verificationCodeRepository(this.db, this.write));
	}
	get signerDrafts() {
		return (this.signerDraftsPart ??= signerDraftRepository(this.db, this.dialect, this.write));
	}
	get consoleSessions() {
		return (this.consoleSessionsPart ??= consoleSessionRepository(this.db));
	}
	get idempotencyKeys() {
		return (this.idempotencyKeysPart ??= idempotencyKeyRepository(this.db, this.dialect, this.write));
	}
	get signatures() {
		return (this.signaturesPart ??= signatureRepository(this.db, this.dialect, this.write));
	}
	get annotations() {
		return (this.annotationsPart ??= annotationRepository(this.db, this.dialect, this.write));
	}
	get finalizations() {
		return (this.finalizationsPart ??= finalizationRepository(this.db, this.dialect, this.write));
	}
	get emails() {
		return (this.emailsPart ??= emailRepository(this.db, this.dialect, this.write));
	}
	get webhooks() {
		return (this.webhooksPart ??= webhookRepository(this.db, this.dialect, this.unit, this.write));
	}
	get deliveries() {
		return (this.deliveriesPart ??= deliveryRepository(this.db, this.dialect, this.write));
	}
	get events() {
		return (this.eventsPart ??= eventRepository(this.db, this.dialect, this.unit, this.write));
	}
	get templates() {
		return (this.templatesPart ??= templateRepository(this.db, this.dialect, this.write));
	}
	get bulkSends() {
		return (this.bulkSendsPart ??= bulkSendRepository(this.db, this.dialect));
	}
	get workflowRemoval() {
		return (this.workflowRemovalPart ??= workflowRemovalRepository(this.db, this.dialect, this.write));
	}

	async loadAggregateByTokenHash(tokenHash: string, options?: { forUpdate?: boolean }) {
		if (this.dialect === 'postgres') {
			const forUpdate = options?.forUpdate ?? false;
			const links = this.linkReads;
			if (!links || forUpdate) return loadAggregateByTokenHashPostgres(this.db, tokenHash, forUpdate);
			const kept = links.get(tokenHash);
			if (kept) return kept;
			const ticket = links.ticket();
			const found = await loadAggregateByTokenHashPostgres(this.db, tokenHash, false);
			if (found) links.set(tokenHash, found, ticket);
			return found;
		}
		const found = await this.signers.findByTokenHash(tokenHash);
		if (!found) return null;
		const aggregate = await this.loadAggregate(engineScope(found.organizationId), found.signer.workflowId, options);
		return aggregate && { organizationId: found.organizationId, signerId: found.signer.id, accessCodeHash: found.accessCodeHash, aggregate };
	}

	async loadAggregate(scope: WorkflowScope, workflowId: string, options?: { forUpdate?: boolean }) {
		if (this.dialect === 'postgres') return loadWorkflowAggregatePostgres(this.db, scope, workflowId, options?.forUpdate ?? false);
		// One statement rather than five built ones (a signing link's every request loads its workflow).
		// SQLite has no row locks: a transaction that writes holds the whole database.
		return (await this.loadDetail(scope, workflowId))?.aggregate ?? null;
	}

	async loadDetail(scope: WorkflowScope, workflowId: string) {
		if (this.dialect === 'postgres') return loadWorkflowDetailPostgres(this.db, scope, workflowId);
		return this.remembered(`detail ${scope.organizationId} ${scope.mode} ${workflowId}`, () => loadWorkflowDetailSqlite(this.db, scope, workflowId));
	}

	/** SQLite: through the store's memo of reads, kept while nothing changed (sqliteReadMemo.ts). */
	private remembered<V>(key: string, load: () => Promise<V>): Promise<V> {
		return this.sqliteReads ? this.sqliteReads.memo.read(key, this.sqliteReads.fill, load) : load();
	}

	blobsInUse(sha256s: string[]) {
		return blobsInUse(this.db, sha256s);
	}

	lockBlobs(sha256s: string[], purpose: 'keep' | 'remove') {
		return lockBlobs(this.db, this.dialect, sha256s, purpose);
	}

	deleteBlobRows(sha256s: string[]) {
		return deleteBlobRows(this.db, this.dialect, sha256s);
	}

	async saveTransition(organizationId: string, transition: Transition, before?: WorkflowAggregate) {
		await this.workflows.update(transition.workflow, before?.workflow);
		for (const signer of transition.changedSigners)
			await this.signers.update(organizationId, signer, before?.signers.find((previous) => previous.id === signer.id));
	}

	afterCommit(callback: () => void) {
		this.hooks.afterCommit(callback);
	}

	afterRollback(callback: () => void) {
		this.hooks.afterRollback(callback);
	}
}
