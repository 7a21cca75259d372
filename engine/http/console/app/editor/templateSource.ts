import { api } from '../api';
import type { PdfBox } from './geometry';
import { isSignatureKind, type EditorField, type EditorFile, type FieldKind, type Party } from './model';

/** A template as GET /templates/{id} answers (the part the editor reads). */
export interface TemplateDetail {
	id: string;
	name: string;
	updatedAt: string;
	files: EditorFile[];
	roles: Array<Party & { order: number }>;
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

export interface AddedFile {
	id: string;
	textTagFields?: { signatures: unknown[]; annotations: unknown[] };
}

const boxOf = (item: PdfBox): PdfBox => ({ x: item.x, y: item.y, width: item.width, height: item.height });

/** The template's fields as the editor keeps them. */
export function fieldsOf(template: TemplateDetail): EditorField[] {
	return [
		...template.signatures.map(
			(signature): EditorField => ({
				key: signature.id,
				savedId: signature.id,
				kind: signature.kind,
				partyId: signature.roleId,
				fileId: signature.fileId,
				page: signature.page,
				box: boxOf(signature),
				required: signature.required,
				annotation: null,
				changed: false,
				error: null,
			}),
		),
		...template.annotations.map(
			(annotation): EditorField => ({
				key: annotation.id,
				savedId: annotation.id,
				kind: annotation.type,
				partyId: annotation.roleId,
				fileId: annotation.fileId,
				page: annotation.page,
				box: boxOf(annotation),
				required: annotation.required,
				annotation: { name: annotation.name, prefill: annotation.prefill, value: annotation.value, label: annotation.label, fontSize: annotation.fontSize },
				changed: false,
				error: null,
			}),
		),
	];
}

/** The calls a template's editor makes: the API's own template endpoints. */
export const templateSource = (templateId: string) => {
	const base = `/templates/${templateId}`;
	return {
		load: () => api<TemplateDetail>('GET', base),
		fileUrl: (fileId: string) => `/api/v1${base}/files/${fileId}/content`,
		upload: (file: File) => {
			const form = new FormData();
			form.append('name', file.name);
			form.append('textTags', 'true');
			form.append('file', file);
			return api<AddedFile>('POST', `${base}/files`, form);
		},
		removeFile: (fileId: string) => api('DELETE', `${base}/files/${fileId}`),
		addParty: (name: string, role: string) => api<Party>('POST', `${base}/roles`, { name, role }),
		removeParty: (partyId: string) => api('DELETE', `${base}/roles/${partyId}`),
		/** Makes the field; answers its new id. */
		addField: async (field: EditorField): Promise<string> => {
			const place = { fileId: field.fileId, page: field.page, ...field.box };
			if (isSignatureKind(field.kind)) {
				const made = await api<{ id: string }>('POST', `${base}/signatures`, { ...place, roleId: field.partyId, kind: field.kind, required: field.required });
				return made.id;
			}
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
			const made = await api<{ id: string }>('POST', `${base}/annotations`, body);
			return made.id;
		},
		removeField: (field: EditorField) => api('DELETE', `${base}/${isSignatureKind(field.kind) ? 'signatures' : 'annotations'}/${field.savedId}`),
	};
};

export type EditorSource = ReturnType<typeof templateSource>;
