import type { Kysely, Selectable } from 'kysely';
import type { WorkflowFile } from '../../domain';
import type { Dialect } from '../dialect';
import type { Repository } from '../port';
import type { Database, FilesTable } from '../schema';
import { asWrite, insertRowQuery, updateRowQuery } from './rowWrites';
import { rowsOfWorkflow, scoped } from './scoped';
import type { Write } from './writes';

/** A workflow's PDF files and their sealed versions. */
export function fileRepository(db: Kysely<Database>, dialect: Dialect, write: Write): Repository['files'] {
	return {
		async insert(organizationId, file) {
			await write(asWrite(db, insertRowQuery(db, dialect, 'files', fileToRow(organizationId, file))));
		},
		async listByWorkflow(organizationId, workflowId) {
			return (await rowsOfWorkflow(db, 'files', organizationId, workflowId)).map(fileFromRow);
		},
		async setSigned(organizationId, fileId, signed) {
			await write(asWrite(db, updateRowQuery(db, dialect, 'files', organizationId, fileId, signed)));
		},
		async findBySignedSha256(sha256, organizationId) {
			// A null organization asks engine-wide (the port says when that is allowed).
			const files = organizationId === null ? db.selectFrom('files') : scoped(db, organizationId).selectFrom('files');
			const rows = await files.selectAll().where('signedSha256', '=', sha256).execute();
			return rows.map((row) => ({ organizationId: row.organizationId, file: fileFromRow(row), stampedSha256: row.stampedSha256 }));
		},
		async remove(organizationId, fileId) {
			await write(scoped(db, organizationId).deleteFrom('signatures').where('fileId', '=', fileId));
			await write(scoped(db, organizationId).deleteFrom('annotations').where('fileId', '=', fileId));
			await write(scoped(db, organizationId).deleteFrom('files').where('id', '=', fileId));
		},
	};
}

/* Rows <-> domain objects. JSON columns are text. */

export function fileFromRow(row: Selectable<FilesTable>): WorkflowFile {
	return {
		id: row.id,
		workflowId: row.workflowId,
		name: row.name,
		sha256: row.sha256,
		size: Number(row.size),
		pageCount: Number(row.pageCount),
		pages: JSON.parse(row.pages) as WorkflowFile['pages'],
		signedSha256: row.signedSha256,
		signedSize: row.signedSize === null ? null : Number(row.signedSize),
		createdAt: row.createdAt,
	};
}

function fileToRow(organizationId: string, file: WorkflowFile): FilesTable {
	return { ...file, organizationId, pages: JSON.stringify(file.pages), stampedSha256: null };
}
