import type { Kysely, Selectable } from 'kysely';
import { DEFAULT_ORGANIZATION_HEADER, toReminderPolicy, type Organization, type PurgeScope } from '../../domain';
import type { UnitCacheState } from '../caches';
import type { NewOrganization, Repository } from '../port';
import type { Database, OrganizationsTable } from '../schema';
import { scoped } from './scoped';

type OrganizationRepositories = Pick<Repository, 'organizations' | 'apiKeys' | 'assets' | 'branding'>;

/** Organizations and what belongs to them outside workflows: API keys, branding and its images. */
export function organizationRepositories(db: Kysely<Database>, unit: UnitCacheState): OrganizationRepositories {
	return {
		organizations: {
			async insert(organization) {
				unit.changes(unit.caches.organizations, organization.id);
				await db.insertInto('organizations').values(organizationToRow(organization)).execute();
			},
			// Read by every signing page, email and certificate: cached (caches.ts).
			async get(id) {
				const row = await unit.readThrough(unit.caches.organizations, id, async () => {
					const found = await db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
					return found ? Object.freeze(organizationFromRow(found)) : null;
				});
				return row && { ...row };
			},
			async update(organization) {
				const { id, ...changes } = organizationToRow(organization);
				unit.changes(unit.caches.organizations, id);
				await db.updateTable('organizations').set(changes).where('id', '=', id).execute();
			},
		},

		apiKeys: {
			async insert(key) {
				const { organizationId, id, name, mode, prefix, keyHash, createdAt } = key;
				await db.insertInto('apiKeys').values({ id, organizationId, name, mode, prefix, keyHash, createdAt }).execute();
			},
			// Across organizations: the key is the authority that names its organization. Asked on every
			// API request, so active keys are cached (caches.ts says for how long; revoke drops them).
			async findActiveByHash(keyHash) {
				const cached = unit.caches.apiKeys.get(keyHash);
				if (cached && !unit.revokedKeyIds.has(cached.id)) return { ...cached };
				const ticket = unit.caches.apiKeys.ticket();
				const row = await db
					.selectFrom('apiKeys')
					.selectAll()
					.where('keyHash', '=', keyHash)
					.where('revokedAt', 'is', null)
					.executeTakeFirst();
				if (!row) return null;
				const { revokedAt: _revoked, ...rest } = row;
				const key = { ...rest, mode: rest.mode as 'live' | 'test' };
				if (!unit.revokedKeyIds.size) unit.caches.apiKeys.set(keyHash, Object.freeze({ ...key }), ticket);
				return key;
			},
			async list(organizationId) {
				const rows = await scoped(db, organizationId)
					.selectFrom('apiKeys')
					.select(['id', 'organizationId', 'name', 'mode', 'prefix', 'createdAt', 'revokedAt', 'lastUsedAt'])
					.orderBy('createdAt')
					.orderBy('id')
					.execute();
				return rows.map((row) => ({ ...row, mode: row.mode as 'live' | 'test' }));
			},
			// Across organizations: the ids are the keys this process authenticated.
			async recordUse(uses) {
				for (const { id, at } of uses)
					await db
						.updateTable('apiKeys')
						.set({ lastUsedAt: at })
						.where('id', '=', id)
						.where((eb) => eb.or([eb('lastUsedAt', 'is', null), eb('lastUsedAt', '<', at)]))
						.execute();
			},
			async revoke(organizationId, id, at) {
				unit.revokedKeyIds.add(id);
				unit.caches.apiKeys.deleteWhere((key) => key.id === id);
				const result = await scoped(db, organizationId)
					.updateTable('apiKeys')
					.set({ revokedAt: at })
					.where('id', '=', id)
					.where('revokedAt', 'is', null)
					.executeTakeFirst();
				return Number(result.numUpdatedRows) > 0;
			},
		},

		assets: {
			async insert(asset) {
				await db.insertInto('assets').values(asset).execute();
			},
			async get(organizationId, id) {
				const row = await scoped(db, organizationId).selectFrom('assets').selectAll().where('id', '=', id).executeTakeFirst();
				return row ? { ...row, size: Number(row.size) } : null;
			},
		},

		branding: {
			// Read with the organization: cached the same way.
			async get(organizationId) {
				const row = await unit.readThrough(unit.caches.branding, organizationId, async () => {
					const found = await scoped(db, organizationId).selectFrom('interfaces').selectAll().executeTakeFirst();
					return found ? Object.freeze(found) : null;
				});
				return row && { ...row };
			},
			async upsert(row) {
				unit.changes(unit.caches.branding, row.organizationId);
				await db
					.insertInto('interfaces')
					.values(row)
					.onConflict((oc) =>
						oc.column('organizationId').doUpdateSet({
							primaryColor: row.primaryColor,
							iconAssetId: row.iconAssetId,
							logoAssetId: row.logoAssetId,
							updatedAt: row.updatedAt,
						}),
					)
					.execute();
			},
		},
	};
}

function organizationFromRow(row: Selectable<OrganizationsTable>): Organization {
	return {
		id: row.id,
		name: row.name,
		adminEmail: row.adminEmail,
		createdAt: row.createdAt,
		webhookOrganizationHeader: row.webhookOrganizationHeader ?? DEFAULT_ORGANIZATION_HEADER,
		defaultReminderPolicy: row.defaultReminderPolicy ? toReminderPolicy(JSON.parse(row.defaultReminderPolicy) as Parameters<typeof toReminderPolicy>[0]) : null,
		retention: {
			days: row.retentionDays === null ? null : Number(row.retentionDays),
			scope: (row.retentionScope ?? 'documents') as PurgeScope,
			draftDays: row.retentionDraftDays === null ? null : Number(row.retentionDraftDays),
		},
		defaultLocale: row.defaultLocale ?? null,
		embedOrigins: row.embedOrigins ? (JSON.parse(row.embedOrigins) as string[]) : [],
	};
}

/** Settings left out are the defaults (no retention, the default header). */
function organizationToRow(organization: NewOrganization): OrganizationsTable {
	const retention = organization.retention ?? { days: null, scope: 'documents', draftDays: null };
	const header = organization.webhookOrganizationHeader ?? DEFAULT_ORGANIZATION_HEADER;
	return {
		id: organization.id,
		name: organization.name,
		adminEmail: organization.adminEmail,
		createdAt: organization.createdAt,
		webhookOrganizationHeader: header === DEFAULT_ORGANIZATION_HEADER ? null : header,
		defaultReminderPolicy: organization.defaultReminderPolicy ? JSON.stringify(organization.defaultReminderPolicy) : null,
		retentionDays: retention.days,
		retentionScope: retention.scope,
		retentionDraftDays: retention.draftDays,
		defaultLocale: organization.defaultLocale ?? null,
		embedOrigins: organization.embedOrigins?.length ? JSON.stringify(organization.embedOrigins) : null,
	};
}
