import { ApiKeys } from './apiKeys';
import { Audit } from './audit';
import { BrandingSettings } from './branding';
import { BulkSends } from './bulkSends';
import { ConsoleSessions } from './consoleSessions';
import { DraftEdits } from './draftEdits';
import { DraftRetention } from './draftRetention';
import { Drafts } from './drafts';
import { FinalizationRetries } from './finalizationRetry';
import { IdempotencyKeys } from './idempotency';
import { Organizations } from './organizations';
import { Purges } from './purges';
import { Reminders } from './reminders';
import type { ServiceOptions } from './shared';
import { EmailCodes } from './signing/emailCodes';
import { SigningService } from './signing/signingService';
import { Templates } from './templates';
import { TemplateWorkflows } from './templateWorkflows';
import { WebhookAdmin } from './webhookAdmin';
import { WorkflowRemoval } from './workflowRemoval';
import { Workflows } from './workflows';

export type { AuditTrail } from './audit';
export type { ConsoleSession, OpenedConsoleSession } from './consoleSessions';
export type { IdempotencyClaim, KeptAnswer } from './idempotency';
export type { ServiceOptions } from './shared';

/**
 * The one facade over the engine: HTTP routes, the scheduler, the CLI and
 * tests all go through it. Every method that touches an organization's data
 * takes the caller's Principal and never looks outside its organization.
 * The work is done by one object per area; this class only names it.
 */
export class SignflowService {
	/** The signer's side: what the signing page reads and does, authorised by the link's token. */
	readonly signing: SigningService;
	/** The signer's code by email (verification "email_otp"), in front of what `signing` shows. */
	readonly emailCodes: EmailCodes;
	/** Webhook configurations, their delivery log and replays. */
	readonly webhooks: WebhookAdmin;
	/** Idempotency-Key claims and kept answers of the API's creating requests. */
	readonly idempotency: IdempotencyKeys;
	/** The console's login links and sessions. */
	readonly console: ConsoleSessions;
	private readonly organizations: Organizations;
	private readonly apiKeys: ApiKeys;
	private readonly drafts: Drafts;
	/** Changing and removing a draft's settings, signers, files and fields. */
	readonly draftEdits: DraftEdits;
	private readonly workflows: Workflows;
	private readonly removal: WorkflowRemoval;
	private readonly finalizationRetries: FinalizationRetries;
	private readonly branding: BrandingSettings;
	private readonly audit: Audit;
	private readonly purges: Purges;
	private readonly draftRetention: DraftRetention;
	private readonly reminders: Reminders;
	/** Templates: their files, roles and fields. */
	readonly templates: Templates;
	/** Workflows made from templates, drafts saved as templates. */
	readonly templateWorkflows: TemplateWorkflows;
	/** Bulk sends from a template: accepted, read, and their rows made by the bulk send worker. */
	readonly bulkSends: BulkSends;

	constructor(options: ServiceOptions) {
		this.signing = new SigningService(options);
		this.emailCodes = new EmailCodes(options, this.signing);
		this.webhooks = new WebhookAdmin(options);
		this.idempotency = new IdempotencyKeys(options);
		this.organizations = new Organizations(options);
		this.apiKeys = new ApiKeys(options);
		this.drafts = new Drafts(options);
		this.draftEdits = new DraftEdits(options);
		this.workflows = new Workflows(options);
		this.removal = new WorkflowRemoval(options);
		this.finalizationRetries = new FinalizationRetries(options);
		this.branding = new BrandingSettings(options);
		this.audit = new Audit(options);
		this.purges = new Purges(options);
		this.draftRetention = new DraftRetention(options, this.removal);
		this.reminders = new Reminders(options);
		this.templates = new Templates(options);
		this.templateWorkflows = new TemplateWorkflows(options, this.templates);
		this.bulkSends = new BulkSends(options, this.templateWorkflows);
		this.console = new ConsoleSessions(options, (apiKey) => this.authenticate(apiKey));
	}

	// ----- organizations and API keys -----

	createOrganization(...args: Parameters<Organizations['create']>) {
		return this.organizations.create(...args);
	}
	createApiKey(...args: Parameters<ApiKeys['create']>) {
		return this.apiKeys.create(...args);
	}
	listApiKeys(...args: Parameters<ApiKeys['list']>) {
		return this.apiKeys.list(...args);
	}
	revokeApiKey(...args: Parameters<ApiKeys['revoke']>) {
		return this.apiKeys.revoke(...args);
	}
	rotateApiKey(...args: Parameters<ApiKeys['rotate']>) {
		return this.apiKeys.rotate(...args);
	}
	flushApiKeyUsage() {
		return this.apiKeys.flushUsage();
	}
	/** The principal a bearer key stands for (its use remembered for `lastUsedAt`), or null. */
	async authenticate(...args: Parameters<Organizations['authenticate']>) {
		const principal = await this.organizations.authenticate(...args);
		if (principal) this.apiKeys.used(principal.apiKeyId);
		return principal;
	}
	updateOrganization(...args: Parameters<Organizations['update']>) {
		return this.organizations.update(...args);
	}
	getOrganization(...args: Parameters<Organizations['get']>) {
		return this.organizations.get(...args);
	}

	// ----- workflows: lifecycle -----

	createWorkflow(...args: Parameters<Workflows['create']>) {
		return this.workflows.create(...args);
	}
	getWorkflow(...args: Parameters<Workflows['get']>) {
		return this.workflows.get(...args);
	}
	listWorkflows(...args: Parameters<Workflows['list']>) {
		return this.workflows.list(...args);
	}
	send(...args: Parameters<Workflows['send']>) {
		return this.workflows.send(...args);
	}
	remind(...args: Parameters<Workflows['remind']>) {
		return this.workflows.remind(...args);
	}
	reissueLink(...args: Parameters<Workflows['reissueLink']>) {
		return this.workflows.reissueLink(...args);
	}
	reassignSigner(...args: Parameters<Workflows['reassignSigner']>) {
		return this.workflows.reassignSigner(...args);
	}
	cancel(...args: Parameters<Workflows['cancel']>) {
		return this.workflows.cancel(...args);
	}
	expireDueWorkflows(...args: Parameters<Workflows['expireDue']>) {
		return this.workflows.expireDue(...args);
	}
	purgeWorkflow(...args: Parameters<Purges['purge']>) {
		return this.purges.purge(...args);
	}
	/** The retention sweep: purges what each organization's retention says is due. */
	purgeDueWorkflows() {
		return this.purges.purgeDue();
	}
	/** The retention sweep's third part: removes Idempotency-Keys past IDEMPOTENCY_KEY_TTL_MS. */
	forgetExpiredIdempotencyKeys() {
		return this.idempotency.forgetExpired();
	}
	/** The retention sweep's other half: discards drafts untouched for their organization's draftDays. */
	discardStaleDrafts() {
		return this.draftRetention.discardStale();
	}
	sendDueReminders(...args: Parameters<Reminders['sendDue']>) {
		return this.reminders.sendDue(...args);
	}
	correct(...args: Parameters<Workflows['correct']>) {
		return this.workflows.correct(...args);
	}
	resend(...args: Parameters<Workflows['resend']>) {
		return this.workflows.resend(...args);
	}
	discardWorkflow(...args: Parameters<WorkflowRemoval['discard']>) {
		return this.removal.discard(...args);
	}
	deleteWorkflow(...args: Parameters<WorkflowRemoval['delete']>) {
		return this.removal.delete(...args);
	}
	retryFinalization(...args: Parameters<FinalizationRetries['retry']>) {
		return this.finalizationRetries.retry(...args);
	}

	// ----- drafts: files, signers, fields, annotations -----

	addFile(...args: Parameters<Drafts['addFile']>) {
		return this.drafts.addFile(...args);
	}
	getFileContent(...args: Parameters<Drafts['getFileContent']>) {
		return this.drafts.getFileContent(...args);
	}
	addSigner(...args: Parameters<Drafts['addSigner']>) {
		return this.drafts.addSigner(...args);
	}
	addSignature(...args: Parameters<Drafts['addSignature']>) {
		return this.drafts.addSignature(...args);
	}
	addAnnotation(...args: Parameters<Drafts['addAnnotation']>) {
		return this.drafts.addAnnotation(...args);
	}

	// ----- audit, events, emails, verification -----

	getAuditTrail(...args: Parameters<Audit['getTrail']>) {
		return this.audit.getTrail(...args);
	}
	listEvents(...args: Parameters<Audit['listEvents']>) {
		return this.audit.listEvents(...args);
	}
	listEmails(...args: Parameters<Audit['listEmails']>) {
		return this.audit.listEmails(...args);
	}
	verify(...args: Parameters<Audit['verify']>) {
		return this.audit.verify(...args);
	}

	// ----- branding -----

	getBranding(...args: Parameters<BrandingSettings['get']>) {
		return this.branding.get(...args);
	}
	updateBranding(...args: Parameters<BrandingSettings['update']>) {
		return this.branding.update(...args);
	}
	getBrandingImage(...args: Parameters<BrandingSettings['getImage']>) {
		return this.branding.getImage(...args);
	}
}
