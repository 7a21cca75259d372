import {
	blockingSigners,
	fieldsOf,
	type Annotation,
	type PlacedBox,
	type SignerDraft,
	type SigningState,
	type SignValue,
	type WorkflowAggregate,
} from '../../domain';
import { consentTextFor } from '../../i18n';
import { formatDateValue } from '../../pdf/stamp';
import type { SignerLink } from './signerLink';

/** Where a field or annotation sits: a box on a page (PDF points) of one of the workflow's files. */
export interface FileBox extends PlacedBox {
	fileId: string;
}

/** What a signer fills in or signs in a field. */
export type FieldKind = 'signature' | 'initials' | 'text' | 'date' | 'checkbox';

/** What the signing page is given: only what this signer may see. */
export interface SigningSession {
	state: SigningState;
	/** The language the page shows (a supported BCP 47 tag); the consent text is in it. */
	locale: string;
	consentText: string;
	organization: { name: string; primaryColor: string; hasLogo: boolean };
	workflow: { name: string; message: string | null; status: string; expiresAt: string | null; timeZone: string };
	signer: { name: string; email: string; role: string; status: string };
	waitingOn: Array<{ name: string }>;
	files: Array<{ id: string; name: string; pageCount: number; pages: Array<{ width: number; height: number; rotation: number }> }>;
	fields: Array<FileBox & { id: string; kind: FieldKind; required: boolean; label: string | null }>;
	fixed: Array<FileBox & { type: string; value: string | boolean | null; fontSize: number }>;
	/** What other parties already filled in and signed, drawn in place so the next party sees what they sign or approve. */
	completed: CompletedField[];
	/** Whether the signer may hand their place to someone else (the sender allowed it and it is their turn). */
	canDelegate: boolean;
	/** What the signer saved to finish later, over their fields' defaults (from a template; savedAt null when only those), restored into their fields. */
	draft: { values: Record<string, SignValue>; savedAt: string | null } | null;
}

/** A field another party of this workflow has filled in or signed. */
export interface CompletedField extends FileBox {
	kind: FieldKind;
	/** Who filled it in. */
	by: string;
	/** Text size in points of a filled text or date (the stamp shrinks it to fit the box). */
	fontSize: number | null;
	value:
		| { type: 'typed'; text: string }
		| { type: 'drawn'; pngBase64: string }
		| { type: 'text'; text: string }
		| { type: 'checkbox'; checked: boolean };
}

/** States in which the page shows the document. */
export function showsDocument(state: SigningState): boolean {
	return state === 'ready' || state === 'view_only';
}

/**
 * The fields other parties have completed, with their values as the stamp
 * will draw them (dates formatted alike). `drawn` holds the drawn signatures'
 * PNGs (base64) by field id.
 */
export function completedFields(aggregate: WorkflowAggregate, signerId: string, drawn: ReadonlyMap<string, string>, locale = 'en'): CompletedField[] {
	const nameOf = new Map(aggregate.signers.map((signer) => [signer.id, signer.name]));
	const result: CompletedField[] = [];
	for (const field of aggregate.signatures) {
		if (field.signerId === signerId || !field.signedAt) continue;
		const by = nameOf.get(field.signerId) ?? '';
		if (field.valueType === 'typed' && field.valueText)
			result.push({ ...box(field), kind: field.kind, by, fontSize: null, value: { type: 'typed', text: field.valueText } });
		else if (field.valueType === 'drawn' && drawn.has(field.id))
			result.push({ ...box(field), kind: field.kind, by, fontSize: null, value: { type: 'drawn', pngBase64: drawn.get(field.id)! } });
	}
	for (const annotation of aggregate.annotations) {
		if (annotation.signerId === null || annotation.signerId === signerId || !annotation.filledAt || annotation.value === null) continue;
		const by = nameOf.get(annotation.signerId) ?? '';
		const kind = annotation.type as FieldKind;
		const { fontSize } = annotation;
		if (annotation.type === 'checkbox') result.push({ ...box(annotation), kind, by, fontSize, value: { type: 'checkbox', checked: annotation.value === true } });
		else if (typeof annotation.value === 'string' && annotation.value !== '') {
			const text = annotation.type === 'date' ? formatDateValue(annotation.value, aggregate.workflow.timeZone, locale) : annotation.value;
			result.push({ ...box(annotation), kind, by, fontSize, value: { type: 'text', text } });
		}
	}
	return result;
}

export function buildSession(
	link: SignerLink,
	state: SigningState,
	context: { organization: SigningSession['organization']; locale: string; drawn: ReadonlyMap<string, string>; draft?: SignerDraft | null },
): SigningSession {
	const { aggregate, signer } = link;
	const { workflow } = aggregate;
	const own = fieldsOf(aggregate, signer.id);
	const showsFields = state === 'ready';
	return {
		state,
		locale: context.locale,
		consentText: consentTextFor(signer.role, context.locale),
		organization: context.organization,
		workflow: {
			name: workflow.name,
			message: workflow.message,
			status: workflow.status,
			expiresAt: workflow.expiresAt,
			timeZone: workflow.timeZone,
		},
		signer: { name: signer.name, email: signer.email, role: signer.role, status: signer.status },
		waitingOn: state === 'waiting' ? blockingSigners(aggregate.signers, signer).map((other) => ({ name: other.name })) : [],
		files: aggregate.files.map((file) => ({
			id: file.id,
			name: file.name,
			pageCount: file.pageCount,
			pages: file.pages.map(({ width, height, rotation }) => ({ width, height, rotation })),
		})),
		fields: showsFields
			? [
					...own.signatures.map((field) => ({ ...box(field), id: field.id, kind: field.kind, required: field.required, label: null })),
					...own.annotations.map((annotation) => ({
						...box(annotation),
						id: annotation.id,
						kind: annotation.type as 'text' | 'date' | 'checkbox',
						required: annotation.required,
						label: annotation.label,
					})),
				]
			: [],
		fixed: aggregate.annotations
			.filter((annotation) => annotation.signerId === null && annotation.type !== 'image')
			.map((annotation) => ({
				...box(annotation),
				type: annotation.type,
				// Dates written out in the page's language.
				value: annotation.type === 'date' && typeof annotation.value === 'string' ? formatDateValue(annotation.value, workflow.timeZone, context.locale) : annotation.value,
				fontSize: annotation.fontSize,
			})),
		completed: showsDocument(state) ? completedFields(aggregate, signer.id, context.drawn, context.locale) : [],
		canDelegate: showsFields && workflow.allowDelegation,
		draft: showsFields ? withDefaults(own.annotations, context.draft ?? null) : null,
	};
}

function box(item: FileBox): FileBox {
	const { fileId, page, x, y, width, height } = item;
	return { fileId, page, x, y, width, height };
}

/** The signer's saved values over the defaults their fields hold (made from a template); null when neither. */
function withDefaults(annotations: readonly Annotation[], saved: SignerDraft | null): SigningSession['draft'] {
	const defaults: Record<string, SignValue> = {};
	for (const annotation of annotations) {
		if (annotation.filledAt !== null || annotation.value === null) continue;
		if (annotation.type === 'checkbox' && typeof annotation.value === 'boolean') defaults[annotation.id] = { type: 'checkbox', value: annotation.value };
		else if ((annotation.type === 'text' || annotation.type === 'date') && typeof annotation.value === 'string') defaults[annotation.id] = { type: annotation.type, value: annotation.value };
	}
	if (!saved && Object.keys(defaults).length === 0) return null;
	return { values: { ...defaults, ...saved?.values }, savedAt: saved?.savedAt ?? null };
}
