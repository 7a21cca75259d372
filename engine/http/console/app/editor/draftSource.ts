import { api } from '../api';
import type { PdfBox } from './geometry';
import { isSignatureKind, type EditorDocument, type EditorFile, type EditorSource, type Party } from './model';
import { savedField, uploadForm } from './templateSource';

/** A draft as GET /workflows/{id} answers (the part the editor reads). */
interface DraftDetail {
	id: string;
	name: string;
	status: string;
	files: EditorFile[];
	signers: Array<Party & { email: string }>;
	signatures: Array<PdfBox & { id: string; fileId: string; signerId: string; page: number; kind: 'signature' | 'initials'; required: boolean }>;
	annotations: Array<
		PdfBox & { id: string; fileId: string; signerId: string | null; page: number; type: string; value: string | boolean | null; label: string | null; required: boolean; fontSize: number }
	>;
}

const KINDS = new Set(['text', 'date', 'checkbox']);

function documentOf(draft: DraftDetail): EditorDocument {
	return {
		id: draft.id,
		name: draft.name,
		files: draft.files,
		parties: draft.signers.map(({ id, name, role }) => ({ id, name, role })),
		fields: [
			...draft.signatures.map((signature) => savedField(signature.id, signature.kind, signature.signerId, signature, null)),
			// Fixed images are shown by the signing page, not placed here.
			...draft.annotations
				.filter((annotation) => KINDS.has(annotation.type))
				.map((annotation) =>
					savedField(annotation.id, annotation.type as 'text', annotation.signerId, annotation, {
						name: null,
						prefill: 'default',
						value: annotation.value,
						label: annotation.label,
						fontSize: annotation.fontSize,
					}),
				),
		],
	};
}

/** A draft's editor: its signers instead of roles, the draft endpoints. */
export function draftSource(workflowId: string): EditorSource {
	const base = `/workflows/${workflowId}`;
	return {
		partiesRemovable: true,
		partiesArePeople: true,
		load: async () => documentOf(await api<DraftDetail>('GET', base)),
		fileUrl: (fileId) => `/api/v1${base}/files/${fileId}/content?version=original`,
		upload: async (file) => {
			const added = await api<{ textTagFields?: { signatures: unknown[]; annotations: unknown[] } }>('POST', `${base}/files`, uploadForm(file));
			return (added.textTagFields?.signatures.length ?? 0) + (added.textTagFields?.annotations.length ?? 0);
		},
		addParty: ({ name, role, email }) => api<Party>('POST', `${base}/signers`, { name, role, email }),
		changeParty: (signerId, change) => api<Party>('PATCH', `${base}/signers/${signerId}`, change),
		removeParty: (signerId) => api('DELETE', `${base}/signers/${signerId}`),
		addField: async (field) => {
			const place = { fileId: field.fileId, page: field.page, ...field.box };
			if (isSignatureKind(field.kind))
				return (await api<{ id: string }>('POST', `${base}/signatures`, { ...place, signerId: field.partyId, kind: field.kind, required: field.required })).id;
			return (await api<{ id: string }>('POST', `${base}/annotations`, { ...place, signerId: field.partyId, type: field.kind, required: field.required })).id;
		},
		updateField: (field) => {
			const place = { fileId: field.fileId, page: field.page, ...field.box, required: field.required };
			if (isSignatureKind(field.kind)) return api('PATCH', `${base}/signatures/${field.savedId}`, { ...place, signerId: field.partyId });
			// Fixed content has no signer to change.
			return api('PATCH', `${base}/annotations/${field.savedId}`, field.partyId ? { ...place, signerId: field.partyId } : place);
		},
		removeField: (field) => api('DELETE', `${base}/${isSignatureKind(field.kind) ? 'signatures' : 'annotations'}/${field.savedId}`),
	};
}
