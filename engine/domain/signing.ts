import { DateTime } from 'luxon';
import { z } from 'zod';
import type { Transition, WorkflowAggregate } from './aggregate';
import type { Annotation } from './annotation';
import { Base64Content, displayName, multiLineText, singleLineText } from './common';
import { conflict, invalid, type ErrorDetail } from './errors';
import type { PendingEvent } from './event';
import type { SignatureField } from './signature';
import { MAX_ACCESS_ATTEMPTS, withNewLink, type Signer } from './signer';
import { blockingSigners, hasActed, isActor } from './signerOrder';

export const SignValue = z.discriminatedUnion('type', [
	z.strictObject({ type: z.literal('typed'), text: singleLineText(100, 1) }),
	z.strictObject({ type: z.literal('drawn'), pngBase64: Base64Content }),
	z.strictObject({ type: z.literal('text'), value: multiLineText(2000) }),
	z.strictObject({ type: z.literal('date'), value: singleLineText(40) }),
	z.strictObject({ type: z.literal('checkbox'), value: z.boolean() }),
]);
export type SignValue = z.infer<typeof SignValue>;

export const SignInput = z.strictObject({
	consent: z.literal(true, { error: 'Tick the consent to sign electronically.' }),
	values: z.record(z.string(), SignValue).default({}),
	locale: z.string().max(35).optional().describe('The language the page showed, so the consent recorded is the text the signer read'),
});
export type SignInput = z.infer<typeof SignInput>;

export const RefuseInput = z.strictObject({
	reason: multiLineText(2000, 1),
});

export const AccessCodeInput = z.strictObject({ code: singleLineText(64, 1) });

/** What the signing page shows a signer, decided from the workflow and the signer alone. */
export type SigningState =
	| 'ready'
	| 'view_only'
	| 'waiting'
	| 'done'
	| 'refused'
	| 'completed'
	| 'expired'
	| 'cancelled'
	| 'locked';

export function signingState(aggregate: WorkflowAggregate, signer: Signer): SigningState {
	const { status } = aggregate.workflow;
	if (status === 'completed' || status === 'refused' || status === 'expired' || status === 'cancelled') return status;
	if (signer.lockedAt) return 'locked';
	if (!isActor(signer)) return 'view_only';
	if (hasActed(signer)) return 'done';
	if (signer.status === 'active') return 'ready';
	return blockingSigners(aggregate.signers, signer).length > 0 ? 'waiting' : 'ready';
}

export function fieldsOf(aggregate: WorkflowAggregate, signerId: string) {
	return {
		signatures: aggregate.signatures.filter((field) => field.signerId === signerId),
		annotations: aggregate.annotations.filter((annotation) => annotation.signerId === signerId),
	};
}

/**
 * Checks a signer's submitted values against their fields and returns the
 * captured fields. `drawnImages` maps field ids to the stored PNG's SHA-256.
 */
export function captureValues(
	aggregate: WorkflowAggregate,
	signer: Signer,
	values: Record<string, SignValue>,
	drawnImages: ReadonlyMap<string, string>,
	at: string,
): { signatures: SignatureField[]; annotations: Annotation[] } {
	const own = fieldsOf(aggregate, signer.id);
	const details: ErrorDetail[] = [];
	const known = new Set([...own.signatures, ...own.annotations].map((field) => field.id));
	for (const id of Object.keys(values))
		if (!known.has(id)) details.push({ path: `values.${id}`, message: 'Not one of your fields.' });

	const signatures: SignatureField[] = [];
	for (const field of own.signatures) {
		const value = values[field.id];
		if (!value) {
			if (field.required) details.push({ path: `values.${field.id}`, message: `Sign the ${field.kind} field on page ${field.page}.` });
			continue;
		}
		if (value.type === 'typed')
			signatures.push({ ...field, signedAt: at, valueType: 'typed', valueText: value.text, valueImageSha256: null });
		else if (value.type === 'drawn' && drawnImages.has(field.id))
			signatures.push({ ...field, signedAt: at, valueType: 'drawn', valueText: null, valueImageSha256: drawnImages.get(field.id)! });
		else details.push({ path: `values.${field.id}`, message: 'A signature is typed or drawn.' });
	}

	const annotations: Annotation[] = [];
	for (const annotation of own.annotations) {
		const value = values[annotation.id];
		// A field made from a template may hold a default (its value, not yet filled): kept unless the signer sends another.
		const filled = value ? annotationValue(annotation, value) : (annotation.value ?? undefined);
		if (value && filled === undefined) {
			details.push({ path: `values.${annotation.id}`, message: `Expected a ${annotation.type} value.` });
			continue;
		}
		const empty = filled === undefined || filled === '' || filled === false;
		if (empty && annotation.required) {
			details.push({
				path: `values.${annotation.id}`,
				message: `Fill in ${annotation.label ? `"${annotation.label}"` : `the ${annotation.type} field`} on page ${annotation.page}.`,
			});
			continue;
		}
		if (filled !== undefined) annotations.push({ ...annotation, value: filled, filledAt: at });
	}

	if (details.length > 0)
		throw invalid('signing_values_invalid', details[0].message, details);
	return { signatures, annotations };
}

function annotationValue(annotation: Annotation, value: SignValue): string | boolean | undefined {
	if (value.type !== annotation.type) return undefined;
	if (value.type === 'checkbox') return value.value;
	if (value.type === 'date') {
		if (value.value === '') return '';
		const date = DateTime.fromISO(value.value);
		return date.isValid ? date.toISODate() : undefined;
	}
	if (value.type === 'text') return value.value.trim();
	return undefined;
}

/** A wrong access code: counted, and the link locks at the limit. */
/**
 * A wrong access code, the `attempts`-th (each attempt is counted atomically before the
 * code is checked): recorded in the audit trail; the last one allowed locks the link.
 */
export function recordAccessFailure(signer: Signer, attempts: number, now: Date): { signer: Signer; events: PendingEvent[] } {
	const at = now.toISOString();
	const locked = attempts >= MAX_ACCESS_ATTEMPTS;
	const next: Signer = { ...signer, lockedAt: locked ? (signer.lockedAt ?? at) : signer.lockedAt, updatedAt: at };
	const data = { signerId: signer.id, name: signer.name, attempts };
	const events: PendingEvent[] = [{ type: 'signer.access_code_failed', workflowId: signer.workflowId, data }];
	if (locked && !signer.lockedAt) events.push({ type: 'signer.locked', workflowId: signer.workflowId, data });
	return { signer: next, events };
}

/** The first time a signer opens the document. */
export function recordView(signer: Signer, now: Date): { signer: Signer; events: PendingEvent[] } | null {
	if (signer.viewedAt) return null;
	const at = now.toISOString();
	return {
		signer: { ...signer, viewedAt: at, updatedAt: at },
		events: [{ type: 'signer.viewed', workflowId: signer.workflowId, data: { signerId: signer.id, name: signer.name, email: signer.email } }],
	};
}

function assertOutForSigning(aggregate: WorkflowAggregate, action: string): void {
	if (aggregate.workflow.status !== 'sent')
		throw conflict('workflow_not_sent', `Cannot ${action}: the signing workflow is ${aggregate.workflow.status}.`);
}

/** A new link for a signer; the old one stops working and a lock is lifted. */
export function reissueLink(aggregate: WorkflowAggregate, signer: Signer, now: Date): Transition {
	assertOutForSigning(aggregate, 'reissue a link');
	const at = now.toISOString();
	const next = withNewLink(signer, at);
	return {
		workflow: { ...aggregate.workflow, updatedAt: at },
		changedSigners: [next],
		events: [
			{ type: 'signer.reissued', workflowId: aggregate.workflow.id, data: { signerId: signer.id, name: signer.name, email: signer.email } },
		],
	};
}

export const ReissueInput = z.strictObject({
	accessCode: singleLineText(64, 4)
		.optional()
		.describe(
			'A new access code for the new link. After a lock one is required: when left out, the engine makes one and returns it once as accessCode.',
		),
});
export type ReissueInput = z.infer<typeof ReissueInput>;

export const ReassignInput = z.strictObject({
	name: displayName(200),
	email: z.email().max(320),
});
export type ReassignInput = z.infer<typeof ReassignInput>;

/**
 * Hands a signer's place to another person (the wrong address, someone on
 * leave): same role, order and fields, a new link; the old link stops working.
 */
export function reassignSigner(aggregate: WorkflowAggregate, signer: Signer, to: ReassignInput, now: Date): Transition {
	assertOutForSigning(aggregate, 'reassign a signer');
	if (hasActed(signer) || signer.status === 'refused')
		throw conflict('signer_already_acted', `${signer.name} has already ${signer.status}; only someone who has not acted can be replaced.`);
	const at = now.toISOString();
	const next: Signer = { ...withNewLink(signer, at), name: to.name, email: to.email, viewedAt: null };
	return {
		workflow: { ...aggregate.workflow, updatedAt: at },
		changedSigners: [next],
		events: [
			{
				type: 'signer.reassigned',
				workflowId: aggregate.workflow.id,
				data: { signerId: signer.id, name: to.name, email: to.email, previous: { name: signer.name, email: signer.email } },
			},
		],
	};
}

/** Reminds every signer whose turn it is and who has not acted yet. */
export function remindSigners(aggregate: WorkflowAggregate, now: Date): Transition {
	assertOutForSigning(aggregate, 'send reminders');
	const due = aggregate.signers.filter((signer) => signer.status === 'active' && !signer.lockedAt);
	return {
		workflow: { ...aggregate.workflow, updatedAt: now.toISOString() },
		changedSigners: [],
		events: due.map((signer) => ({
			type: 'signer.reminded',
			workflowId: aggregate.workflow.id,
			data: { signerId: signer.id, name: signer.name, email: signer.email },
		})),
	};
}
