import { z } from 'zod';
import { Id, Timestamp, displayName, singleLineText } from './common';
import { RedirectUrl } from './embedding';
import { newId } from './ids';
import { Locale, describeLocale } from './locale';

export const SignerRole = z
	.enum(['signer', 'approver', 'cc', 'viewer'])
	.describe('signer signs, approver approves, viewer may look, cc receives the result');
export type SignerRole = z.infer<typeof SignerRole>;

/** Roles whose action the workflow waits for. */
export const ACTING_ROLES: readonly SignerRole[] = ['signer', 'approver'];

export const SignerStatus = z.enum(['pending', 'active', 'signed', 'approved', 'refused', 'notified']);
export type SignerStatus = z.infer<typeof SignerStatus>;

/** How a signer proves who they are before the document opens, beyond holding the link (and its access code). */
export const SignerVerification = z
	.enum(['none', 'email_otp'])
	.describe('email_otp: the signer enters a 6-digit code emailed to them before the document opens (needs SMTP on the engine)');
export type SignerVerification = z.infer<typeof SignerVerification>;

export const AddSignerInput = z.strictObject({
	name: displayName(200),
	email: z.email().max(320),
	role: SignerRole.default('signer'),
	order: z
		.int()
		.min(1)
		.max(100)
		.default(1)
		.describe('Signers with the same order sign in parallel; higher orders wait for lower ones'),
	accessCode: singleLineText(64, 4)
		.optional()
		.describe('A code the signer must enter before seeing the document; never returned'),
	verification: SignerVerification.default('none'),
	locale: Locale.optional().describe(describeLocale('The language of this signer\'s page and emails (else the workflow\'s, the organization\'s, the browser\'s)')),
	redirectUrl: RedirectUrl.optional().describe('Where this signer goes after signing or refusing on a page opened outside a frame (else the workflow\'s)'),
});
export type AddSignerInput = z.infer<typeof AddSignerInput>;

/** A signer as the API shows it. */
export const SignerView = z.object({
	id: Id,
	workflowId: Id,
	name: z.string(),
	email: z.string(),
	role: SignerRole,
	order: z.int(),
	status: SignerStatus,
	hasAccessCode: z.boolean(),
	verification: SignerVerification,
	locale: z.string().nullable().describe('The language chosen for this signer; null follows the workflow, the organization and the browser'),
	redirectUrl: z.string().nullable().describe('Where this signer goes after signing or refusing outside a frame; null follows the workflow\'s'),
	signingUrl: z
		.string()
		.nullable()
		.describe("The signer's personal link while the workflow is sent; deliver it by any channel"),
	locked: z.boolean().describe('True after too many wrong access codes; reissue the link to unlock'),
	viewedAt: Timestamp.nullable().describe('When the signer first opened the document'),
	signedAt: Timestamp.nullable().describe('When the signer signed or approved'),
	refusedAt: Timestamp.nullable(),
	refusalReason: z.string().nullable(),
	createdAt: Timestamp,
	updatedAt: Timestamp,
});
export type SignerView = z.infer<typeof SignerView>;

/** A signer as the engine keeps it. */
export interface Signer {
	id: string;
	workflowId: string;
	name: string;
	email: string;
	role: SignerRole;
	order: number;
	status: SignerStatus;
	hasAccessCode: boolean;
	verification: SignerVerification;
	/** The signer's own language (a canonical tag), or null to follow the workflow's. */
	locale: string | null;
	/** Where the signer goes after acting outside a frame, or null to follow the workflow's. */
	redirectUrl: string | null;
	viewedAt: string | null;
	signedAt: string | null;
	refusedAt: string | null;
	refusalReason: string | null;
	/** Bumped when the link is reissued; the token is derived from it. */
	linkVersion: number;
	failedAccessAttempts: number;
	lockedAt: string | null;
	createdAt: string;
	updatedAt: string;
}

/** A signer added to a draft: waiting, with no link, nothing viewed or done. */
export function newSigner(
	fields: Pick<Signer, 'workflowId' | 'name' | 'email' | 'role' | 'order' | 'hasAccessCode' | 'verification' | 'locale'> & Partial<Pick<Signer, 'redirectUrl'>>,
	at: string,
): Signer {
	return {
		id: newId(),
		...fields,
		redirectUrl: fields.redirectUrl ?? null,
		status: 'pending',
		viewedAt: null,
		signedAt: null,
		refusedAt: null,
		refusalReason: null,
		linkVersion: 0,
		failedAccessAttempts: 0,
		lockedAt: null,
		createdAt: at,
		updatedAt: at,
	};
}

/** How many wrong access codes lock a signing link. */
export const MAX_ACCESS_ATTEMPTS = 5;

/** The signer with a new signing link: the old one stops working and a lock by wrong access codes is lifted. */
export function withNewLink(signer: Signer, at: string): Signer {
	return { ...signer, linkVersion: signer.linkVersion + 1, failedAccessAttempts: 0, lockedAt: null, updatedAt: at };
}
