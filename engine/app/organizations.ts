import {
	changedRetention,
	DEFAULT_ORGANIZATION_HEADER,
	invalid,
	newId,
	notFound,
	UpdateOrganizationInput,
	type ApiKeyInfo,
	type CreateOrganizationInput,
	type Organization,
	type Principal,
} from '../domain';
import { generateApiKey, hashApiKey, type GeneratedApiKey } from '../security/secrets';
import { insertApiKey } from './apiKeys';
import { defaultBrandingRow } from './branding';
import type { ServiceOptions } from './shared';

/** Organizations, and which organization a key stands for (its keys: apiKeys.ts). */
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
			webhookOrganizationHeader: DEFAULT_ORGANIZATION_HEADER,
			defaultReminderPolicy: null,
			retention: { days: null, scope: 'documents', draftDays: null },
			defaultLocale: null,
			embedOrigins: [],
		};
		return this.options.store.transaction(async (repository) => {
			await repository.organizations.insert(organization);
			await repository.branding.upsert(defaultBrandingRow(organization.id, at));
			const { apiKey, apiKeyInfo } = await insertApiKey(repository, organization.id, 'Default key', 'live', at, key);
			return { organization, apiKey, apiKeyInfo };
		});
	}


	/** The principal a bearer key stands for, or null for an unknown or revoked key. */
	async authenticate(apiKey: string): Promise<Principal | null> {
		const stored = await this.options.store.read((repository) => repository.apiKeys.findActiveByHash(hashApiKey(apiKey)));
		return stored ? { organizationId: stored.organizationId, apiKeyId: stored.id, mode: stored.mode } : null;
	}


	/** Renames the organization or changes its admin address or settings; answers the organization as it now is. */
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
				...(parsed.data.webhookOrganizationHeader === undefined ? {} : { webhookOrganizationHeader: parsed.data.webhookOrganizationHeader }),
				...(parsed.data.defaultReminderPolicy === undefined ? {} : { defaultReminderPolicy: parsed.data.defaultReminderPolicy }),
				...(parsed.data.retention === undefined
					? {}
					: { retention: changedRetention(current.retention, parsed.data.retention) }),
				...(parsed.data.defaultLocale === undefined ? {} : { defaultLocale: parsed.data.defaultLocale }),
				...(parsed.data.embedOrigins === undefined ? {} : { embedOrigins: parsed.data.embedOrigins }),
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
