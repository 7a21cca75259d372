import {
	FieldName,
	newId,
	sameTagRole,
	type TemplateAnnotation,
	type TemplateAnnotationType,
	type TemplateRole,
	type TemplateSignature,
	type TextTag,
	type WorkflowFile,
} from '../domain';
import type { FoundTag } from '../pdf/textTags';
import { placeTags, type TagBox } from './textTagFields';

export interface TemplateTagFields {
	signatures: TemplateSignature[];
	annotations: TemplateAnnotation[];
}

/** The font size of text and date fields made from tags, as on drafts. */
const TAG_FONT_SIZE = 11;

/**
 * The fields a template file's text tags make for the template's roles (a
 * tag's role is a role's name, case and accents ignored), or one 422 listing
 * every tag that cannot be used: a role the template does not have (roles are
 * added before the file), a signature for a role that does not sign, a name
 * that cannot be a `prefill` key or already names a field of another type.
 * A tag's `name` names the annotation, so a workflow made from the template
 * can prefill it (as a default its signer may change).
 */
export function templateFieldsFromTags(
	tags: readonly FoundTag[],
	file: WorkflowFile,
	roles: readonly TemplateRole[],
	existing: readonly TemplateAnnotation[],
): TemplateTagFields {
	const fields: TemplateTagFields = { signatures: [], annotations: [] };
	const typeOfName = new Map<string, TemplateAnnotationType>(existing.flatMap((annotation) => (annotation.name ? [[annotation.name, annotation.type]] : [])));
	placeTags(tags, file, (tag) => {
		const role = roleNamed(tag.role, roles);
		if (!role)
			return `this template has no role "${tag.role}"; use one of its role names (${roles.map((candidate) => `"${candidate.name}"`).join(', ') || 'it has no roles yet'}), and add the roles before the file.`;
		if (tag.type === 'signature' || tag.type === 'initials') {
			if (role.role !== 'signer') return `${role.name} is a ${role.role} role; only signer roles get ${tag.type} fields.`;
			return (box) => fields.signatures.push(signatureOf(tag.type as 'signature' | 'initials', file.id, role, box, tag));
		}
		if (role.role !== 'signer' && role.role !== 'approver') return `${role.name} is a ${role.role} role and cannot fill in fields.`;
		const type = tag.type;
		if (tag.name !== null) {
			if (!FieldName.safeParse(tag.name).success)
				return `name "${tag.name}" cannot name a template field: it is the key of prefill, so it starts with a letter, then letters, digits, _ . or - (at most 64).`;
			const taken = typeOfName.get(tag.name);
			if (taken && taken !== type) return `"${tag.name}" already names a ${taken} field; one name fills fields of one type.`;
			typeOfName.set(tag.name, type);
		}
		return (box) => fields.annotations.push(annotationOf(type, file.id, role, box, tag));
	});
	return fields;
}

function signatureOf(kind: 'signature' | 'initials', fileId: string, role: TemplateRole, box: TagBox, tag: TextTag): TemplateSignature {
	return { id: newId(), fileId, roleId: role.id, ...box, kind, required: tag.required };
}

function annotationOf(type: TemplateAnnotationType, fileId: string, role: TemplateRole, box: TagBox, tag: TextTag): TemplateAnnotation {
	return {
		id: newId(),
		fileId,
		roleId: role.id,
		...box,
		type,
		name: tag.name,
		prefill: 'default',
		value: null,
		label: tag.name,
		required: tag.required,
		fontSize: TAG_FONT_SIZE,
	};
}

/** The one role of that name, case, accents and repeated spaces ignored. */
function roleNamed(name: string, roles: readonly TemplateRole[]): TemplateRole | null {
	const matches = roles.filter((role) => sameTagRole(name, role.name));
	return matches.length === 1 ? matches[0] : null;
}
