import type { Kysely, Selectable } from 'kysely';
import type { Annotation, AnnotationType, AnnotationValue, SignatureField, SignatureKind, SignatureValueType } from '../../domain';
import type { Dialect } from '../dialect';
import type { Repository } from '../port';
import type { AnnotationsTable, Database, SignaturesTable } from '../schema';
import { asWrite, insertRowQuery, updateRowQuery } from './rowWrites';
import { rowsOfWorkflow, scoped } from './scoped';
import type { Write } from './writes';

/* The fields placed on a workflow's pages: signature fields and annotations. */

export function signatureRepository(db: Kysely<Database>, dialect: Dialect, write: Write): Repository['signatures'] {
	return {
		async insert(organizationId, field) {
			await write(asWrite(db, insertRowQuery(db, dialect, 'signatures', signatureToRow(organizationId, field))));
		},
		async capture(organizationId, field) {
			const { signedAt, valueType, valueText, valueImageSha256 } = field;
			await write(asWrite(db, updateRowQuery(db, dialect, 'signatures', organizationId, field.id, { signedAt, valueType, valueText, valueImageSha256 })));
		},
		async update(organizationId, field) {
			const { fileId, signerId, page, x, y, width, height, kind, required } = signatureToRow(organizationId, field);
			await write(scoped(db, organizationId).updateTable('signatures').set({ fileId, signerId, page, x, y, width, height, kind, required }).where('id', '=', field.id));
		},
		async remove(organizationId, signatureId) {
			await write(scoped(db, organizationId).deleteFrom('signatures').where('id', '=', signatureId));
		},
		async listByWorkflow(organizationId, workflowId) {
			return (await rowsOfWorkflow(db, 'signatures', organizationId, workflowId)).map(signatureFromRow);
		},
	};
}

export function annotationRepository(db: Kysely<Database>, dialect: Dialect, write: Write): Repository['annotations'] {
	return {
		async insert(organizationId, annotation) {
			await write(asWrite(db, insertRowQuery(db, dialect, 'annotations', annotationToRow(organizationId, annotation))));
		},
		async fill(organizationId, annotation) {
			const { value, filledAt } = annotationToRow(organizationId, annotation);
			await write(asWrite(db, updateRowQuery(db, dialect, 'annotations', organizationId, annotation.id, { value, filledAt })));
		},
		async update(organizationId, annotation) {
			const { fileId, signerId, page, x, y, width, height, value, label, required, fontSize } = annotationToRow(organizationId, annotation);
			await write(
				scoped(db, organizationId)
					.updateTable('annotations')
					.set({ fileId, signerId, page, x, y, width, height, value, label, required, fontSize })
					.where('id', '=', annotation.id),
			);
		},
		async remove(organizationId, annotationId) {
			await write(scoped(db, organizationId).deleteFrom('annotations').where('id', '=', annotationId));
		},
		async listByWorkflow(organizationId, workflowId) {
			return (await rowsOfWorkflow(db, 'annotations', organizationId, workflowId)).map(annotationFromRow);
		},
	};
}

/* Rows <-> domain objects. JSON columns are text, booleans 0/1. */

export function signatureFromRow(row: Selectable<SignaturesTable>): SignatureField {
	return {
		id: row.id,
		workflowId: row.workflowId,
		fileId: row.fileId,
		signerId: row.signerId,
		...placementFromRow(row),
		kind: row.kind as SignatureKind,
		required: Boolean(row.required),
		signedAt: row.signedAt,
		valueType: row.valueType as SignatureValueType | null,
		valueText: row.valueText,
		valueImageSha256: row.valueImageSha256,
		createdAt: row.createdAt,
	};
}

/** Where a field stands: its page and its box on it. */
function placementFromRow(row: Pick<Selectable<SignaturesTable>, 'page' | 'x' | 'y' | 'width' | 'height'>) {
	return { page: Number(row.page), x: Number(row.x), y: Number(row.y), width: Number(row.width), height: Number(row.height) };
}

function signatureToRow(organizationId: string, field: SignatureField): SignaturesTable {
	return { ...field, organizationId, required: field.required ? 1 : 0 };
}

export function annotationFromRow(row: Selectable<AnnotationsTable>): Annotation {
	return {
		id: row.id,
		workflowId: row.workflowId,
		fileId: row.fileId,
		signerId: row.signerId,
		...placementFromRow(row),
		type: row.type as AnnotationType,
		value: row.value === null ? null : (JSON.parse(row.value) as AnnotationValue),
		imageFileId: row.imageAssetId,
		label: row.label,
		required: Boolean(row.required),
		fontSize: Number(row.fontSize),
		filledAt: row.filledAt,
		createdAt: row.createdAt,
	};
}

function annotationToRow(organizationId: string, annotation: Annotation): AnnotationsTable {
	const { imageFileId, ...rest } = annotation;
	return {
		...rest,
		organizationId,
		imageAssetId: imageFileId,
		value: annotation.value === null ? null : JSON.stringify(annotation.value),
		required: annotation.required ? 1 : 0,
	};
}
