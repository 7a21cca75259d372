import { conflict, newId, notFound, type ApiKeyInfo, type ApiKeyMode, type Principal } from '../domain';
import { generateApiKey } from '../security/secrets';
import type { Repository } from '../store/port';
import { ApiKeyUsage } from './apiKeyUsage';
import type { ServiceOptions } from './shared';

export type ApiKeyView = ApiKeyInfo & { revokedAt: string | null; lastUsedAt: string | null };

/** An organization's API keys: more of them, the list, one revoked, one replaced. The keys themselves are shown only when made. */
export class ApiKeys {
	private readonly usage = new ApiKeyUsage();

	constructor(private readonly options: Pick<ServiceOptions, 'store' | 'clock'>) {}

	/** A request was authenticated with the key: remembered, written with the next flush. */
	used(apiKeyId: string): void {
		this.usage.used(apiKeyId, this.now());
	}

	/** Writes the last uses kept in memory (a loop does it every API_KEY_USAGE_FLUSH_MS, and at stop). */
	flushUsage(): Promise<void> {
		return this.usage.flush(this.options.store);
	}

	/** A new key for an existing organization; the key itself is returned only here. */
	async create(organizationId: string, name: string, mode: ApiKeyMode = 'live'): Promise<{ apiKey: string; apiKeyInfo: ApiKeyInfo }> {
		return this.options.store.transaction(async (repository) => {
			if (!(await repository.organizations.get(organizationId))) throw notFound('organization');
			return insertApiKey(repository, organizationId, name, mode, this.now());
		});
	}

	/**
	 * The organization's keys, oldest first, revoked ones with when, and each one's last use (this
	 * process's, not written yet, over the database's); never the keys or their hashes.
	 */
	async list(organizationId: string): Promise<ApiKeyView[]> {
		const keys = await this.options.store.read(async (repository) => {
			if (!(await repository.organizations.get(organizationId))) throw notFound('organization');
			return repository.apiKeys.list(organizationId);
		});
		return keys.map((key) => {
			const unwritten = this.usage.unwritten(key.id);
			return unwritten !== undefined && (key.lastUsedAt === null || key.lastUsedAt < unwritten) ? { ...key, lastUsedAt: unwritten } : key;
		});
	}

	/**
	 * Revokes one of the organization's keys: refused from the next request on in this process
	 * (its cached entry is dropped), and within the store's cache time in other processes. The last
	 * active key is kept: the organization would be left with no way in.
	 */
	async revoke(principal: Pick<Principal, 'organizationId'>, apiKeyId: string): Promise<void> {
		await this.options.store.transaction(async (repository) => {
			const active = await this.activeKeys(repository, principal.organizationId);
			if (!active.some((key) => key.id === apiKeyId)) throw notFound('api_key');
			if (active.length === 1)
				throw conflict('last_api_key', 'This is the organization\'s only active API key: create another one first (POST /api-keys or signflow key create), then revoke this one.');
			await repository.apiKeys.revoke(principal.organizationId, apiKeyId, this.now());
		});
	}

	/** A new key with the same name and mode in place of an active one, which is revoked in the same transaction. */
	async rotate(principal: Pick<Principal, 'organizationId'>, apiKeyId: string): Promise<{ apiKey: string; apiKeyInfo: ApiKeyInfo }> {
		return this.options.store.transaction(async (repository) => {
			const old = (await this.activeKeys(repository, principal.organizationId)).find((key) => key.id === apiKeyId);
			if (!old) throw notFound('api_key');
			const at = this.now();
			const made = await insertApiKey(repository, principal.organizationId, old.name, old.mode, at);
			await repository.apiKeys.revoke(principal.organizationId, apiKeyId, at);
			return made;
		});
	}

	private async activeKeys(repository: Repository, organizationId: string): Promise<ApiKeyView[]> {
		return (await repository.apiKeys.list(organizationId)).filter((key) => key.revokedAt === null);
	}

	private now(): string {
		return this.options.clock.now().toISOString();
	}
}

export async function insertApiKey(
	repository: Repository,
	organizationId: string,
	name: string,
	mode: ApiKeyMode,
	at: string,
	generated = generateApiKey(mode),
): Promise<{ apiKey: string; apiKeyInfo: ApiKeyInfo }> {
	const { key, prefix, keyHash } = generated;
	const apiKeyInfo: ApiKeyInfo = { id: newId(), organizationId, name, mode, prefix, createdAt: at };
	await repository.apiKeys.insert({ ...apiKeyInfo, keyHash });
	return { apiKey: key, apiKeyInfo };
}
