import { z } from 'zod';
import type { SignflowService } from '../../app/service';
import { BulkSend, BulkSendRowInput, BulkSendRowOutcome, ListBulkSendRowsQuery, ListBulkSendsQuery, bulkSendInput } from '../../domain';
import { named } from '../openapi';
import type { ApiRouter } from '../route';

// Each row is parsed as anything (and checked alone by the engine); the document shows what it holds.
const rowFields = z.toJSONSchema(BulkSendRowInput, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any', reused: 'inline' }) as { properties?: unknown };
const BulkSendBody = named(
	'CreateBulkSendRequest',
	bulkSendInput(
		z.unknown().meta({
			title: 'BulkSendRow',
			type: 'object',
			description: 'One workflow: as POST /templates/{id}/workflows takes it (without send). A row that does not fit fails alone.',
			properties: rowFields.properties,
		}),
	),
);
const BulkSendResponse = named('BulkSend', BulkSend);
const BulkSendListResponse = named(
	'BulkSendList',
	z.object({ data: z.array(BulkSend), nextCursor: z.string().nullable().describe('Pass as cursor to get the next page; null on the last page') }),
);
const BulkSendRowsResponse = named(
	'BulkSendRowList',
	z.object({ data: z.array(BulkSendRowOutcome), nextCursor: z.string().nullable().describe('Pass as cursor to get the next page; null on the last page') }),
);

/** Rows of up to a few KB each, BULK_SEND_MAX_ROWS of them. */
const BULK_BODY_LIMIT = 16 * 1024 * 1024;

/** Bulk sends: many workflows from one template, made and sent in the background; their progress and each row's outcome. */
export function bulkSendRoutes(api: ApiRouter, service: SignflowService): void {
	const tag = 'Bulk sends';
	const bulkSends = service.bulkSends;

	api.define({
		method: 'POST',
		path: '/templates/{templateId}/bulk',
		operationId: 'bulkSendFromTemplate',
		summary: 'Send a template to many: one workflow per row, made and sent in the background',
		description:
			'Each row is a BulkSendRow (roles, prefill, metadata, name, message, locale) as for POST /templates/{id}/workflows with send: true. ' +
			'The job and every row are stored before the answer (202): nothing accepted is lost, and an engine stopped midway goes on where it was. ' +
			'A bad row fails alone, with the error that request would answer (validation_failed, template_input_invalid...): rows whose shape or mapping is wrong at once, ' +
			'others when their workflow is made. Follow GET /bulk-sends/{id} and GET /bulk-sends/{id}/rows; bulk_send.completed is sent when every row is done. ' +
			'Takes an Idempotency-Key: a retry answers the same job.',
		tag,
		body: BulkSendBody,
		bodyLimit: BULK_BODY_LIMIT,
		idempotent: true,
		responses: { 202: { description: 'The accepted job', schema: BulkSendResponse } },
		handler: ({ principal, params, body, event }) => bulkSends.create(principal, params.templateId, body, event),
	});

	api.define({
		method: 'GET',
		path: '/bulk-sends',
		operationId: 'listBulkSends',
		summary: 'List bulk sends, newest first',
		tag,
		query: ListBulkSendsQuery,
		responses: { 200: { description: 'One page of bulk sends', schema: BulkSendListResponse } },
		handler: async ({ principal, query }) => {
			const page = await bulkSends.list(principal, query);
			return { data: page.items, nextCursor: page.nextCursor };
		},
	});

	api.define({
		method: 'GET',
		path: '/bulk-sends/{bulkSendId}',
		operationId: 'getBulkSend',
		summary: 'A bulk send\'s progress: rows succeeded, failed and pending',
		tag,
		responses: { 200: { description: 'The bulk send', schema: BulkSendResponse } },
		handler: ({ principal, params }) => bulkSends.get(principal, params.bulkSendId),
	});

	api.define({
		method: 'GET',
		path: '/bulk-sends/{bulkSendId}/rows',
		operationId: 'listBulkSendRows',
		summary: 'Each row\'s outcome, in row order: its workflow, or its error',
		description: 'status=failed lists the rows to fix and send again.',
		tag,
		query: ListBulkSendRowsQuery,
		responses: { 200: { description: 'One page of rows', schema: BulkSendRowsResponse } },
		handler: async ({ principal, params, query }) => {
			const page = await bulkSends.rows(principal, params.bulkSendId, query);
			return { data: page.items, nextCursor: page.nextCursor };
		},
	});
}
