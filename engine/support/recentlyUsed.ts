/**
 * A value per key, made on first use and kept while it is among the recently used: a string a
 * document draws once (a hash, an id, a timestamp) soon gives way, while what every document draws
 * (labels, the organization's name) stays.
 *
 * Two generations, each of at most half the capacity: values are found in the young one, or moved
 * there from the old one; when the young one is full it becomes the old one, and what the old one
 * still held (unused for a whole generation) is let go. A hit is one lookup: an exact
 * least-recently-used order took a delete and a re-insert per hit, which in the finalization worker
 * cost more than the lookups it saved for strings used once.
 */
export class RecentlyUsed<V> {
	private young = new Map<string, V>();
	private old = new Map<string, V>();
	private readonly generation: number;

	constructor(capacity: number) {
		if (!Number.isInteger(capacity) || capacity < 2) throw new Error(`A capacity of at least 2 is needed, not ${capacity}.`);
		this.generation = Math.floor(capacity / 2);
	}

	get(key: string, make: () => V): V {
		let value = this.young.get(key);
		if (value !== undefined) return value;
		value = this.old.get(key);
		if (value === undefined) value = make();
		else this.old.delete(key);
		if (this.young.size >= this.generation) {
			this.old = this.young;
			this.young = new Map();
		}
		this.young.set(key, value);
		return value;
	}

	/** How many values are kept (at most the capacity). */
	get size(): number {
		return this.young.size + this.old.size;
	}

	has(key: string): boolean {
		return this.young.has(key) || this.old.has(key);
	}
}
