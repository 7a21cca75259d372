/**
 * A value per key, made on first use and kept while it is among the `capacity` most recently used:
 * a string a document draws once (a hash, an id, a timestamp) soon gives way, while what every
 * document draws (labels, the organization's name) stays.
 */
export function keptRecentlyUsed<V>(map: Map<string, V>, capacity: number, key: string, make: () => V): V {
	let value = map.get(key);
	if (value === undefined) {
		value = make();
		if (map.size >= capacity) map.delete(map.keys().next().value!);
	} else {
		// A Map iterates in insertion order: re-inserted, the key becomes the most recent.
		map.delete(key);
	}
	map.set(key, value);
	return value;
}
