import type { Organization, WebhookConfig } from '../domain';
import { LinkReads } from './linkReads';
import type { StoredApiKey, StoredBranding } from './port';

/**
 * How long a cached API key, webhook list, organization or branding is trusted without asking the
 * database. The process that changes one drops its entry at once (on write and again after
 * commit); other processes on the same PostgreSQL database see the change within this time. One
 * lookup per key or organization per second costs nothing next to one per request.
 */
export const SHARED_CACHE_TTL_MS = 1000;

/** The head of a workflow's audit chain: its last event's sequence and hash (sequence 0: no event yet). */
export interface ChainHead {
	sequence: number;
	hash: string | null;
}

/**
 * A map of values read from the database, each trusted for `ttlMs`. A fill carries the generation
 * read before the database was asked: an invalidation in between (a write, a commit) wins.
 */
export class TtlCache<K, V> {
	private readonly entries = new Map<K, { value: V; at: number }>();
	private generation = 0;

	constructor(
		private readonly ttlMs: number,
		private readonly maxEntries: number,
	) {}

	get(key: K): V | undefined {
		const entry = this.entries.get(key);
		if (!entry) return undefined;
		if (Date.now() - entry.at < this.ttlMs) return entry.value;
		this.entries.delete(key);
		return undefined;
	}

	/** Call before reading what will be stored with `set`. */
	ticket(): number {
		return this.generation;
	}

	set(key: K, value: V, ticket: number): void {
		if (ticket !== this.generation) return;
		if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
		this.entries.set(key, { value, at: Date.now() });
	}

	delete(key: K): void {
		this.generation += 1;
		this.entries.delete(key);
	}

	deleteWhere(matches: (value: V) => boolean): void {
		this.generation += 1;
		for (const [key, entry] of this.entries) if (matches(entry.value)) this.entries.delete(key);
	}

	clear(): void {
		this.generation += 1;
		this.entries.clear();
	}
}

/** A map that forgets its oldest entries past `maxEntries`. */
export class BoundedMap<K, V> {
	private readonly entries = new Map<K, V>();

	constructor(private readonly maxEntries: number) {}

	get(key: K): V | undefined {
		return this.entries.get(key);
	}

	set(key: K, value: V): void {
		this.entries.delete(key);
		if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
		this.entries.set(key, value);
	}

	delete(key: K): void {
		this.entries.delete(key);
	}

	clear(): void {
		this.entries.clear();
	}
}

/**
 * What one store keeps in memory between transactions, so the hot paths do not re-read it:
 * active API keys by hash; each organization's webhook configurations, row and branding (read by
 * every event recorded, signing page, email and certificate); and the head of each
 * workflow's audit chain. The chain heads need no expiry: they are a guess that the unique
 * (workflow, sequence) index checks on every append (events.ts re-reads the head on a conflict),
 * so a head another process moved on costs one retry, never a broken chain.
 */
export class StoreCaches {
	readonly apiKeys: TtlCache<string, StoredApiKey>;
	readonly webhooks: TtlCache<string, readonly WebhookConfig[]>;
	readonly organizations: TtlCache<string, Readonly<Organization> | null>;
	readonly branding: TtlCache<string, Readonly<StoredBranding> | null>;
	readonly chainHeads = new BoundedMap<string, ChainHead>(50_000);
	/** PostgreSQL: signing links read lately (linkReads.ts). */
	readonly links: LinkReads;

	constructor(ttlMs = SHARED_CACHE_TTL_MS) {
		this.links = new LinkReads(ttlMs);
		this.apiKeys = new TtlCache(ttlMs, 10_000);
		this.webhooks = new TtlCache(ttlMs, 10_000);
		this.organizations = new TtlCache(ttlMs, 10_000);
		this.branding = new TtlCache(ttlMs, 10_000);
	}

	/** After a commit failed: what this process believed of the database may be wrong. */
	clear(): void {
		this.apiKeys.clear();
		this.webhooks.clear();
		this.organizations.clear();
		this.branding.clear();
		this.chainHeads.clear();
		this.links.clear();
	}
}

/** What one unit of work (a transaction, or one member of a group commit) changes in the caches, applied only after it commits. */
export class UnitCacheState {
	/** Chain heads this unit moved (or created: a new workflow starts at sequence 0). */
	readonly heads = new Map<string, ChainHead>();
	/** Chains this unit appended to at a sequence nobody confirmed free before its commit (events.ts, PostgreSQL). */
	readonly guessedHeads = new Set<string>();
	/** Entries this unit changed in the database, by cache: read from the database, not the cache, and dropped again after commit. */
	private readonly changed = new Map<TtlCache<string, unknown>, Set<string>>();
	/** API keys this unit revoked. */
	readonly revokedKeyIds = new Set<string>();

	constructor(readonly caches: StoreCaches) {}

	/** Before a write that changes what `cache` holds for `key`: drops it now (so no one caches what the write replaces) and again after commit. */
	changes<V>(cache: TtlCache<string, V>, key: string): void {
		let keys = this.changed.get(cache);
		if (!keys) this.changed.set(cache, (keys = new Set()));
		keys.add(key);
		cache.delete(key);
	}

	/**
	 * `key`'s value from `cache`, or from `load` (then kept: values are frozen, callers copy what they
	 * change), except within a unit that changed it: it must see its own uncommitted change, and no one else may.
	 */
	async readThrough<V>(cache: TtlCache<string, V>, key: string, load: () => Promise<V>): Promise<V> {
		const mine = this.changed.get(cache)?.has(key) ?? false;
		if (!mine) {
			const cached = cache.get(key);
			if (cached !== undefined) return cached;
		}
		const ticket = cache.ticket();
		const value = await load();
		if (!mine) cache.set(key, value, ticket);
		return value;
	}

	/** The unit lost a race for a chain's sequence: its guesses of those chains' heads are dropped. */
	forgetGuessedHeads(): void {
		for (const workflowId of this.guessedHeads) this.caches.chainHeads.delete(workflowId);
	}

	/** Publishes the unit's changes once its commit is durable. */
	committed(): void {
		for (const [workflowId, head] of this.heads) this.caches.chainHeads.set(workflowId, head);
		for (const [cache, keys] of this.changed) for (const key of keys) cache.delete(key);
		if (this.revokedKeyIds.size) this.caches.apiKeys.deleteWhere((key) => this.revokedKeyIds.has(key.id));
	}
}
