import type { Kysely, Migration } from 'kysely';

/**
 * Templates: a row each with its roles, signature fields and annotations as JSON (they are read and
 * written with their template, never queried alone), and their files as rows of their own, which
 * name blobs as workflow files do: removing a blob looks for them (store/kysely/blobsInUse.ts).
 * Like workflows, a template is live or test (`test`), and listed newest first per mode.
 */
export function templatesSchema(): Migration {
	return {
		async up(db: Kysely<unknown>) {
			await db.schema
				.createTable('templates')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
				.addColumn('name', 'text', (c) => c.notNull())
				.addColumn('description', 'text')
				.addColumn('message', 'text')
				.addColumn('expires_in', 'text')
				.addColumn('time_zone', 'text', (c) => c.notNull())
				.addColumn('reminder_policy', 'text')
				.addColumn('request_from', 'text')
				.addColumn('metadata', 'text', (c) => c.notNull())
				.addColumn('allow_delegation', 'integer', (c) => c.notNull().defaultTo(0))
				.addColumn('locale', 'text')
				.addColumn('test', 'integer', (c) => c.notNull().defaultTo(0))
				.addColumn('roles', 'text', (c) => c.notNull())
				.addColumn('signatures', 'text', (c) => c.notNull())
				.addColumn('annotations', 'text', (c) => c.notNull())
				.addColumn('created_at', 'text', (c) => c.notNull())
				.addColumn('updated_at', 'text', (c) => c.notNull())
				.execute();
			await db.schema.createIndex('templates_by_mode_created').on('templates').columns(['organization_id', 'test', 'created_at', 'id']).execute();
			await db.schema
				.createTable('template_files')
				.addColumn('id', 'text', (c) => c.primaryKey())
				.addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
				.addColumn('template_id', 'text', (c) => c.notNull().references('templates.id'))
				.addColumn('name', 'text', (c) => c.notNull())
				.addColumn('sha256', 'text', (c) => c.notNull())
				.addColumn('size', 'integer', (c) => c.notNull())
				.addColumn('page_count', 'integer', (c) => c.notNull())
				.addColumn('pages', 'text', (c) => c.notNull())
				.addColumn('created_at', 'text', (c) => c.notNull())
				.execute();
			await db.schema.createIndex('template_files_by_template').on('template_files').column('template_id').execute();
			await db.schema.createIndex('template_files_by_sha256').on('template_files').column('sha256').execute();
		},
	};
}
