import { z } from 'zod';
import { Id, Timestamp } from './common';
import type { ErrorDetail } from './errors';
import { CreateFromTemplateInput } from './templateUse';

/** The most rows one bulk send takes; a larger list is refused whole (422), nothing accepted. */
export const BULK_SEND_MAX_ROWS = 5000;

/** One row: a workflow made from the template and sent, as POST /templates/{id}/workflows with send: true. */
export const BulkSendRowInput = CreateFromTemplateInput.omit({ send: true });
export type BulkSendRowInput = z.infer<typeof BulkSendRowInput>;

/**
 * The request. Rows are checked one by one when accepted (a bad row fails alone, with the error
 * POST /templates/{id}/workflows would answer), so the list itself only has to be a list;
 * `row` is an item's schema (anything), which the API documents with BulkSendRowInput's fields.
 */
export function bulkSendInput(row: z.ZodType = z.unknown()) {
	return z.strictObject({
		rows: z
			.array(row)
			.min(1)
			.max(BULK_SEND_MAX_ROWS)
			.describe(`Up to ${BULK_SEND_MAX_ROWS} rows, each { roles, prefill, metadata, name, message, locale } as for POST /templates/{id}/workflows`),
	});
}
export const CreateBulkSendInput = bulkSendInput();
export type CreateBulkSendInput = z.infer<typeof CreateBulkSendInput>;

export const BULK_SEND_STATUSES = ['queued', 'running', 'completed'] as const;
export type BulkSendStatus = (typeof BULK_SEND_STATUSES)[number];
export const BULK_SEND_ROW_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type BulkSendRowStatus = (typeof BULK_SEND_ROW_STATUSES)[number];

export const RowError = z.object({
	code: z.string().describe('As the same request to POST /templates/{id}/workflows would answer, e.g. template_input_invalid, validation_failed'),
	message: z.string(),
	details: z.array(z.record(z.string(), z.unknown())).describe('Each problem with its path, e.g. roles.Employee, prefill.bonus'),
});
export type RowError = z.infer<typeof RowError>;

export const BulkSend = z.object({
	id: Id,
	templateId: Id,
	status: z.enum(BULK_SEND_STATUSES).describe('queued: no row made yet; running; completed: every row succeeded or failed'),
	total: z.int(),
	succeeded: z.int(),
	failed: z.int(),
	pending: z.int(),
	test: z.boolean(),
	createdAt: Timestamp,
	completedAt: Timestamp.nullable(),
});
export type BulkSend = z.infer<typeof BulkSend>;

export const BulkSendRowOutcome = z.object({
	index: z.int().describe('Position in the request\'s rows, from 0'),
	status: z.enum(BULK_SEND_ROW_STATUSES),
	workflowId: Id.nullable().describe('The sent workflow, once succeeded'),
	error: RowError.nullable().describe('Why the row failed'),
	finishedAt: Timestamp.nullable(),
});
export type BulkSendRowOutcome = z.infer<typeof BulkSendRowOutcome>;

export const ListBulkSendsQuery = z.strictObject({
	limit: z.coerce.number().int().min(1).max(100).default(50),
	cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
});
export type ListBulkSendsQuery = z.infer<typeof ListBulkSendsQuery>;

export const ListBulkSendRowsQuery = z.strictObject({
	status: z.enum(BULK_SEND_ROW_STATUSES).optional(),
	limit: z.coerce.number().int().min(1).max(1000).default(100),
	cursor: z.string().regex(/^\d{1,9}$/, 'Must be a nextCursor of this list').optional().describe('nextCursor of the previous page'),
});
export type ListBulkSendRowsQuery = z.infer<typeof ListBulkSendRowsQuery>;

/** A bulk send as stored (its counts are read from its rows). */
export interface BulkSendJob {
	id: string;
	organizationId: string;
	templateId: string;
	test: boolean;
	status: BulkSendStatus;
	total: number;
	/** Who asked, for the events of the workflows made. */
	apiKeyId: string | null;
	ip: string | null;
	userAgent: string | null;
	createdAt: string;
	completedAt: string | null;
}

/** A row as stored; `input` is kept only while it is pending. */
export interface BulkSendRow {
	organizationId: string;
	bulkSendId: string;
	index: number;
	status: BulkSendRowStatus;
	input: BulkSendRowInput | null;
	workflowId: string | null;
	error: RowError | null;
	attempts: number;
	createdAt: string;
	finishedAt: string | null;
}

export interface BulkSendCounts {
	succeeded: number;
	failed: number;
	pending: number;
}

/** A row's schema check: its input, or the 422 POST /templates/{id}/workflows would have answered. */
export function parseBulkSendRow(value: unknown): { input: BulkSendRowInput } | { error: RowError } {
	const result = BulkSendRowInput.safeParse(value);
	if (result.success) return { input: result.data };
	const details: ErrorDetail[] = result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || 'body', message: issue.message }));
	const first = details[0];
	return { error: { code: 'validation_failed', message: `Invalid body: ${first.path}: ${first.message}`, details } };
}
