import fc from 'fast-check';
import { isSlot } from './slots';
import { hostileValue } from './values';

type Mutation =
	| { op: 'replace'; at: number; value: unknown }
	| { op: 'delete'; at: number }
	| { op: 'extra'; at: number; key: string; value: unknown }
	| { op: 'wrap' }
	| { op: 'null'; at: number };

const EXTRA_KEYS = ['extra', 'id', 'organizationId', 'status', 'createdAt', 'signedAt', '__proto__', 'constructor', '', ' ', 'é', '$where', 'role'];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
	{ arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }), weight: 8 },
	{ arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat() }), weight: 2 },
	{
		arbitrary: fc.record({
			op: fc.constant('extra' as const),
			at: fc.nat(),
			key: fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ maxLength: 10 })),
			value: fc.oneof(fc.constantFrom('completed', true, 1, null, '00000000-0000-0000-0000-000000000000'), hostileValue),
		}),
		weight: 2,
	},
	{ arbitrary: fc.record({ op: fc.constant('null' as const), at: fc.nat() }), weight: 1 },
	{ arbitrary: fc.constant({ op: 'wrap' as const }), weight: 1 },
);

/** A valid-shaped value with one to three hostile changes: a wrong type, a missing or extra field, a null. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
	return fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([value, mutations]) => mutations.reduce(apply, structuredCloneKeepingSlots(value)));
}

function apply(value: unknown, mutation: Mutation): unknown {
	if (mutation.op === 'wrap') return [value];
	if ('value' in mutation) mutation = { ...mutation, value: structuredCloneKeepingSlots(mutation.value) };
	const containers = containersOf(value);
	if (containers.length === 0) return mutation.op === 'replace' ? mutation.value : mutation.op === 'null' ? null : value;
	const container = containers[mutation.at % containers.length];
	const keys = Object.keys(container);
	if (mutation.op === 'extra') {
		if (Array.isArray(container)) container.push(mutation.value);
		else Object.defineProperty(container, mutation.key, { value: mutation.value, enumerable: true, configurable: true, writable: true });
		return value;
	}
	if (keys.length === 0) return value;
	const key = keys[mutation.at % keys.length];
	if (mutation.op === 'delete') {
		if (Array.isArray(container)) container.splice(Number(key), 1);
		else delete container[key];
	} else (container)[key] = mutation.op === 'null' ? null : mutation.value;
	return value;
}

/** Every object and array inside a value (slots are leaves). */
function containersOf(value: unknown, found: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
	if (value && typeof value === 'object' && !isSlot(value)) {
		found.push(value as Record<string, unknown>);
		for (const child of Object.values(value)) containersOf(child, found);
	}
	return found;
}

function structuredCloneKeepingSlots(value: unknown): unknown {
	if (!value || typeof value !== 'object' || isSlot(value)) return value;
	if (Array.isArray(value)) return value.map(structuredCloneKeepingSlots);
	const copy: Record<string, unknown> = {};
	for (const [key, child] of Object.entries(value))
		Object.defineProperty(copy, key, { value: structuredCloneKeepingSlots(child), enumerable: true, configurable: true, writable: true });
	return copy;
}
