import { randomInt, timingSafeEqual } from 'node:crypto';
import {
	EMAIL_CODE_RESEND_AFTER_MS,
	EMAIL_CODE_TTL_MS,
	MAX_ACCESS_ATTEMPTS,
	SignflowError,
	VERIFICATION_GRANT_MS,
	maskedEmail,
	nextCodeSend,
	recordVerificationFailure,
	requiresEmailCode,
	verificationSent,
	verified,
	type EventContext,
	type PendingEvent,
	type Signer,
} from '../../domain';
import { verificationCodeEmail } from '../../outbox/emails';
import type { SecretBox } from '../../security/secretBox';
import type { Repository } from '../../store/port';
import type { SignerLink } from './signerLink';
import type { SigningService, SigningServiceOptions } from './signingService';

/** What the page's code step shows. */
export interface EmailCodeStep {
	/** Where the code goes, masked. */
	sentTo: string;
	/** A code was sent and still works (the page asks for it rather than offering to send one). */
	pending: boolean;
	/** A test workflow: its codes are shown on the page after each send, never emailed. */
	test: boolean;
}

export type EnterCodeResult =
	| { grant: string; maxAgeSeconds: number }
	| { wrong: true; attemptsLeft: number; locked: boolean }
	| { expired: true };

/**
 * Verification by a code emailed to the signer (verification "email_otp"): sending a code
 * (random, kept as a keyed hash, sealed in the outbox, 10 minutes, resends limited) and
 * checking one (wrong codes count with wrong access codes towards the lock). A right code
 * yields a grant the page keeps in the link's cookie; SigningService.requireAccess asks for it.
 */
/** A code sent; `testCode` only for a test workflow, whose codes are shown instead of emailed. */
export interface SentCode {
	sentTo: string;
	expiresAt: string;
	resendAfterSeconds: number;
	testCode?: string;
}

export class EmailCodes {
	constructor(
		private readonly options: SigningServiceOptions & { secrets: SecretBox },
		private readonly signing: SigningService,
	) {}

	/** The code step for the page, or null when this signer needs none (or has passed it in this browser). */
	async step(link: SignerLink, grant: string | undefined): Promise<EmailCodeStep | null> {
		if (!requiresEmailCode(link.signer) || this.signing.isVerified(link, grant)) return null;
		const code = await this.options.store.read((repository) => repository.verificationCodes.get(link.organizationId, link.signer.id));
		const now = this.options.clock.now().getTime();
		return { sentTo: maskedEmail(link.signer.email), pending: code !== null && Date.parse(code.expiresAt) > now, test: link.aggregate.workflow.test };
	}

	/**
	 * Emails the signer a new code. A test workflow emails no one: its code is answered instead
	 * (`testCode`), for the page to show, so the step can be tried without a mailbox.
	 */
	async send(token: string, grant: string | undefined, context: EventContext): Promise<SentCode> {
		const link = await this.signing.resolve(token);
		this.checkCanVerify(link, grant);
		const test = link.aggregate.workflow.test;
		if (!test && !this.options.recorder.mailEnabled)
			throw new SignflowError('conflict', 'email_not_configured', 'This engine cannot send email (no SMTP server is configured), so no code can be sent. Ask the sender.');
		return this.options.store.transaction(async (repository) => {
			// Under the workflow's lock: two requests at once cannot both pass the resend limit.
			const current = await this.signing.resolve(token, repository, true);
			const { organizationId, signer } = current;
			const now = this.options.clock.now();
			const decision = nextCodeSend(await repository.verificationCodes.get(organizationId, signer.id), now);
			if (!decision.allowed) {
				const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
				throw new SignflowError('rate_limited', 'verification_code_rate_limited', `A code was sent a moment ago; you can ask for another in ${seconds} s.`, [
					{ message: 'Seconds to wait before asking again', retryAfterSeconds: seconds },
				]);
			}
			const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
			const at = now.toISOString();
			const expiresAt = new Date(now.getTime() + EMAIL_CODE_TTL_MS).toISOString();
			await repository.verificationCodes.put(organizationId, {
				...decision.history,
				signerId: signer.id,
				codeHash: this.options.links.verificationCodeHash(signer.id, signer.linkVersion, code),
				expiresAt,
			});
			if (!test)
				await repository.emails.enqueue(
					verificationCodeEmail({ organizationId, workflowId: signer.workflowId, signerId: signer.id }, { sealed: this.options.secrets.seal(code), expiresAt }, at),
				);
			await this.record(repository, current, [verificationSent(signer, expiresAt)], context, at);
			const sent = { sentTo: maskedEmail(signer.email), expiresAt, resendAfterSeconds: EMAIL_CODE_RESEND_AFTER_MS / 1000 };
			return test ? { ...sent, testCode: code } : sent;
		});
	}

	/** Checks an emailed code; a right one yields a grant, wrong ones count towards the lock. */
	async enter(token: string, code: string, grant: string | undefined, context: EventContext): Promise<EnterCodeResult> {
		const link = await this.signing.resolve(token);
		if (link.signer.lockedAt) return { wrong: true, attemptsLeft: 0, locked: true };
		this.checkCanVerify(link, grant);
		const { organizationId, signer } = link;
		const stored = await this.options.store.read((repository) => repository.verificationCodes.get(organizationId, signer.id));
		const now = this.options.clock.now();
		if (!stored || Date.parse(stored.expiresAt) <= now.getTime()) {
			// Nothing to guess against: refused without counting, and recorded.
			await this.options.store.transaction(async (repository) => {
				const current = await this.signing.resolve(token, repository, true);
				const event: PendingEvent = {
					type: 'signer.verification_failed',
					workflowId: signer.workflowId,
					data: { signerId: signer.id, name: signer.name, attempts: current.signer.failedAccessAttempts, method: 'email_otp', reason: 'expired' },
				};
				await this.record(repository, current, [event], context, now.toISOString());
			});
			return { expired: true };
		}
		// Counted before the code is looked at, in one conditional update shared with access codes:
		// parallel guesses cannot all slip in before the lock.
		const taken = await this.options.store.transaction((repository) => repository.signers.takeAccessAttempt(organizationId, signer.id, MAX_ACCESS_ATTEMPTS));
		if (taken === null) return { wrong: true, attemptsLeft: 0, locked: true };
		const expected = Buffer.from(stored.codeHash);
		const given = Buffer.from(this.options.links.verificationCodeHash(signer.id, signer.linkVersion, code));
		if (expected.length === given.length && timingSafeEqual(expected, given)) {
			await this.options.store.transaction(async (repository) => {
				await repository.signers.returnAccessAttempt(organizationId, signer.id);
				// Used once: the same code does not open the link again.
				await repository.verificationCodes.remove(organizationId, signer.id);
				const current = await this.signing.resolve(token, repository, true);
				await this.record(repository, current, [verified(current.signer)], context, now.toISOString());
			});
			const expiresAt = now.getTime() + VERIFICATION_GRANT_MS;
			return { grant: this.options.links.verificationGrant(signer.id, signer.linkVersion, expiresAt), maxAgeSeconds: VERIFICATION_GRANT_MS / 1000 };
		}
		return this.options.store.transaction(async (repository) => {
			const current = await this.signing.resolve(token, repository, true);
			const failure = recordVerificationFailure(current.signer, taken, 'wrong', this.options.clock.now());
			await repository.signers.update(current.organizationId, failure.signer, current.signer);
			await this.record(repository, { ...current, signer: failure.signer }, failure.events, context, failure.signer.updatedAt);
			return { wrong: true as const, attemptsLeft: Math.max(0, MAX_ACCESS_ATTEMPTS - taken), locked: failure.signer.lockedAt !== null };
		});
	}

	/** A code is asked for and checked only where one is needed, after the access code, on a link not locked. */
	private checkCanVerify(link: SignerLink, grant: string | undefined): void {
		if (!requiresEmailCode(link.signer))
			throw new SignflowError('conflict', 'verification_not_required', 'This link needs no emailed code.');
		if (link.signer.lockedAt)
			throw new SignflowError('conflict', 'link_locked', 'This link is locked after too many wrong codes. Ask the sender for a new link.');
		if (!this.signing.hasAccess(link, grant))
			throw new SignflowError('unauthorized', 'access_code_required', 'Enter the access code the sender gave you.');
	}

	private async record(repository: Repository, link: SignerLink, events: PendingEvent[], context: EventContext, at: string): Promise<void> {
		const aggregate = { ...link.aggregate, signers: link.aggregate.signers.map((candidate: Signer) => (candidate.id === link.signer.id ? link.signer : candidate)) };
		await this.options.recorder.record(repository, {
			organizationId: link.organizationId,
			events,
			context: { ...context, actor: { type: 'signer', id: link.signer.id } },
			at,
			aggregate,
		});
	}
}
