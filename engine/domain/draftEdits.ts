import { z } from 'zod';
import { AnnotationValue } from './annotation';
import { Box, Id, TimeZone, Timestamp, displayName, multiLineText, singleLineText } from './common';
import { RedirectUrl } from './embedding';
import { Locale, describeLocale } from './locale';
import { ReminderPolicyInput } from './reminderPolicy';
import { SignatureKind } from './signature';
import { SignerRole, SignerVerification } from './signer';
import { Metadata } from './workflow';

/*
 * PATCH on a draft and its parts: what is given changes, what is left out stays; null clears an
 * optional setting. Only a draft changes (409 workflow_not_draft once sent).
 */

/** The box of a field, each part optional: the field keeps what is left out. */
const BoxChange = {
	fileId: Id.optional().describe('Moves the field to another file of the workflow'),
	page: Box.page.optional(),
	x: Box.x.optional(),
	y: Box.y.optional(),
	width: z.number().positive().optional(),
	height: z.number().positive().optional(),
};

export const UpdateWorkflowInput = z.strictObject({
	name: displayName(200).optional(),
	message: multiLineText(5000).nullable().optional().describe('null or empty removes it'),
	expiresAt: Timestamp.nullable().optional().describe('In the future; null removes it'),
	timeZone: TimeZone.optional(),
	requestFrom: singleLineText(100, 1).nullable().optional(),
	metadata: Metadata.optional().describe('Replaces the metadata as a whole'),
	reminderPolicy: ReminderPolicyInput.nullable().optional(),
	allowDelegation: z.boolean().optional(),
	locale: Locale.nullable().optional().describe(describeLocale('The language for signers without their own; null follows the organization\'s and the browser\'s')),
	redirectUrl: RedirectUrl.nullable().optional(),
});
export type UpdateWorkflowInput = z.infer<typeof UpdateWorkflowInput>;

export const UpdateSignerInput = z.strictObject({
	name: displayName(200).optional(),
	email: z.email().max(320).optional(),
	role: SignerRole.optional().describe('A signer with signature fields stays a signer, one with fields to fill in a signer or approver'),
	order: z.int().min(1).max(100).optional(),
	accessCode: singleLineText(64, 4).nullable().optional().describe('A new access code; null removes it; never returned'),
	verification: SignerVerification.optional(),
	locale: Locale.nullable().optional(),
	redirectUrl: RedirectUrl.nullable().optional(),
});
export type UpdateSignerInput = z.infer<typeof UpdateSignerInput>;

export const UpdateSignatureInput = z.strictObject({
	...BoxChange,
	signerId: Id.optional().describe('Gives the field to another signer of the workflow'),
	kind: SignatureKind.optional(),
	required: z.boolean().optional(),
});
export type UpdateSignatureInput = z.infer<typeof UpdateSignatureInput>;

export const UpdateAnnotationInput = z.strictObject({
	...BoxChange,
	signerId: Id.optional().describe('For a field a signer fills in: gives it to another signer or approver'),
	value: AnnotationValue.optional().describe('For fixed text, date or checkbox content: the new content (an image is replaced by removing and adding it)'),
	label: singleLineText(200).nullable().optional(),
	required: z.boolean().optional().describe('Only for fields a signer fills in'),
	fontSize: z.number().min(4).max(72).optional(),
});
export type UpdateAnnotationInput = z.infer<typeof UpdateAnnotationInput>;
