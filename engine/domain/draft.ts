import { DateTime } from 'luxon';
import { z } from 'zod';
import type { WorkflowAggregate } from './aggregate';
import { invalid, type ErrorDetail } from './errors';
import type { Signer } from './signer';
import { SignValue, fieldsOf } from './signing';

/** The most a saved draft may take, as JSON: text fields and typed signatures fit many times over. */
export const MAX_DRAFT_BYTES = 64 * 1024;

/** What a signer saves to finish later: the values as POST /sign takes them, drawn signatures left out. */
export const DraftInput = z.strictObject({
	values: z
		.record(z.string().max(100), SignValue)
		.refine((values) => Object.keys(values).length <= 500, { message: 'At most 500 values.' })
		.refine((values) => Buffer.byteLength(JSON.stringify(values)) <= MAX_DRAFT_BYTES, { message: `Must be at most ${MAX_DRAFT_BYTES} bytes as JSON.` }),
});
export type DraftInput = z.infer<typeof DraftInput>;

/** A signer's saved values, kept until they sign, refuse or hand their place on. */
export interface SignerDraft {
	signerId: string;
	workflowId: string;
	values: Record<string, SignValue>;
	savedAt: string;
}

/**
 * Checks draft values against the signer's own fields, as a submission is checked, except that
 * nothing is required yet and a drawn signature is not kept (it is drawn again when signing).
 */
export function checkDraftValues(aggregate: WorkflowAggregate, signer: Signer, values: Record<string, SignValue>): Record<string, SignValue> {
	const own = fieldsOf(aggregate, signer.id);
	const kinds = new Map<string, string>([
		...own.signatures.map((field): [string, string] => [field.id, 'signature']),
		...own.annotations.map((annotation): [string, string] => [annotation.id, annotation.type]),
	]);
	const details: ErrorDetail[] = [];
	const kept: Record<string, SignValue> = {};
	for (const [id, value] of Object.entries(values)) {
		const kind = kinds.get(id);
		const path = `values.${id}`;
		if (!kind) details.push({ path, message: 'Not one of your fields.' });
		else if (kind === 'signature') {
			if (value.type === 'typed') kept[id] = value;
			else if (value.type !== 'drawn') details.push({ path, message: 'A signature is typed or drawn.' });
		} else if (value.type !== kind) details.push({ path, message: `Expected a ${kind} value.` });
		else if (value.type === 'date' && value.value !== '' && !DateTime.fromISO(value.value).isValid) details.push({ path, message: 'Expected a date (YYYY-MM-DD).' });
		else kept[id] = value;
	}
	if (details.length > 0) throw invalid('draft_values_invalid', details[0].message, details);
	return kept;
}
