import { randomUUID } from 'node:crypto';
import type { SendMailOptions, Transporter } from 'nodemailer';
import {
	ALERT_EMAIL_KINDS,
	chooseLocale,
	DEFAULT_PRIMARY_COLOR,
	ENDING_EMAIL_KINDS,
	engineScope,
	signedFileName,
	type AlertEmailKind,
	type Clock,
	type EmailKind,
	type EndingEmailKind,
	type OutboxEmail,
	type Signer,
	type WebhookDisableCause,
	type Workflow,
	type WorkflowFile,
} from '../domain';
import { emailCatalogue, messagesFor } from '../i18n';
import type { SecretBox } from '../security/secretBox';
import type { SigningLinks } from '../security/signingLinks';
import type { BlobStore } from '../store/blobStore';
import { type Store } from '../store/port';
import { ClaimHeartbeat } from '../support/claimHeartbeat';
import { PollingLoop, type LoopHealth } from '../support/pollingLoop';
import { afterFailedAttempt, type RetryDelays } from '../support/retrySchedule';
import { renderFinalizationFailedEmail, renderWebhookDisabledEmail } from './alerts';
import { type MailBranding, type MailContent, renderEmail, renderEndingEmail, renderVerificationCodeEmail } from './templates';

interface Logger {
	error(object: unknown, message: string): void;
	warn(object: unknown, message: string): void;
}

export interface MailDispatcherOptions {
	store: Store;
	blobs: BlobStore;
	clock: Clock;
	links: SigningLinks;
	/** Opens the verification codes the outbox holds sealed. */
	secrets: SecretBox;
	transport: Transporter;
	from: string;
	/** Waits before each retry; after the last one an email is marked failed. */
	retryDelaysMs: RetryDelays;
	pollIntervalMs: number;
	/** How long a claim lasts unless renewed (every third of it while this process holds the email). */
	leaseMs: number;
	log: Logger;
}

const MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024;
/** Emails claimed at a time: a few, so that several engine processes share a burst. */
const CLAIM_BATCH = 10;

export const DEFAULT_MAIL_RETRY_DELAYS_MS = [30_000, 120_000, 600_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000];

/**
 * Sends what the outbox holds. A failed send never touches the state change
 * that queued it: the email is retried on a schedule and every failure is
 * recorded (attempts, last error) on its outbox row. Each email is claimed
 * before it is sent, with a short lease this process renews while it holds the
 * email, so each goes out once however many engine processes share a
 * PostgreSQL database, and a dead process's claim runs out for another to send.
 */
export class MailDispatcher {
	private readonly loop: PollingLoop;
	/** This dispatcher's claim token. */
	private readonly claimant = randomUUID();
	/** The emails this process holds: renewed together by the heartbeat. */
	private readonly holding = new Set<string>();
	private heartbeat: ClaimHeartbeat | null = null;
	private stopping = false;

	constructor(private readonly options: MailDispatcherOptions) {
		this.loop = new PollingLoop(() => this.tick(), options.pollIntervalMs, (error) =>
			options.log.error({ err: error }, 'mail pass failed; retrying at the next interval'),
		);
	}

	get health(): LoopHealth {
		return this.loop.health;
	}

	async start(): Promise<void> {
		// With SQLite this process is the only one: a claim left from its last run was cut off.
		if (this.options.store.dialect === 'sqlite') await this.options.store.transaction((repository) => repository.emails.releaseClaims());
		this.heartbeat = new ClaimHeartbeat(
			() => this.renewClaims(),
			Math.max(1, Math.floor(this.options.leaseMs / 3)),
			(error) => this.options.log.warn({ err: error }, 'could not renew the email claims'),
		);
		this.loop.start();
	}

	async stop(): Promise<void> {
		// The pass running sends what it has claimed, and claims no more.
		this.stopping = true;
		await this.loop.stop();
		await this.heartbeat?.stop();
		this.options.transport.close();
	}

	/** Claims and sends the emails that are due, a few at a time, until none is; returns how many went out. Throws when the outbox cannot be read or written. */
	async tick(): Promise<number> {
		let sent = 0;
		while (!this.stopping) {
			const now = this.options.clock.now();
			const claimed = await this.options.store.transaction((repository) =>
				repository.emails.claimDue(now.toISOString(), this.leaseFrom(now), CLAIM_BATCH, this.claimant),
			);
			if (claimed.length === 0) break;
			for (const email of claimed) this.holding.add(email.id);
			try {
				for (const email of claimed) {
					if (await this.deliver(email)) sent += 1;
					// Its outcome ended the claim: nothing more to renew.
					this.holding.delete(email.id);
				}
			} finally {
				for (const email of claimed) this.holding.delete(email.id);
			}
		}
		return sent;
	}

	private leaseFrom(now: Date): string {
		return new Date(now.getTime() + this.options.leaseMs).toISOString();
	}

	private async renewClaims(): Promise<boolean> {
		if (this.holding.size === 0) return true;
		const ids = [...this.holding];
		const leaseUntil = this.leaseFrom(this.options.clock.now());
		await this.options.store.transaction((repository) => repository.emails.renewClaims(ids, this.claimant, leaseUntil));
		return true;
	}

	private async deliver(email: OutboxEmail): Promise<boolean> {
		const message = ALERT_EMAIL_KINDS.includes(email.kind) ? await this.alertMessage(email) : await this.signerMessage(email);
		if (!message) {
			const why = email.kind === 'verification_code' ? 'the code expired before this email could be sent' : 'the signing workflow moved on before this email was sent';
			await this.save({ ...email, status: 'skipped', lastError: why });
			return false;
		}
		const { clock } = this.options;
		try {
			await this.options.transport.sendMail({ from: this.options.from, ...message });
			await this.save({ ...email, status: 'sent', attempts: email.attempts + 1, sentAt: clock.now().toISOString(), lastError: null });
			return true;
		} catch (error) {
			const next = afterFailedAttempt(email, error, this.options.retryDelaysMs, clock.now());
			this.options.log.warn({ emailId: email.id, attempts: next.attempts, err: next.lastError }, 'email not sent');
			await this.save(next);
			return false;
		}
	}

	/** An invitation, reminder, completion, ending or code email to a signer; null when it has lost its point. */
	private async signerMessage(email: OutboxEmail): Promise<SendMailOptions | null> {
		const context = await this.options.store.read(async (repository) => {
			const aggregate = email.workflowId ? await repository.loadAggregate(engineScope(email.organizationId), email.workflowId) : null;
			const organization = await repository.organizations.get(email.organizationId);
			const branding = await repository.branding.get(email.organizationId);
			const logo = branding?.logoAssetId ? await repository.assets.get(email.organizationId, branding.logoAssetId) : null;
			return { aggregate, organization, branding, logo };
		});
		const signer = context.aggregate?.signers.find((candidate) => candidate.id === email.signerId);
		if (!context.aggregate || !signer || isObsolete(email, context.aggregate.workflow.status)) return null;
		const { workflow } = context.aggregate;
		const branding = {
			organizationName: context.organization?.name ?? '',
			primaryColor: context.branding?.primaryColor ?? DEFAULT_PRIMARY_COLOR,
			logoCid: context.logo ? 'logo@signflow' : null,
		};
		// The signer's language, else the workflow's, else the organization's (read above, cached), else English.
		const locale = chooseLocale(signer.locale, workflow.locale, context.organization?.defaultLocale);
		const content =
			email.kind === 'verification_code'
				? this.verificationCodeContent(email, { workflow, signer, branding, locale })
				: ENDING_EMAIL_KINDS.includes(email.kind)
					? renderEndingEmail(email.kind as EndingEmailKind, {
							workflow,
							signer,
							refuser: context.aggregate.signers.find((candidate) => candidate.status === 'refused') ?? null,
							branding,
							locale,
						})
					: renderEmail(email.kind as Exclude<EmailKind, AlertEmailKind | EndingEmailKind | 'verification_code'>, {
							workflow,
							signer,
							signingUrl: this.options.links.url(signer.id, signer.linkVersion),
							branding,
							locale,
						});
		if (!content) return null;
		return {
			to: { name: signer.name, address: signer.email },
			replyTo: context.organization?.adminEmail ?? undefined,
			subject: content.subject,
			text: content.text,
			html: content.html,
			headers: { 'X-Signflow-Workflow': workflow.id, 'X-Signflow-Email': email.kind },
			attachments: [
				...(context.logo
					? [{ filename: 'logo', content: await this.options.blobs.get(context.logo.sha256), contentType: context.logo.mimeType, cid: 'logo@signflow' }]
					: []),
				...(email.kind === 'completed' ? await this.signedAttachments(context.aggregate.files, locale) : []),
			],
		};
	}

	/** A signer's verification code, opened from the outbox; null once it has expired (a new one must be asked for). */
	private verificationCodeContent(email: OutboxEmail, context: { workflow: Workflow; signer: Signer; branding: MailBranding; locale: string }): MailContent | null {
		const data = (email.data ?? {}) as { sealedCode?: string; expiresAt?: string };
		if (!data.sealedCode || !data.expiresAt || Date.parse(data.expiresAt) <= this.options.clock.now().getTime()) return null;
		return renderVerificationCodeEmail({ ...context, code: this.options.secrets.open(data.sealedCode), expiresAt: data.expiresAt });
	}

	/** An alert to an organization's admin: a webhook configuration was disabled, or a signed PDF could not be made. */
	private async alertMessage(email: OutboxEmail): Promise<SendMailOptions | null> {
		const organization = await this.options.store.read((repository) => repository.organizations.get(email.organizationId));
		if (!email.recipient || !organization) return null;
		const data = (email.data ?? {}) as {
			webhookId?: string;
			webhookName?: string;
			url?: string;
			cause?: WebhookDisableCause;
			reason?: string;
			workflowName?: string;
			attempts?: number;
		};
		// Alerts are read by the organization's admin: in the organization's language.
		const locale = chooseLocale(organization.defaultLocale);
		const content =
			email.kind === 'finalization_failed'
				? renderFinalizationFailedEmail({
						organizationName: organization.name,
						workflowName: data.workflowName ?? '',
						workflowId: email.workflowId ?? '',
						reason: data.reason ?? '',
						attempts: data.attempts ?? 0,
						locale,
					})
				: renderWebhookDisabledEmail({
						organizationName: organization.name,
						webhookId: data.webhookId ?? null,
						webhookName: data.webhookName ?? '',
						url: data.url ?? '',
						cause: data.cause ?? null,
						reason: data.reason ?? '',
						locale,
					});
		return { to: email.recipient, subject: content.subject, text: content.text, html: content.html, headers: { 'X-Signflow-Email': email.kind } };
	}

	/** The signed PDFs, when they fit in an email; otherwise the link in the email offers them. */
	private async signedAttachments(files: WorkflowFile[], locale: string) {
		const suffix = messagesFor(emailCatalogue, locale).signedSuffix;
		const signed = files.filter((file) => file.signedSha256);
		const total = signed.reduce((sum, file) => sum + (file.signedSize ?? 0), 0);
		if (signed.length === 0 || total > MAX_ATTACHMENT_BYTES) return [];
		return Promise.all(
			signed.map(async (file) => ({
				filename: signedFileName(file.name, suffix),
				content: await this.options.blobs.get(file.signedSha256!),
				contentType: 'application/pdf',
			})),
		);
	}

	/** Stores the outcome while the claim is still this process's (one that stalled past its lease may have lost it). */
	private async save(email: OutboxEmail): Promise<void> {
		const stored = await this.options.store.transaction((repository) => repository.emails.update(email, this.claimant));
		if (!stored) this.options.log.warn({ emailId: email.id, status: email.status }, 'email claim lost to another engine process; this outcome is not stored');
	}
}

/** Invitations and reminders lose their point once the workflow has ended. */
function isObsolete(email: OutboxEmail, status: string): boolean {
	// A verification code opens a finished workflow's documents too: its expiry decides instead.
	// The emails that announce the end (completion, refusal, expiry, cancellation) are sent after it.
	if (email.kind === 'completed' || email.kind === 'verification_code' || ENDING_EMAIL_KINDS.includes(email.kind)) return false;
	return status !== 'sent';
}
