import { z } from 'zod';
import { displayName, multiLineText, singleLineText } from './common';
import { RedirectUrl } from './embedding';
import { invalid, type ErrorDetail } from './errors';
import { Locale } from './locale';
import type { Template, TemplateAnnotation, TemplateRole } from './template';
import { valueProblem } from './template';
import { Metadata } from './workflow';

/** The person who takes a role in a workflow made from a template. */
export const RoleMapping = z.strictObject({
	name: displayName(200).optional().describe('Else the role\'s defaultName'),
	email: z.email().max(320).optional().describe('Else the role\'s defaultEmail'),
	accessCode: singleLineText(64, 4).optional(),
	locale: Locale.optional(),
});
export type RoleMapping = z.infer<typeof RoleMapping>;

export const CreateFromTemplateInput = z.strictObject({
	roles: z.record(z.string().max(100), RoleMapping).default({}).describe('The person for each role, by the role\'s name, e.g. { "Employee": { "name": "…", "email": "…" } }'),
	// Values are checked against the named annotations' types by the engine, which names each wrong one.
	prefill: z
		.record(z.string().max(100), z.unknown())
		.default({})
		.describe('Values for named annotations: text and dates as strings (dates ISO 8601), checkboxes true/false'),
	metadata: Metadata.optional().describe('Merged over the template\'s metadata'),
	name: displayName(200).optional().describe('The workflow\'s name; else the template\'s'),
	message: multiLineText(5000).optional().describe('Else the template\'s message'),
	locale: Locale.optional(),
	redirectUrl: RedirectUrl.optional().describe('Where signers without their own go after signing or refusing on a page opened outside a frame'),
	send: z.boolean().default(false).describe('Send the workflow in the same call'),
});
export type CreateFromTemplateInput = z.infer<typeof CreateFromTemplateInput>;

export const SaveAsTemplateInput = z.strictObject({
	name: displayName(200).optional().describe('Else the workflow\'s name'),
	description: multiLineText(2000).optional(),
	roleNames: z
		.record(z.string(), displayName(100))
		.default({})
		.describe('The role each signer becomes, by signer id, e.g. { "<signerId>": "Employee" }; else named by the signer\'s name'),
});
export type SaveAsTemplateInput = z.infer<typeof SaveAsTemplateInput>;

export interface CastRole {
	role: TemplateRole;
	name: string;
	email: string;
	accessCode: string | null;
	locale: string | null;
}

/** What a template's annotation becomes: fixed content (stamped in), a field with a default, or an empty field. */
export interface FilledAnnotation {
	annotation: TemplateAnnotation;
	value: string | boolean | null;
	/** Fixed content nobody changes (no role, or a prefill of `fixed`). */
	fixed: boolean;
}

/**
 * Checks a request to make a workflow from a template and says who takes each role and what each
 * annotation holds; every problem is named at once (422 template_input_invalid): roles not mapped
 * (or mapped without a needed access code), roles the template has not, prefill names no annotation
 * has, and values of the wrong type.
 */
export function castTemplate(template: Template, input: CreateFromTemplateInput): { cast: CastRole[]; annotations: FilledAnnotation[] } {
	const details: ErrorDetail[] = [];
	const known = new Set(template.roles.map((role) => role.name));
	for (const name of Object.keys(input.roles))
		if (!known.has(name)) details.push({ path: `roles.${name}`, message: `The template has no role "${name}" (it has ${[...known].map((role) => `"${role}"`).join(', ') || 'none'}).` });

	const cast: CastRole[] = [];
	for (const role of template.roles) {
		const mapping = input.roles[role.name];
		const name = mapping?.name ?? role.defaultName;
		const email = mapping?.email ?? role.defaultEmail;
		if (!name || !email) {
			const missing = [!name && 'name', !email && 'email'].filter(Boolean).join(' and ');
			details.push({ path: `roles.${role.name}`, message: mapping ? `Role "${role.name}" needs a ${missing}.` : `Role "${role.name}" is not mapped to a person: give its name and email.` });
			continue;
		}
		if (role.accessCode === 'required' && !mapping?.accessCode)
			details.push({ path: `roles.${role.name}.accessCode`, message: `Role "${role.name}" requires an access code.` });
		if (role.accessCode === 'none' && mapping?.accessCode)
			details.push({ path: `roles.${role.name}.accessCode`, message: `Role "${role.name}" takes no access code.` });
		cast.push({ role, name, email, accessCode: mapping?.accessCode ?? null, locale: mapping?.locale ?? null });
	}

	const named = new Set(template.annotations.map((annotation) => annotation.name).filter((name): name is string => name !== null));
	for (const name of Object.keys(input.prefill))
		if (!named.has(name)) details.push({ path: `prefill.${name}`, message: `The template has no field named "${name}".` });

	const annotations: FilledAnnotation[] = [];
	const reported = new Set<string>();
	for (const annotation of template.annotations) {
		const given = annotation.name !== null && Object.prototype.hasOwnProperty.call(input.prefill, annotation.name) ? input.prefill[annotation.name] : undefined;
		if (given !== undefined && annotation.name !== null) {
			const problem = valueProblem(annotation.type, given);
			if (problem) {
				if (!reported.has(annotation.name)) details.push({ path: `prefill.${annotation.name}`, message: `${problem} "${annotation.name}" is a ${annotation.type} field.` });
				reported.add(annotation.name);
				continue;
			}
		}
		const value = (given as string | boolean | undefined) ?? annotation.value;
		const fixed = annotation.roleId === null || (annotation.prefill === 'fixed' && given !== undefined);
		if (annotation.roleId === null && value === null) {
			if (!reported.has(annotation.name!)) details.push({ path: `prefill.${annotation.name}`, message: `"${annotation.name}" is fixed content with no value in the template: prefill it.` });
			reported.add(annotation.name!);
			continue;
		}
		annotations.push({ annotation, value, fixed });
	}
	if (details.length > 0) throw invalid('template_input_invalid', details.map((detail) => detail.message).join(' '), details);
	return { cast, annotations };
}
