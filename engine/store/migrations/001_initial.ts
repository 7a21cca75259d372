import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect';

/** The first schema: organizations, keys, branding, workflows and their parts, events. */
export function initialSchema(dialect: Dialect): Migration {
	return {
		async up(db: Kysely<unknown>) {
			await db.schema
				.createTable('organizations')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('name', 'text', (c) => c.notNull())
				.addColumn('admin_email', 'text')
				.addColumn('created_at', 'text', (c) => c.notNull())
				.execute();

			await db.schema
				.createTable('api_keys')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
				.addColumn('name', 'text', (c) => c.notNull())
				.addColumn('mode', 'text', (c) => c.notNull())
				.addColumn('prefix', 'text', (c) => c.notNull())
				.addColumn('key_hash', 'text', (c) => c.notNull().unique())
				.addColumn('created_at', 'text', (c) => c.notNull())
				.addColumn('revoked_at', 'text')
				.execute();

			await db.schema
				.createTable('assets')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
				.addColumn('sha256', 'text', (c) => c.notNull())
				.addColumn('mime_type', 'text', (c) => c.notNull())
				.addColumn('size', 'integer', (c) => c.notNull())
				.addColumn('created_at', 'text', (c) => c.notNull())
				.execute();

			await db.schema
				.createTable('interfaces')
				.addColumn('interface_id', 'text', (c) => c.primaryKey())
				.addColumn('organization_id', 'text', (c) => c.notNull().unique().references('organizations.id'))
				.addColumn('primary_color', 'text')
				.addColumn('icon_asset_id', 'text', (c) => c.references('assets.id'))
				.addColumn('logo_asset_id', 'text', (c) => c.references('assets.id'))
				.addColumn('created_at', 'text', (c) => c.notNull())
				.addColumn('updated_at', 'text', (c) => c.notNull())
				.execute();

			await db.schema
				.createTable('workflows')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
				.addColumn('name', 'text', (c) => c.notNull())
				.addColumn('message', 'text')
				.addColumn('status', 'text', (c) => c.notNull())
				.addColumn('time_zone', 'text', (c) => c.notNull())
				.addColumn('expires_at', 'text')
				.addColumn('request_from', 'text')
				.addColumn('metadata', 'text', (c) => c.notNull())
				.addColumn('reminder_policy', 'text')
				.addColumn('cancel_reason', 'text')
				.addColumn('created_at', 'text', (c) => c.notNull())
				.addColumn('updated_at', 'text', (c) => c.notNull())
				.addColumn('sent_at', 'text')
				.addColumn('ended_at', 'text')
				.execute();
			await db.schema
				.createIndex('workflows_by_org_created')
				.on('workflows')
				.columns(['organization_id', 'created_at', 'id'])
				.execute();
			await db.schema
				.createIndex('workflows_by_org_status_created')
				.on('workflows')
				.columns(['organization_id', 'status', 'created_at', 'id'])
				.execute();
			await db.schema.createIndex('workflows_by_status_expiry').on('workflows').columns(['status', 'expires_at']).execute();

			await db.schema
				.createTable('files')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
				.addColumn('workflow_id', 'text', (c) => c.notNull().references('workflows.id'))
				.addColumn('name', 'text', (c) => c.notNull())
				.addColumn('sha256', 'text', (c) => c.notNull())
				.addColumn('size', 'integer', (c) => c.notNull())
				.addColumn('page_count', 'integer', (c) => c.notNull())
				.addColumn('pages', 'text', (c) => c.notNull())
				.addColumn('signed_sha256', 'text')
				.addColumn('signed_size', 'integer')
				.addColumn('created_at', 'text', (c) => c.notNull())
				.execute();

			await db.schema
				.createTable('signers')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
				.addColumn('workflow_id', 'text', (c) => c.notNull().references('workflows.id'))
				.addColumn('name', 'text', (c) => c.notNull())
				.addColumn('email', 'text', (c) => c.notNull())
				.addColumn('role', 'text', (c) => c.notNull())
				.addColumn('sign_order', 'integer', (c) => c.notNull())
				.addColumn('status', 'text', (c) => c.notNull())
				.addColumn('access_code_hash', 'text')
				.addColumn('signed_at', 'text')
				.addColumn('refused_at', 'text')
				.addColumn('refusal_reason', 'text')
				.addColumn('created_at', 'text', (c) => c.notNull())
				.addColumn('updated_at', 'text', (c) => c.notNull())
				.execute();

			for (const table of ['signatures', 'annotations'] as const) {
				let builder = db.schema
					.createTable(table)
					.addColumn('id', 'text', (c) => c.primaryKey())
					.addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
					.addColumn('workflow_id', 'text', (c) => c.notNull().references('workflows.id'))
					.addColumn('file_id', 'text', (c) => c.notNull().references('files.id'))
					.addColumn('signer_id', 'text', (c) => (table === 'signatures' ? c.notNull() : c).references('signers.id'))
					.addColumn('page', 'integer', (c) => c.notNull())
					.addColumn('x', 'double precision', (c) => c.notNull())
					.addColumn('y', 'double precision', (c) => c.notNull())
					.addColumn('width', 'double precision', (c) => c.notNull())
					.addColumn('height', 'double precision', (c) => c.notNull())
					.addColumn('required', 'integer', (c) => c.notNull())
					.addColumn('created_at', 'text', (c) => c.notNull());
				builder =
					table === 'signatures'
						? builder.addColumn('kind', 'text', (c) => c.notNull()).addColumn('signed_at', 'text')
						: builder
								.addColumn('type', 'text', (c) => c.notNull())
								.addColumn('value', 'text')
								.addColumn('image_asset_id', 'text', (c) => c.references('assets.id'))
								.addColumn('label', 'text')
								.addColumn('font_size', 'double precision', (c) => c.notNull())
								.addColumn('filled_at', 'text');
				await builder.execute();
			}
			for (const table of ['files', 'signers', 'signatures', 'annotations'])
				await db.schema.createIndex(`${table}_by_workflow`).on(table).column('workflow_id').execute();

			await db.schema
				.createTable('events')
				.addColumn('seq', dialect === 'postgres' ? sql`bigint generated by default as identity` : 'integer', (c) =>
					dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
				)
				.addColumn('id', 'text', (c) => c.notNull().unique())
				.addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
				.addColumn('workflow_id', 'text', (c) => c.references('workflows.id'))
				.addColumn('sequence', 'integer', (c) => c.notNull())
				.addColumn('type', 'text', (c) => c.notNull())
				.addColumn('actor_type', 'text', (c) => c.notNull())
				.addColumn('actor_id', 'text')
				.addColumn('ip', 'text')
				.addColumn('user_agent', 'text')
				.addColumn('created_at', 'text', (c) => c.notNull())
				.addColumn('data', 'text', (c) => c.notNull())
				.addColumn('prev_hash', 'text')
				.addColumn('hash', 'text', (c) => c.notNull())
				.execute();
			await db.schema
				.createIndex('events_by_workflow_sequence')
				.on('events')
				.columns(['workflow_id', 'sequence'])
				.unique()
				.execute();
			await db.schema.createIndex('events_by_org_seq').on('events').columns(['organization_id', 'seq']).execute();
		},
	};
}
