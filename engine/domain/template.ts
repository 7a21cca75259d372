import { DateTime } from 'luxon';
import { z } from 'zod';
import { AnnotationType, DEFAULT_ANNOTATION_SIZE } from './annotation';
import { Box, Id, IsoDuration, SearchText, Timestamp, TimeZone, displayName, hasControlCharacters, multiLineText, singleLineText } from './common';
import { PageInfo } from './file';
import { Locale, describeLocale } from './locale';
import { ReminderPolicy, ReminderPolicyInput } from './reminderPolicy';
import { DEFAULT_SIGNATURE_SIZE, SignatureKind } from './signature';
import { SignerRole, SignerVerification } from './signer';
import { Metadata } from './workflow';

/*
 * A template: files, roles instead of people, fields and annotations assigned to roles, and the
 * defaults a workflow made from it starts with. Like workflows, a template is live or test (made
 * by a key of that mode, seen only by keys of that mode).
 */

/** A prefill name: what POST /templates/{id}/workflows names in `prefill`. */
export const FieldName = z
	.string()
	.regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'Must start with a letter, then letters, digits, _ . or - (at most 64).');

export const AccessCodePolicy = z
	.enum(['none', 'optional', 'required'])
	.describe('none: no access code; optional: the mapping may give one; required: the mapping must give one');
export type AccessCodePolicy = z.infer<typeof AccessCodePolicy>;

export const AddTemplateRoleInput = z.strictObject({
	name: displayName(100).describe('What the role is called, e.g. "Employee": the key of `roles` when a workflow is made'),
	role: SignerRole.default('signer'),
	order: z.int().min(1).max(100).default(1),
	defaultName: displayName(200).optional().describe('Used when the mapping gives no name (e.g. a fixed HR signer)'),
	defaultEmail: z.email().max(320).optional().describe('Used when the mapping gives no email'),
	accessCode: AccessCodePolicy.default('optional'),
	verification: SignerVerification.default('none'),
});
export type AddTemplateRoleInput = z.infer<typeof AddTemplateRoleInput>;

/** PATCH a role: what is given changes; null clears a default. */
export const UpdateTemplateRoleInput = z.strictObject({
	name: displayName(100).optional(),
	role: SignerRole.optional(),
	order: z.int().min(1).max(100).optional(),
	defaultName: displayName(200).nullable().optional(),
	defaultEmail: z.email().max(320).nullable().optional(),
	accessCode: AccessCodePolicy.optional(),
	verification: SignerVerification.optional(),
});
export type UpdateTemplateRoleInput = z.infer<typeof UpdateTemplateRoleInput>;

export const TemplateRole = z.object({
	id: Id,
	name: z.string(),
	role: SignerRole,
	order: z.int(),
	defaultName: z.string().nullable(),
	defaultEmail: z.string().nullable(),
	accessCode: AccessCodePolicy,
	verification: SignerVerification,
});
export type TemplateRole = z.infer<typeof TemplateRole>;

export const TemplateFile = z.object({
	id: Id,
	templateId: Id,
	name: z.string(),
	sha256: z.string(),
	size: z.int(),
	pageCount: z.int(),
	pages: z.array(PageInfo),
	createdAt: Timestamp,
});
export type TemplateFile = z.infer<typeof TemplateFile>;

export const AddTemplateSignatureInput = z
	.strictObject({
		fileId: Id,
		roleId: Id,
		...Box,
		width: z.number().positive().optional(),
		height: z.number().positive().optional(),
		kind: SignatureKind.default('signature'),
		required: z.boolean().default(true),
	})
	.transform((input) => ({ ...input, width: input.width ?? DEFAULT_SIGNATURE_SIZE[input.kind].width, height: input.height ?? DEFAULT_SIGNATURE_SIZE[input.kind].height }));
export type AddTemplateSignatureInput = z.infer<typeof AddTemplateSignatureInput>;

/** PATCH a template's signature field: what is given changes (the box is checked against the page). */
export const UpdateTemplateSignatureInput = z.strictObject({
	fileId: Id.optional().describe('Moves the field to another file of the template'),
	roleId: Id.optional().describe('Gives the field to another signer role'),
	page: Box.page.optional(),
	x: Box.x.optional(),
	y: Box.y.optional(),
	width: z.number().positive().optional(),
	height: z.number().positive().optional(),
	kind: SignatureKind.optional(),
	required: z.boolean().optional(),
});
export type UpdateTemplateSignatureInput = z.infer<typeof UpdateTemplateSignatureInput>;

export const TemplateSignature = z.object({
	id: Id,
	fileId: Id,
	roleId: Id,
	page: z.int(),
	x: z.number(),
	y: z.number(),
	width: z.number(),
	height: z.number(),
	kind: SignatureKind,
	required: z.boolean(),
});
export type TemplateSignature = z.infer<typeof TemplateSignature>;

export const TemplateAnnotationType = AnnotationType.exclude(['image']);
export type TemplateAnnotationType = z.infer<typeof TemplateAnnotationType>;

export const PrefillMode = z
	.enum(['fixed', 'default'])
	.describe('fixed: a prefilled value is stamped in and nobody changes it; default: the role\'s signer sees it filled in and may change it');
export type PrefillMode = z.infer<typeof PrefillMode>;

export const TemplateAnnotationValue = z.union([z.string(), z.boolean()]);
export type TemplateAnnotationValue = z.infer<typeof TemplateAnnotationValue>;

/**
 * An annotation of a template: a field a role fills in (`roleId`), or fixed content (no role). With a
 * `name` it can be prefilled when a workflow is made; `value` is its value when not prefilled.
 */
export const AddTemplateAnnotationInput = z
	.strictObject({
		fileId: Id,
		roleId: Id.optional().describe('The role whose signer fills this in; leave out for fixed content'),
		...Box,
		width: z.number().positive().optional(),
		height: z.number().positive().optional(),
		type: TemplateAnnotationType,
		name: FieldName.optional().describe('The key of `prefill` that fills this annotation when a workflow is made'),
		prefill: PrefillMode.default('default'),
		value: TemplateAnnotationValue.optional().describe('Its value when not prefilled (fixed content, or the default a signer sees)'),
		label: singleLineText(200).optional(),
		required: z.boolean().default(true).describe('Only for fields a role fills in'),
		fontSize: z.number().min(4).max(72).default(11),
	})
	.superRefine((input, ctx) => {
		if (input.roleId === undefined && input.value === undefined && input.name === undefined)
			ctx.addIssue({ code: 'custom', path: ['value'], message: 'Fixed content (no roleId) needs a value, or a name to be prefilled.' });
		if (input.value !== undefined) {
			const problem = valueProblem(input.type, input.value);
			if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
		}
	})
	.transform((input) => ({ ...input, width: input.width ?? DEFAULT_ANNOTATION_SIZE[input.type].width, height: input.height ?? DEFAULT_ANNOTATION_SIZE[input.type].height }));
export type AddTemplateAnnotationInput = z.infer<typeof AddTemplateAnnotationInput>;

/** PATCH a template's annotation: what is given changes; null clears its role (fixed content), name, value or label. */
export const UpdateTemplateAnnotationInput = z.strictObject({
	fileId: Id.optional().describe('Moves the annotation to another file of the template'),
	roleId: Id.nullable().optional().describe('Another role to fill it in; null makes it fixed content'),
	page: Box.page.optional(),
	x: Box.x.optional(),
	y: Box.y.optional(),
	width: z.number().positive().optional(),
	height: z.number().positive().optional(),
	name: FieldName.nullable().optional(),
	prefill: PrefillMode.optional(),
	value: TemplateAnnotationValue.nullable().optional(),
	label: singleLineText(200).nullable().optional(),
	required: z.boolean().optional(),
	fontSize: z.number().min(4).max(72).optional(),
});
export type UpdateTemplateAnnotationInput = z.infer<typeof UpdateTemplateAnnotationInput>;

export const TemplateAnnotation = z.object({
	id: Id,
	fileId: Id,
	roleId: Id.nullable(),
	page: z.int(),
	x: z.number(),
	y: z.number(),
	width: z.number(),
	height: z.number(),
	type: TemplateAnnotationType,
	name: z.string().nullable(),
	prefill: PrefillMode,
	value: TemplateAnnotationValue.nullable(),
	label: z.string().nullable(),
	required: z.boolean(),
	fontSize: z.number(),
});
export type TemplateAnnotation = z.infer<typeof TemplateAnnotation>;

/** Why `value` cannot fill an annotation of this type, or null when it can. */
export function valueProblem(type: TemplateAnnotationType, value: unknown): string | null {
	switch (type) {
		case 'text':
			if (typeof value !== 'string' || value.trim() === '' || value.length > 2000) return 'Expected a non-empty text of at most 2000 characters.';
			return hasControlCharacters(value) ? 'Must not contain control characters (tabs and line breaks are fine).' : null;
		case 'date':
			return typeof value === 'string' && DateTime.fromISO(value).isValid ? null : 'Expected an ISO 8601 date such as 2026-01-31.';
		case 'checkbox':
			return typeof value === 'boolean' ? null : 'Expected true or false.';
	}
}

const templateSettings = {
	message: multiLineText(5000).optional().describe('The default message to signers'),
	expiresIn: IsoDuration.optional().describe('How long a workflow made from it runs before it expires, counted from its creation in timeZone, e.g. P14D'),
	timeZone: TimeZone.optional().describe('IANA time zone of the workflows made from it (default UTC)'),
	reminderPolicy: ReminderPolicyInput.optional(),
	requestFrom: singleLineText(100, 1).optional(),
	metadata: Metadata.optional().describe('Metadata every workflow made from it starts with; the request\'s is merged over it'),
	allowDelegation: z.boolean().optional(),
	locale: Locale.optional().describe(describeLocale('The signers\' language')),
};

export const CreateTemplateInput = z.strictObject({ name: displayName(200), description: multiLineText(2000).optional(), ...templateSettings });
export type CreateTemplateInput = z.infer<typeof CreateTemplateInput>;

/** PATCH: what is given changes; null clears an optional setting. */
export const UpdateTemplateInput = z.strictObject({
	name: displayName(200).optional(),
	description: multiLineText(2000).nullable().optional(),
	message: templateSettings.message.unwrap().nullable().optional(),
	expiresIn: IsoDuration.nullable().optional(),
	timeZone: TimeZone.optional(),
	reminderPolicy: ReminderPolicyInput.nullable().optional(),
	requestFrom: singleLineText(100, 1).nullable().optional(),
	metadata: Metadata.optional(),
	allowDelegation: z.boolean().optional(),
	locale: Locale.nullable().optional(),
});
export type UpdateTemplateInput = z.infer<typeof UpdateTemplateInput>;

export const Template = z.object({
	id: Id,
	organizationId: Id,
	name: z.string(),
	description: z.string().nullable(),
	message: z.string().nullable(),
	expiresIn: z.string().nullable(),
	timeZone: z.string(),
	reminderPolicy: ReminderPolicy.nullable(),
	requestFrom: z.string().nullable(),
	metadata: z.record(z.string(), z.unknown()),
	allowDelegation: z.boolean(),
	locale: z.string().nullable(),
	test: z.boolean().describe('Made with a test key: seen only by test keys'),
	roles: z.array(TemplateRole),
	signatures: z.array(TemplateSignature),
	annotations: z.array(TemplateAnnotation),
	createdAt: Timestamp,
	updatedAt: Timestamp,
});
/** A template as stored: its files are rows of their own (their blobs must be found by blob removal). */
export type Template = z.infer<typeof Template>;

export const TemplateDetail = Template.extend({ files: z.array(TemplateFile) });
export type TemplateDetail = z.infer<typeof TemplateDetail>;

export const ListTemplatesQuery = z.strictObject({
	limit: z.coerce.number().int().min(1).max(100).default(50),
	cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
	q: SearchText.optional().describe('Only templates whose name contains this text, ignoring case and accents'),
});
export type ListTemplatesQuery = z.infer<typeof ListTemplatesQuery>;
