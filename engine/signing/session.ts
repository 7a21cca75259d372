import { CONSENT_TEXT, DEFAULT_PRIMARY_COLOR, blockingSigners, fieldsOf, type SigningState } from '../domain';
import type { StoredInterface } from '../store/port';
import type { SignerLink } from './signingService';

/** What the signing page is given: only what this signer may see. */
export interface SigningSession {
	state: SigningState;
	consentText: string;
	organization: { name: string; primaryColor: string; hasLogo: boolean };
	workflow: { name: string; message: string | null; status: string; expiresAt: string | null; timeZone: string };
	signer: { name: string; email: string; role: string; status: string };
	waitingOn: Array<{ name: string }>;
	files: Array<{ id: string; name: string; pageCount: number; pages: Array<{ width: number; height: number; rotation: number }> }>;
	fields: Array<{
		id: string;
		fileId: string;
		page: number;
		x: number;
		y: number;
		width: number;
		height: number;
		kind: 'signature' | 'initials' | 'text' | 'date' | 'checkbox';
		required: boolean;
		label: string | null;
	}>;
	fixed: Array<{
		fileId: string;
		page: number;
		x: number;
		y: number;
		width: number;
		height: number;
		type: string;
		value: string | boolean | null;
		fontSize: number;
	}>;
}

export function buildSession(
	link: SignerLink,
	state: SigningState,
	context: { branding: StoredInterface | null; organizationName: string },
): SigningSession {
	const { aggregate, signer } = link;
	const { workflow } = aggregate;
	const own = fieldsOf(aggregate, signer.id);
	const showsFields = state === 'ready';
	return {
		state,
		consentText: CONSENT_TEXT,
		organization: {
			name: context.organizationName,
			primaryColor: context.branding?.primaryColor ?? DEFAULT_PRIMARY_COLOR,
			hasLogo: Boolean(context.branding?.logoAssetId),
		},
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
			.map((annotation) => ({ ...box(annotation), type: annotation.type, value: annotation.value, fontSize: annotation.fontSize })),
	};
}

function box(item: { fileId: string; page: number; x: number; y: number; width: number; height: number }) {
	const { fileId, page, x, y, width, height } = item;
	return { fileId, page, x, y, width, height };
}
