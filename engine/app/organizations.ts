import {
	invalid,
	newId,
	notFound,
	UpdateOrganizationInput,
	type ApiKeyInfo,
	type ApiKeyMode,
	type CreateOrganizationInput,
	type Organization,
	type Principal,
} from '../domain';
import { generateApiKey, hashApiKey, type GeneratedApiKey } from '../security/secrets';
import type { Repository } from '../store/port';
import { defaultBrandingRow } from './branding';
import type { ServiceOptions } from './shared';

/** Organizations, their API keys, and which organization a key stands for. */
export class Organizations {
	constructor(private readonly options: Pick<ServiceOptions, 'store' | 'clock'>) {}

	/** A new organization and its first key (made here, or one made beforehand with generateApiKey). */
	async create(
		input: CreateOrganizationInput,
		key: GeneratedApiKey = generateApiKey('live'),
	): Promise<{ organization: Organization; apiKey: string; apiKeyInfo: ApiKeyInfo }> {
		const at = this.options.clock.now().toISOString();
		const organization: Organization = {
			id: newId(),
			name: input.name,
			adminEmail: input.adminEmail ?? null,
			createdAt: at,
		};
		return this.options.store.transaction(async (repository) => {
			await repository.organizations.insert(organization);
			await repository.branding.upsert(defaultBrandingRow(organization.id, at));
			const { apiKey, apiKeyInfo } = await insertApiKey(repository, organization.id, 'Default key', 'live', at, key);
			return { organization, apiKey, apiKeyInfo };
		});
	}

	/** A new key for an existing organization; the key itself is returned only here. */
	async createApiKey(
		organizationId: string,
		name: string,
		mode: ApiKeyMode = 'live',
	): Promise<{ apiKey: string; apiKeyInfo: ApiKeyInfo }> {
		return this.options.store.transaction(async (repository) => {
			if (!(await repository.organizations.get(organizationId))) throw notFound('organization');
			return insertApiKey(repository, organizationId, name, mode, this.options.clock.now().toISOString());
		});
	}

	/** The principal a bearer key stands for, or null for an unknown or revoked key. */
	async authenticate(apiKey: string): Promise<Principal | null> {
		const stored = await this.options.store.read((repository) => repository.apiKeys.findActiveByHash(hashApiKey(apiKey)));
		return stored ? { organizationId: stored.organizationId, apiKeyId: stored.id, mode: stored.mode } : null;
	}

	/**
	 * Revokes one of the organization's keys: refused from the next request on in this process
	 * (its cached entry is dropped), and within the store's cache time in other processes.
	 */
	/** The organization's keys (prefix, name, mode, created, revoked), never the keys or their hashes. */
	async listApiKeys(organizationId: string): Promise<Array<ApiKeyInfo & { revokedAt: string | null }>> {
		return this.options.store.read(async (repository) => {
			if (!(await repository.organizations.get(organizationId))) throw notFound('organization');
			return repository.apiKeys.list(organizationId);
		});
	}

	async revokeApiKey(principal: Pick<Principal, 'organizationId'>, apiKeyId: string): Promise<void> {
		const revoked = await this.options.store.transaction((repository) =>
			repository.apiKeys.revoke(principal.organizationId, apiKeyId, this.options.clock.now().toISOString()),
		);
		if (!revoked) throw notFound('api_key');
	}

	/** Renames the organization or changes its admin address; answers the organization as it now is. */
	async update(principal: Principal, input: UpdateOrganizationInput): Promise<Organization> {
		const parsed = UpdateOrganizationInput.safeParse(input);
		if (!parsed.success)
			throw invalid(
				'invalid_organization',
				`The organization cannot be changed: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
				parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
			);
		return this.options.store.transaction(async (repository) => {
			const current = await repository.organizations.get(principal.organizationId);
			if (!current) throw notFound('organization');
			const updated: Organization = {
				...current,
				...(parsed.data.name === undefined ? {} : { name: parsed.data.name }),
				...(parsed.data.adminEmail === undefined ? {} : { adminEmail: parsed.data.adminEmail }),
			};
			await repository.organizations.update(updated);
			return updated;
		});
	}

	async get(principal: Principal): Promise<Organization> {
		const organization = await this.options.store.read((repository) => repository.organizations.get(principal.organizationId));
		if (!organization) throw notFound('organization');
		return organization;
	}
}

async function insertApiKey(
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
