import type { SendMailOptions, Transporter } from 'nodemailer';
import { ALERT_EMAIL_KINDS, DEFAULT_PRIMARY_COLOR, signedFileName, type AlertEmailKind, type Clock, type EmailKind, type OutboxEmail, type WorkflowFile } from '../domain';
import type { SigningLinks } from '../security/signingLinks';
import type { BlobStore } from '../store/blobStore';
import { type Store } from '../store/port';
import { PollingLoop, type LoopHealth } from '../support/pollingLoop';
import { afterFailedAttempt, type RetryDelays } from '../support/retrySchedule';
import { renderEmail, renderFinalizationFailedEmail, renderWebhookDisabledEmail } from './templates';

interface Logger {
	error(object: unknown, message: string): void;
	warn(object: unknown, message: string): void;
}

export interface MailDispatcherOptions {
	store: Store;
	blobs: BlobStore;
	clock: Clock;
	links: SigningLinks;
	transport: Transporter;
	from: string;
	/** Waits before each retry; after the last one an email is marked failed. */
	retryDelaysMs: RetryDelays;
	pollIntervalMs: number;
	log: Logger;
}

const MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024;

export const DEFAULT_MAIL_RETRY_DELAYS_MS = [30_000, 120_000, 600_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000];

/**
 * Sends what the outbox holds. A failed send never touches the state change
 * that queued it: the email is retried on a schedule and every failure is
 * recorded (attempts, last error) on its outbox row.
 */
export class MailDispatcher {
	private readonly loop: PollingLoop;

	constructor(private readonly options: MailDispatcherOptions) {
		this.loop = new PollingLoop(() => this.tick(), options.pollIntervalMs, (error) =>
			options.log.error({ err: error }, 'mail pass failed; retrying at the next interval'),
		);
	}

	get health(): LoopHealth {
		return this.loop.health;
	}

	start(): void {
		this.loop.start();
	}

	async stop(): Promise<void> {
		await this.loop.stop();
		this.options.transport.close();
	}

	/** Sends every email that is due; returns how many went out. Throws when the outbox cannot be read or written. */
	async tick(): Promise<number> {
		let sent = 0;
		const due = await this.options.store.read((repository) => repository.emails.due(this.options.clock.now().toISOString(), 50));
		for (const email of due) if (await this.deliver(email)) sent += 1;
		return sent;
	}

	private async deliver(email: OutboxEmail): Promise<boolean> {
		const message = ALERT_EMAIL_KINDS.includes(email.kind) ? await this.alertMessage(email) : await this.signerMessage(email);
		if (!message) {
			await this.save({ ...email, status: 'skipped', lastError: 'the signing workflow moved on before this email was sent' });
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

	/** An invitation, reminder or completion email to a signer; null when it has lost its point. */
	private async signerMessage(email: OutboxEmail): Promise<SendMailOptions | null> {
		const context = await this.options.store.read(async (repository) => {
			const aggregate = email.workflowId ? await repository.loadAggregate(email.organizationId, email.workflowId) : null;
			const organization = await repository.organizations.get(email.organizationId);
			const branding = await repository.branding.get(email.organizationId);
			const logo = branding?.logoAssetId ? await repository.assets.get(email.organizationId, branding.logoAssetId) : null;
			return { aggregate, organization, branding, logo };
		});
		const signer = context.aggregate?.signers.find((candidate) => candidate.id === email.signerId);
		if (!context.aggregate || !signer || isObsolete(email, context.aggregate.workflow.status)) return null;
		const { workflow } = context.aggregate;
		const content = renderEmail(email.kind as Exclude<EmailKind, AlertEmailKind>, {
			workflow,
			signer,
			signingUrl: this.options.links.url(signer.id, signer.linkVersion),
			branding: {
				organizationName: context.organization?.name ?? '',
				primaryColor: context.branding?.primaryColor ?? DEFAULT_PRIMARY_COLOR,
				logoCid: context.logo ? 'logo@signflow' : null,
			},
		});
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
				...(email.kind === 'completed' ? await this.signedAttachments(context.aggregate.files) : []),
			],
		};
	}

	/** An alert to an organization's admin: a webhook configuration was disabled, or a signed PDF could not be made. */
	private async alertMessage(email: OutboxEmail): Promise<SendMailOptions | null> {
		const organization = await this.options.store.read((repository) => repository.organizations.get(email.organizationId));
		if (!email.recipient || !organization) return null;
		const data = (email.data ?? {}) as { webhookName?: string; url?: string; reason?: string; workflowName?: string; attempts?: number };
		const content =
			email.kind === 'finalization_failed'
				? renderFinalizationFailedEmail({
						organizationName: organization.name,
						workflowName: data.workflowName ?? '',
						workflowId: email.workflowId ?? '',
						reason: data.reason ?? '',
						attempts: data.attempts ?? 0,
					})
				: renderWebhookDisabledEmail({
						organizationName: organization.name,
						webhookName: data.webhookName ?? '',
						url: data.url ?? '',
						reason: data.reason ?? '',
					});
		return { to: email.recipient, subject: content.subject, text: content.text, html: content.html, headers: { 'X-Signflow-Email': email.kind } };
	}

	/** The signed PDFs, when they fit in an email; otherwise the link in the email offers them. */
	private async signedAttachments(files: WorkflowFile[]) {
		const signed = files.filter((file) => file.signedSha256);
		const total = signed.reduce((sum, file) => sum + (file.signedSize ?? 0), 0);
		if (signed.length === 0 || total > MAX_ATTACHMENT_BYTES) return [];
		return Promise.all(
			signed.map(async (file) => ({
				filename: signedFileName(file.name),
				content: await this.options.blobs.get(file.signedSha256!),
				contentType: 'application/pdf',
			})),
		);
	}

	private save(email: OutboxEmail): Promise<void> {
		return this.options.store.transaction((repository) => repository.emails.update(email));
	}
}

/** Invitations and reminders lose their point once the workflow has ended. */
function isObsolete(email: OutboxEmail, status: string): boolean {
	return email.kind !== 'completed' && status !== 'sent';
}
