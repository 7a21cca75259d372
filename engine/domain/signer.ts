import { z } from 'zod';
import { Id, Timestamp, displayName } from './common';

export const SignerRole = z
	.enum(['signer', 'approver', 'cc', 'viewer'])
	.describe('signer signs, approver approves, viewer may look, cc receives the result');
export type SignerRole = z.infer<typeof SignerRole>;

/** Roles whose action the workflow waits for. */
export const ACTING_ROLES: readonly SignerRole[] = ['signer', 'approver'];

export const SignerStatus = z.enum(['pending', 'active', 'signed', 'approved', 'refused', 'notified']);
export type SignerStatus = z.infer<typeof SignerStatus>;

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
	accessCode: z
		.string()
		.min(4)
		.max(64)
		.optional()
		.describe('A code the signer must enter before seeing the document; never returned'),
});
export type AddSignerInput = z.infer<typeof AddSignerInput>;

export const Signer = z.object({
	id: Id,
	workflowId: Id,
	name: z.string(),
	email: z.string(),
	role: SignerRole,
	order: z.int(),
	status: SignerStatus,
	hasAccessCode: z.boolean(),
	signedAt: Timestamp.nullable().describe('When the signer signed or approved'),
	refusedAt: Timestamp.nullable(),
	refusalReason: z.string().nullable(),
	createdAt: Timestamp,
	updatedAt: Timestamp,
});
export type Signer = z.infer<typeof Signer>;
