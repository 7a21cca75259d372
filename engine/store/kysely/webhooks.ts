import type { Kysely, Selectable } from 'kysely';
import type { WebhookConfig } from '../../domain';
import type { UnitCacheState } from '../caches';
import type { Dialect } from '../dialect';
import type { Repository } from '../port';
import type { Database, WebhooksTable } from '../schema';
import { asWrite, keptRows, updateRowQuery } from './rowWrites';
import { scoped } from './scoped';
import type { Write } from './writes';

/** Webhook configurations; a removed one is kept, out of sight, for its delivery log. */
export function webhookRepository(db: Kysely<Database>, dialect: Dialect, unit: UnitCacheState, write: Write): Repository['webhooks'] {
	/** The organization's configurations that were not removed. */
	const current = (organizationId: string) => scoped(db, organizationId).selectFrom('webhooks').selectAll().where('deletedAt', 'is', null);
	const changed = (organizationId: string) => unit.changes(unit.caches.webhooks, organizationId);

	return {
		async insert(config) {
			changed(config.organizationId);
			await db.insertInto('webhooks').values(webhookToRow(config)).execute();
		},
		async update(config) {
			const { id, organizationId, createdAt: _created, deletedAt: _deleted, ...changes } = webhookToRow(config);
			changed(organizationId);
			await scoped(db, organizationId).updateTable('webhooks').set(changes).where('id', '=', id).execute();
		},
		async updateHealth(organizationId, id, { consecutiveDead, failingSince, lastSuccessAt }) {
			await write(asWrite(db, updateRowQuery(db, dialect, 'webhooks', organizationId, id, { consecutiveDead, failingSince, lastSuccessAt })));
		},
		// Health figures may be read from the list cache up to SHARED_CACHE_TTL_MS old; disabling changes who gets events.
		async disable(organizationId, id, change) {
			changed(organizationId);
			await scoped(db, organizationId)
				.updateTable('webhooks')
				.set({ ...change, enabled: 0 })
				.where('id', '=', id)
				.execute();
		},
		async get(organizationId, id) {
			const [row] = await keptRows<Selectable<WebhooksTable>>(db, `${dialect} webhook`, [organizationId, id], () => current(organizationId).where('id', '=', id).compile());
			return row ? webhookFromRow(row) : null;
		},
		// Read for every event recorded: cached (caches.ts).
		async list(organizationId) {
			const configs = await unit.readThrough(unit.caches.webhooks, organizationId, async () => {
				const rows = await current(organizationId).orderBy('createdAt').orderBy('id').execute();
				return Object.freeze(rows.map((row) => Object.freeze(webhookFromRow(row))));
			});
			return [...configs];
		},
		async remove(organizationId, id, at) {
			// Kept (deleted_at) so the delivery log keeps its configuration; it is never sent to again.
			changed(organizationId);
			await scoped(db, organizationId)
				.updateTable('webhooks')
				.set({ deletedAt: at, enabled: 0, updatedAt: at })
				.where('id', '=', id)
				.execute();
		},
	};
}

/* Rows <-> domain objects. JSON columns are text, booleans 0/1. */

export function webhookFromRow(row: Selectable<WebhooksTable>): WebhookConfig {
	return {
		id: row.id,
		organizationId: row.organizationId,
		name: row.name,
		url: row.url,
		events: JSON.parse(row.events) as WebhookConfig['events'],
		requestFrom: row.requestFrom,
		authType: row.authType as WebhookConfig['authType'],
		authUsername: row.authUsername,
		secretSealed: row.secretSealed,
		headersSealed: row.headersSealed,
		retryIntervals: JSON.parse(row.retryIntervals) as WebhookConfig['retryIntervals'],
		timeout: row.timeout,
		includeWorkflowSummary: Boolean(row.includeWorkflowSummary),
		enabled: Boolean(row.enabled),
		disabledReason: row.disabledReason,
		disabledAt: row.disabledAt,
		disabledBy: row.disabledBy as WebhookConfig['disabledBy'],
		consecutiveDead: Number(row.consecutiveDead),
		failingSince: row.failingSince,
		lastSuccessAt: row.lastSuccessAt,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
	};
}

function webhookToRow(config: WebhookConfig): WebhooksTable {
	return {
		...config,
		events: JSON.stringify(config.events),
		retryIntervals: JSON.stringify(config.retryIntervals),
		includeWorkflowSummary: config.includeWorkflowSummary ? 1 : 0,
		enabled: config.enabled ? 1 : 0,
		deletedAt: null,
	};
}
