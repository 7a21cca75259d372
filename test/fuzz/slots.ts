import fc from 'fast-check';

/**
 * Placeholders inside a generated request, filled in just before it is sent:
 * fast-check generates requests ahead of time, but the ids they should use
 * (workflows, files, signers, tokens...) exist only once earlier requests
 * have created them. A slot says what kind of value it wants and `pick`
 * (in [0, 1)) chooses among the candidates, so a seed gives the same choices
 * over the same state.
 */
export type SlotKind =
	/** An id of a workflow, file, signer, field, webhook or delivery; `owner` says whose. */
	| 'workflow'
	| 'file'
	| 'signer'
	| 'field'
	| 'webhook'
	| 'delivery'
	/** A signing-link token. */
	| 'token'
	/** The local webhook receiver's URL. */
	| 'receiverUrl'
	/** An ISO date `arg` seconds from now (negative: in the past). */
	| 'relativeDate'
	/** A PDF of test/fixtures/pdf (`arg` is its name), base64. */
	| 'pdfBase64'
	/** A small image, base64 (`arg`: png or jpeg). */
	| 'imageBase64'
	/** Valid values for every field of the signer the request's token belongs to. */
	| 'signValues'
	/** The access code the signer of the request's token was given. */
	| 'accessCode'
	/** JSON text inserted as is (deep nesting, 1e999, duplicate keys). */
	| 'rawJson';

/** Whose ids: the acting organization's, another organization's, or a particular state's. */
export type Owner = 'self' | 'other' | 'same';

export class Slot {
	constructor(
		readonly kind: SlotKind,
		readonly pick = 0,
		readonly owner: Owner = 'self',
		/** Which candidates to prefer (a workflow status, a signer state) or a kind-specific argument. */
		readonly arg: string | number | null = null,
	) {}

	toJSON() {
		return { $slot: this.kind, owner: this.owner, pick: Number(this.pick.toFixed(4)), arg: this.arg };
	}
}

export function isSlot(value: unknown): value is Slot {
	return value instanceof Slot;
}

/** A choice in [0, 1), uniform (fast-check's own bias towards extremes would always pick the first or last candidate). */
export const uniformPick: fc.Arbitrary<number> = fc.noBias(fc.integer({ min: 0, max: 0x7fffffff })).map((n) => n / 0x80000000);
