import { z } from 'zod';
import { conflict } from './errors';
import type { PendingEvent } from './event';
import { MAX_ACCESS_ATTEMPTS, type Signer } from './signer';

/*
 * Verification by a code sent to the signer's email (verification "email_otp"): the rules,
 * without I/O. Wrong codes share the access code's attempt counter and lock.
 */

/** How long an emailed code works. */
export const EMAIL_CODE_TTL_MS = 10 * 60_000;
/** The least time between two codes for one signer. */
export const EMAIL_CODE_RESEND_AFTER_MS = 60_000;
/** At most this many codes per signer in EMAIL_CODE_WINDOW_MS. */
export const EMAIL_CODES_PER_WINDOW = 5;
export const EMAIL_CODE_WINDOW_MS = 60 * 60_000;
/** How long an entered code keeps the document open in that browser. */
export const VERIFICATION_GRANT_MS = 12 * 3600_000;

export const VerificationCodeInput = z.strictObject({
	code: z
		.string()
		.max(32)
		.transform((code) => code.replace(/[\s-]/g, ''))
		.pipe(z.string().regex(/^\d{6}$/, { error: 'The code has 6 digits.' })),
});

export function requiresEmailCode(signer: Signer): boolean {
	return signer.verification === 'email_otp';
}

/** When the signer was last sent codes: what the resend limit looks at. */
export interface CodeSendHistory {
	sentAt: string;
	sendsInWindow: number;
	windowStartedAt: string;
}

/** Whether another code may go out now, and the history it leaves; or how long to wait. */
export function nextCodeSend(
	history: CodeSendHistory | null,
	now: Date,
): { allowed: true; history: CodeSendHistory } | { allowed: false; retryAfterMs: number } {
	const at = now.getTime();
	const fresh = { allowed: true as const, history: { sentAt: now.toISOString(), sendsInWindow: 1, windowStartedAt: now.toISOString() } };
	if (!history) return fresh;
	const sinceLast = at - Date.parse(history.sentAt);
	if (sinceLast < EMAIL_CODE_RESEND_AFTER_MS) return { allowed: false, retryAfterMs: EMAIL_CODE_RESEND_AFTER_MS - sinceLast };
	const windowEnds = Date.parse(history.windowStartedAt) + EMAIL_CODE_WINDOW_MS;
	if (at >= windowEnds) return fresh;
	if (history.sendsInWindow >= EMAIL_CODES_PER_WINDOW) return { allowed: false, retryAfterMs: windowEnds - at };
	return { allowed: true, history: { sentAt: now.toISOString(), sendsInWindow: history.sendsInWindow + 1, windowStartedAt: history.windowStartedAt } };
}

/** A code went out: recorded without the code. */
export function verificationSent(signer: Signer, expiresAt: string): PendingEvent {
	return {
		type: 'signer.verification_sent',
		workflowId: signer.workflowId,
		data: { signerId: signer.id, name: signer.name, email: signer.email, method: 'email_otp', expiresAt },
	};
}

export function verified(signer: Signer): PendingEvent {
	return { type: 'signer.verified', workflowId: signer.workflowId, data: { signerId: signer.id, name: signer.name, email: signer.email, method: 'email_otp' } };
}

/**
 * A wrong or expired code, the `attempts`-th wrong entry on this link (access codes and email
 * codes count together): recorded; the last one allowed locks the link, as for access codes.
 */
export function recordVerificationFailure(
	signer: Signer,
	attempts: number,
	reason: 'wrong' | 'expired',
	now: Date,
): { signer: Signer; events: PendingEvent[] } {
	const at = now.toISOString();
	const locked = attempts >= MAX_ACCESS_ATTEMPTS;
	const next: Signer = { ...signer, lockedAt: locked ? (signer.lockedAt ?? at) : signer.lockedAt, updatedAt: at };
	const data = { signerId: signer.id, name: signer.name, attempts };
	const events: PendingEvent[] = [{ type: 'signer.verification_failed', workflowId: signer.workflowId, data: { ...data, method: 'email_otp', reason } }];
	if (locked && !signer.lockedAt) events.push({ type: 'signer.locked', workflowId: signer.workflowId, data });
	return { signer: next, events };
}

/** The address a code goes to, as the page shows it: enough to recognise, not to harvest. */
export function maskedEmail(email: string): string {
	const at = email.lastIndexOf('@');
	if (at < 1) return email;
	const local = email.slice(0, at);
	const shown = [...local].slice(0, Math.min(2, local.length - 1 || 1)).join('');
	return `${shown}${'•'.repeat(3)}${email.slice(at)}`;
}

/** A workflow whose signers must get codes by email goes out only from an engine that sends email. */
export function assertEmailCodesDeliverable(signers: readonly Signer[], mailEnabled: boolean, test = false): void {
	const needing = signers.filter(requiresEmailCode);
	// A test workflow's codes are shown on the page, never emailed (test mode emails no one).
	if (needing.length > 0 && !mailEnabled && !test)
		throw conflict(
			'email_not_configured',
			`${needing.map((signer) => signer.name).join(', ')} must enter a code sent by email (verification "email_otp"), but this engine has no SMTP server configured: configure SMTP (SIGNFLOW_SMTP_URL) or add the signer without verification.`,
		);
}
