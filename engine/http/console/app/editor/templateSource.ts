import { api } from '../api';
import type { PdfBox } from './geometry';
import { isSignatureKind, type EditorDocument, type EditorField, type EditorFile, type EditorSource, type FieldKind, type Party } from './model';

/** A template as GET /templates/{id} answers (the part the editor reads). */
interface TemplateDetail {
	id: string;
	name: string;
	files: EditorFile[];
	roles: Party[];
	signatures: Array<PdfBox & { id: string; fileId: string; roleId: string; page: number; kind: 'signature' | 'initials'; required: boolean }>;
	annotations: Array<
		PdfBox & {
			id: string;
			fileId: string;
			roleId: string | null;
			page: number;
			type: Exclude<FieldKind, 'signature' | 'initials'>;
			name: string | null;
			prefill: 'fixed' | 'default';
			value: string | boolean | null;
			label: string | null;
			required: boolean;
			fontSize: number;
		}
	>;
}

export const boxOf = (item: PdfBox): PdfBox => ({ x: item.x, y: item.y, width: item.width, height: item.height });

/** A saved field as the editor keeps it. */
export function savedField(id: string, kind: FieldKind, partyId: string | null, item: PdfBox & { fileId: string; page: number; required: boolean }, annotation: EditorField['annotation']): EditorField {
	return { key: id, savedId: id, kind, partyId, fileId: item.fileId, page: item.page, box: boxOf(item), required: item.required, annotation, changed: false, error: null };
}

function documentOf(template: TemplateDetail): EditorDocument {
	return {
		id: template.id,
		name: template.name,
		files: template.files,
		parties: template.roles.map(({ id, name, role }) => ({ id, name, role })),
		fields: [
			...template.signatures.map((signature) => savedField(signature.id, signature.kind, signature.roleId, signature, null)),
			...template.annotations.map((annotation) =>
				savedField(annotation.id, annotation.type, annotation.roleId, annotation, {
					name: annotation.name,
					prefill: annotation.prefill,
					value: annotation.value,
					label: annotation.label,
					fontSize: annotation.fontSize,
				}),
			),
		],
	};
}

export function uploadForm(file: File): FormData {
	const form = new FormData();
	form.append('name', file.name);
	form.append('textTags', 'true');
	form.append('file', file);
	return form;
}

/** A template's editor: the API's own template endpoints. */
export function templateSource(templateId: string): EditorSource {
	const base = `/templates/${templateId}`;
	return {
		partiesRemovable: true,
		partiesArePeople: false,
		load: async () => documentOf(await api<TemplateDetail>('GET', base)),
		fileUrl: (fileId) => `/api/v1${base}/files/${fileId}/content`,
		upload: async (file) => {
			const added = await api<{ textTagFields?: { signatures: unknown[]; annotations: unknown[] } }>('POST', `${base}/files`, uploadForm(file));
			return (added.textTagFields?.signatures.length ?? 0) + (added.textTagFields?.annotations.length ?? 0);
		},
		addParty: ({ name, role }) => api<Party>('POST', `${base}/roles`, { name, role }),
		removeParty: (partyId) => api('DELETE', `${base}/roles/${partyId}`),
		changeParty: (partyId, change) => api<Party>('PATCH', `${base}/roles/${partyId}`, change),
		addField: async (field) => {
			const place = { fileId: field.fileId, page: field.page, ...field.box };
			if (isSignatureKind(field.kind))
				return (await api<{ id: string }>('POST', `${base}/signatures`, { ...place, roleId: field.partyId, kind: field.kind, required: field.required })).id;
			const settings = field.annotation;
			const body: Record<string, unknown> = { ...place, type: field.kind, required: field.required };
			if (field.partyId) body.roleId = field.partyId;
			if (settings) {
				body.prefill = settings.prefill;
				body.fontSize = settings.fontSize;
				if (settings.name !== null) body.name = settings.name;
				if (settings.value !== null) body.value = settings.value;
				if (settings.label !== null) body.label = settings.label;
			}
			return (await api<{ id: string }>('POST', `${base}/annotations`, body)).id;
		},
		updateField: (field) => {
			const place = { fileId: field.fileId, page: field.page, ...field.box, required: field.required };
			if (isSignatureKind(field.kind)) return api('PATCH', `${base}/signatures/${field.savedId}`, { ...place, roleId: field.partyId });
			return api('PATCH', `${base}/annotations/${field.savedId}`, { ...place, roleId: field.partyId });
		},
		removeField: (field) => api('DELETE', `${base}/${isSignatureKind(field.kind) ? 'signatures' : 'annotations'}/${field.savedId}`),
	};
}
