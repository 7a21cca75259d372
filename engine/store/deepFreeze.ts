/** Freezes a value read from the database and everything in it (byte arrays stay as they are), so readers can share it. */
export function deepFreeze<V>(value: V): V {
	if (value === null || typeof value !== 'object' || Object.isFrozen(value) || ArrayBuffer.isView(value)) return value;
	for (const inner of Object.values(value)) deepFreeze(inner);
	return Object.freeze(value);
}
