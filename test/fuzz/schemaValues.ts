import fc from 'fast-check';
import type { Schema } from './openapi';
import { Slot, uniformPick } from './slots';
import { EMAILS, TIME_ZONES, realText } from './values';

const pick = uniformPick;

/** An id of the acting organization, mostly; sometimes another organization's (which must never work). */
function idSlot(kind: 'file' | 'signer'): fc.Arbitrary<Slot> {
	return fc.oneof(
		{ arbitrary: pick.map((p) => new Slot(kind, p, 'same')), weight: 12 },
		{ arbitrary: pick.map((p) => new Slot(kind, p, 'self')), weight: 2 },
		{ arbitrary: pick.map((p) => new Slot(kind, p, 'other')), weight: 1 },
	);
}

const PNG_OR_JPEG = fc.constantFrom('png', 'jpeg').map((type) => new Slot('imageBase64', 0, 'self', type));

/**
 * Values for properties whose meaning the schema alone does not carry: ids
 * that exist, coordinates on a page, a webhook URL that answers, dates
 * relative to now. Keeps most generated requests deep in the engine rather
 * than stopped at validation.
 */
const HINTS: Record<string, (schema: Schema) => fc.Arbitrary<unknown>> = {
	fileId: () => idSlot('file'),
	signerId: () => idSlot('signer'),
	page: () => fc.oneof({ arbitrary: fc.constant(1), weight: 8 }, { arbitrary: fc.integer({ min: 2, max: 4 }), weight: 2 }, { arbitrary: fc.integer({ min: 5, max: 600 }), weight: 1 }),
	x: () => fc.oneof({ arbitrary: fc.integer({ min: 0, max: 400 }), weight: 8 }, { arbitrary: fc.double({ min: 0, max: 2000, noNaN: true }), weight: 1 }),
	y: () => fc.oneof({ arbitrary: fc.integer({ min: 0, max: 700 }), weight: 8 }, { arbitrary: fc.double({ min: 0, max: 2000, noNaN: true }), weight: 1 }),
	width: () => fc.oneof(fc.integer({ min: 20, max: 200 }), fc.double({ min: 0.01, max: 1000, noNaN: true })),
	height: () => fc.oneof(fc.integer({ min: 10, max: 80 }), fc.double({ min: 0.01, max: 1000, noNaN: true })),
	fontSize: () => fc.integer({ min: 4, max: 72 }),
	email: () => fc.constantFrom(...EMAILS),
	accessCode: () => fc.oneof(fc.stringMatching(/^[0-9]{4,8}$/), realText(4, 20)),
	url: () => fc.oneof({ arbitrary: fc.constant(new Slot('receiverUrl')), weight: 10 }, { arbitrary: fc.constantFrom('https://example.invalid/hook', 'http://10.255.255.1/x', 'http://localhost:1/'), weight: 1 }),
	expiresAt: () => fc.integer({ min: -3600, max: 120 }).map((seconds) => new Slot('relativeDate', 0, 'self', seconds < -3000 ? seconds : Math.abs(seconds) + 2)),
	since: () => fc.integer({ min: -3600, max: 0 }).map((seconds) => new Slot('relativeDate', 0, 'self', seconds)),
	timeZone: () => fc.oneof({ arbitrary: fc.constantFrom(...TIME_ZONES), weight: 6 }, { arbitrary: fc.constantFrom('Mars/Olympus', '', 'utc', '+05:30'), weight: 1 }),
	retryIntervals: () => fc.array(fc.constantFrom('PT1S', 'PT2S', 'PT5S', 'PT1M', 'PT0S', 'P1D'), { minLength: 1, maxLength: 4 }),
	timeout: () => fc.constantFrom('PT5S', 'PT15S', 'PT1S', 'PT2M'),
	contentBase64: () =>
		fc.oneof(
			{ arbitrary: fc.constantFrom('a4-1page.pdf', 'letter-3pages.pdf', 'mixed-sizes.pdf', 'rotated-90.pdf', 'object-streams.pdf', 'linearized.pdf', 'cairo-producer.pdf').map((name) => new Slot('pdfBase64', 0, 'self', name)), weight: 6 },
			{ arbitrary: fc.constantFrom('encrypted-password.pdf', 'truncated.pdf', 'not-a-pdf.pdf', 'pages-500.pdf').map((name) => new Slot('pdfBase64', 0, 'self', name)), weight: 2 },
			{ arbitrary: PNG_OR_JPEG, weight: 1 },
		),
	value: () => fc.oneof(realText(0, 60), fc.constantFrom('2026-01-31', '1999-12-31'), fc.boolean(), PNG_OR_JPEG),
	name: (schema) => realText(schema.minLength ?? 1, Math.min(schema.maxLength ?? 200, 200)),
	message: (schema) => realText(0, Math.min(schema.maxLength ?? 500, 500)).map((text) => `${text}\nSecond line\tand a tab`),
	reason: () => realText(1, 200),
	label: () => realText(0, 60),
	// Query parameters: cursors the engine handed out look like these; q is searched text.
	cursor: (schema) =>
		schema.pattern
			? stringValue(schema)
			: fc
					.constantFrom<[string, string]>(
						['2026-12-01T00:00:00.000Z', '01a2321d-ab21-71ea-a9c9-2f926ae83334'],
						['2999-01-01T00:00:00.000Z', "' OR 1=1 --"],
						['\u0000', '\u0000'],
						['', ''],
						['not a date', '\ud800'],
					)
					.map((parts) => Buffer.from(JSON.stringify(parts)).toString('base64url')),
	after: () => fc.oneof(fc.nat({ max: 5000 }).map((n) => `evt_${n}`), fc.constantFrom('evt_0', 'evt_-1', 'evt_9007199254740993')),
	q: () => fc.oneof(realText(1, 30), fc.constantFrom('zurich', 'ZU\u0308RICH', 'offer', '%', '_', "'")),
	metadata: () => fc.dictionary(fc.constantFrom('crmId', 'dealId', 'équipe', 'تعريف', 'nested', 'list'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
};

/**
 * A fast-check arbitrary of values that fit a JSON schema of the engine's
 * OpenAPI document, with HINTS for properties whose meaning matters.
 */
export function schemaValue(schema: Schema, name?: string): fc.Arbitrary<unknown> {
	const hint = name ? HINTS[name] : undefined;
	if (hint) return hint(schema);
	if (schema.const !== undefined) return fc.constant(schema.const);
	if (schema.enum) return fc.constantFrom(...schema.enum);
	const branches = schema.anyOf ?? schema.oneOf;
	if (branches) return fc.oneof(...branches.map((branch) => schemaValue(branch, undefined)));
	const type = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
	if (type.length > 1) return fc.oneof(...type.map((one) => schemaValue({ ...schema, type: one })));
	switch (type[0]) {
		case 'object':
			return objectValue(schema);
		case 'array':
			return fc.array(schemaValue(schema.items ?? {}), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 4) });
		case 'string':
			return stringValue(schema);
		case 'integer':
			return fc.integer({ min: schema.minimum ?? -1000, max: Math.min(schema.maximum ?? 1000, 1000) });
		case 'number':
			return fc.double({
				min: schema.minimum ?? schema.exclusiveMinimum ?? -1000,
				max: schema.maximum ?? 1000,
				minExcluded: schema.exclusiveMinimum !== undefined,
				noNaN: true,
			});
		case 'boolean':
			return fc.boolean();
		case 'null':
			return fc.constant(null);
		default:
			return fc.jsonValue({ maxDepth: 2 });
	}
}

function objectValue(schema: Schema): fc.Arbitrary<unknown> {
	const properties = schema.properties ?? {};
	if (Object.keys(properties).length === 0 && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
		const keys = schema.propertyNames?.pattern ? fc.stringMatching(new RegExp(schema.propertyNames.pattern)) : fc.string({ minLength: 1, maxLength: 12 });
		return fc.dictionary(keys, schemaValue(schema.additionalProperties), { maxKeys: 3 });
	}
	const model = Object.fromEntries(Object.entries(properties).map(([key, property]) => [key, schemaValue(property, key)]));
	return fc.record(model, { requiredKeys: (schema.required ?? []).filter((key) => key in model) });
}

function stringValue(schema: Schema): fc.Arbitrary<string> {
	const maxLength = schema.maxLength ?? 200;
	if (schema.pattern) {
		const pattern = new RegExp(schema.pattern);
		return fc.stringMatching(pattern).filter((text) => text.length <= maxLength && text.length >= (schema.minLength ?? 0));
	}
	if (schema.format === 'date-time') return fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((date) => date.toISOString());
	if (schema.format === 'uuid') return fc.uuid();
	return realText(schema.minLength ?? 0, Math.min(maxLength, 200));
}
