import type { Store } from '../store/port';

/** How often the last uses kept in memory are written (and so how far behind `lastUsedAt` may be). */
export const API_KEY_USAGE_FLUSH_MS = 60_000;

/**
 * When each API key this process authenticated was last used: kept in memory on every request
 * (no write per request) and written a minute at a time (`flush`, from a loop in the runtime).
 */
export class ApiKeyUsage {
	private pending = new Map<string, string>();

	used(apiKeyId: string, at: string): void {
		const seen = this.pending.get(apiKeyId);
		if (seen === undefined || seen < at) this.pending.set(apiKeyId, at);
	}

	/** A use not written yet, which a list shows over the database's older value. */
	unwritten(apiKeyId: string): string | undefined {
		return this.pending.get(apiKeyId);
	}

	/** Writes what was used since the last flush; kept for the next one if the write fails. */
	async flush(store: Store): Promise<void> {
		if (this.pending.size === 0) return;
		const uses = [...this.pending].map(([id, at]) => ({ id, at }));
		this.pending = new Map();
		try {
			await store.transaction((repository) => repository.apiKeys.recordUse(uses));
		} catch (error) {
			for (const { id, at } of uses) this.used(id, at);
			throw error;
		}
	}
}
