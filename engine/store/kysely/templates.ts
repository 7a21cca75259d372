import { sql, type Kysely, type Selectable } from 'kysely';
import { toReminderPolicy, type ListTemplatesQuery, type Template, type TemplateFile, type WorkflowScope } from '../../domain';
import type { Dialect } from '../dialect';
import { LIKE_ESCAPE, containsPattern, foldForSearch } from '../nameSearch';
import type { Repository, TemplatePage } from '../port';
import type { Database, TemplateFilesTable, TemplatesTable } from '../schema';
import { scoped, scopedRowById } from './scoped';
import { decodeCursor, pageOf } from './workflowCursor';
import type { Write } from './writes';

/** Templates (roles and fields as JSON) and their files. */
export function templateRepository(db: Kysely<Database>, dialect: Dialect, write: Write): Repository['templates'] {
	return {
		async insert(template) {
			await write(db.insertInto('templates').values(templateToRow(template)));
		},
		async get(scope, id, options) {
			const row = await scopedRowById(db, scope, 'templates', id, options?.forUpdate === true && dialect === 'postgres');
			return row ? templateFromRow(row) : null;
		},
		async update(template) {
			const { id, organizationId, createdAt: _createdAt, test: _test, ...changes } = templateToRow(template);
			await write(scoped(db, organizationId).updateTable('templates').set(changes).where('id', '=', id));
		},
		list(scope, query) {
			return listTemplates(db, scope, query);
		},
		async remove(organizationId, id) {
			await write(scoped(db, organizationId).deleteFrom('templateFiles').where('templateId', '=', id));
			await write(scoped(db, organizationId).deleteFrom('templates').where('id', '=', id));
		},
		async insertFile(organizationId, file) {
			await write(db.insertInto('templateFiles').values({ ...file, organizationId, pages: JSON.stringify(file.pages) }));
		},
		async listFiles(organizationId, templateId) {
			const rows = await scoped(db, organizationId)
				.selectFrom('templateFiles')
				.selectAll()
				.where('templateId', '=', templateId)
				.orderBy('createdAt')
				.orderBy('id')
				.execute();
			return rows.map(fileFromRow);
		},
		async removeFile(organizationId, templateId, fileId) {
			await write(scoped(db, organizationId).deleteFrom('templateFiles').where('templateId', '=', templateId).where('id', '=', fileId));
		},
	};
}

/** Newest first, keyset-paged on (createdAt, id), as workflows are. */
async function listTemplates(db: Kysely<Database>, scope: WorkflowScope, query: ListTemplatesQuery): Promise<TemplatePage> {
	let select = scoped(db, scope).selectFrom('templates').selectAll();
	if (query.q) select = select.where(sql<boolean>`${sql.ref('nameSearch')} like ${containsPattern(query.q)} escape ${sql.lit(LIKE_ESCAPE)}`);
	if (query.cursor) {
		const [createdAt, id] = decodeCursor(query.cursor);
		select = select.where((eb) => eb.or([eb('createdAt', '<', createdAt), eb.and([eb('createdAt', '=', createdAt), eb('id', '<', id)])]));
	}
	const rows = await select
		.orderBy('createdAt', 'desc')
		.orderBy('id', 'desc')
		.limit(query.limit + 1)
		.execute();
	return pageOf(rows, query.limit, templateFromRow);
}

/* Rows <-> domain objects. JSON columns are text. */

function templateFromRow(row: Selectable<TemplatesTable>): Template {
	return {
		id: row.id,
		organizationId: row.organizationId,
		name: row.name,
		description: row.description,
		message: row.message,
		expiresIn: row.expiresIn,
		timeZone: row.timeZone,
		reminderPolicy: row.reminderPolicy ? toReminderPolicy(JSON.parse(row.reminderPolicy) as Parameters<typeof toReminderPolicy>[0]) : null,
		requestFrom: row.requestFrom,
		metadata: JSON.parse(row.metadata) as Template['metadata'],
		allowDelegation: Boolean(row.allowDelegation),
		locale: row.locale,
		test: Boolean(row.test),
		roles: JSON.parse(row.roles) as Template['roles'],
		signatures: JSON.parse(row.signatures) as Template['signatures'],
		annotations: JSON.parse(row.annotations) as Template['annotations'],
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
	};
}

function templateToRow(template: Template): TemplatesTable {
	return {
		...template,
		reminderPolicy: template.reminderPolicy ? JSON.stringify(template.reminderPolicy) : null,
		metadata: JSON.stringify(template.metadata),
		allowDelegation: template.allowDelegation ? 1 : 0,
		test: template.test ? 1 : 0,
		roles: JSON.stringify(template.roles),
		signatures: JSON.stringify(template.signatures),
		annotations: JSON.stringify(template.annotations),
		nameSearch: foldForSearch(template.name),
	};
}

function fileFromRow(row: Selectable<TemplateFilesTable>): TemplateFile {
	return {
		id: row.id,
		templateId: row.templateId,
		name: row.name,
		sha256: row.sha256,
		size: Number(row.size),
		pageCount: Number(row.pageCount),
		pages: JSON.parse(row.pages) as TemplateFile['pages'],
		createdAt: row.createdAt,
	};
}
