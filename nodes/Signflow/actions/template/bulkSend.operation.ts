import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import type { BulkSendJob, BulkSendRowOutcome } from '../../../shared/responses';
import { textOf } from '../../../shared/text';
import { apiRequest, engineErrorCode } from '../../../shared/transport';
import { forOperation, type AllItemsOperation } from '../common';
import { localeOf } from '../languages';
import { metadataOf } from '../workflow/metadata';
import { prefillOf } from '../workflow/prefill';
import { redirectUrlOf } from '../workflow/redirectUrl';
import { rolesOf, templateInputFields, templateWorkflowOptions } from '../workflow/templateInput';
import { templateIdField, templateIdOf } from './templateId';

/** The engine's most rows in one bulk send; more input items are sent as several jobs. */
export const BULK_SEND_MAX_ROWS = 5000;

/** The engine's largest page of rows. */
const ROWS_PAGE = 1000;

const waiting = { show: { waitForCompletion: [true] } };

/**
 * POST /templates/{id}/bulk: every input item a row of one bulk send (one request, not one per
 * item), each made into its own sent signing workflow by the engine in the background.
 */
export const bulkSendTemplate: AllItemsOperation = {
	description: forOperation('template', 'bulkSend', [
		{
			displayName:
				'All input items are sent in one request, each item a signing workflow of its own (up to 5,000 items a job; more are sent as several jobs). A row the engine refuses fails alone: see its error with Get Rows or Wait for Completion.',
			name: 'bulkSendNotice',
			type: 'notice',
			default: '',
		},
		templateIdField,
		...templateInputFields,
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Per item: expressions are evaluated for each row',
			options: templateWorkflowOptions('={{ "Offer letter for " + $json.name }}'),
		},
		{
			displayName: 'Wait for Completion',
			name: 'waitForCompletion',
			type: 'boolean',
			default: false,
			description: 'Whether to wait until every row is made and sent (or failed); off: the job is output as soon as the engine accepted it',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 300,
			description: 'How long to wait at most; then the job is output as it stands (waitTimedOut: true) and the rows still pending stay pending',
			displayOptions: waiting,
		},
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			options: [
				{ name: 'Job', value: 'job', description: 'One item: the job with its counts' },
				{ name: 'One Item per Row', value: 'rows', description: "Each input item's outcome: status, workflowId or error" },
			],
			default: 'job',
			displayOptions: waiting,
		},
	]),

	async executeAll(this: IExecuteFunctions) {
		const count = this.getInputData().length;
		if (count === 0) return [];
		const templateId = templateIdOf.call(this, 0);
		const rows: IDataObject[] = [];
		for (let itemIndex = 0; itemIndex < count; itemIndex++) {
			if (itemIndex > 0 && templateIdOf.call(this, itemIndex) !== templateId)
				throw new NodeOperationError(this.getNode(), 'All items of a bulk send use one template, but this item names another.', {
					itemIndex,
					description: 'Pick the template in the list (not by an expression that differs between items), or split the items by template first (Switch node) and use a Bulk Send for each.',
				});
			rows.push(await rowOf.call(this, templateId, itemIndex));
		}

		const jobs: Array<{ job: BulkSendJob; first: number; size: number }> = [];
		for (let first = 0; first < rows.length; first += BULK_SEND_MAX_ROWS) {
			const chunk = rows.slice(first, first + BULK_SEND_MAX_ROWS);
			// itemIndex: the chunk's first item, which keeps each job's Idempotency-Key its own and the same on a retry.
			let job: BulkSendJob;
			try {
				job = (await apiRequest.call(this, 'POST', `/templates/${encodeURIComponent(templateId)}/bulk`, { body: { rows: chunk }, itemIndex: first })) as BulkSendJob;
			} catch (error) {
				throw withBulkFix(error);
			}
			jobs.push({ job, first, size: chunk.length });
		}

		const pairedOf = (first: number, size: number) => Array.from({ length: size }, (_, offset) => ({ item: first + offset }));
		if (!this.getNodeParameter('waitForCompletion', 0, false))
			return jobs.map(({ job, first, size }) => ({ json: job, pairedItem: pairedOf(first, size) }));

		const deadline = Date.now() + (this.getNodeParameter('timeout', 0, 300) as number) * 1000;
		for (const entry of jobs) entry.job = await untilCompleted.call(this, entry.job, deadline);
		const timedOut = (job: BulkSendJob) => ({ waitTimedOut: job.status !== 'completed' });
		if (this.getNodeParameter('output', 0, 'job') !== 'rows')
			return jobs.map(({ job, first, size }) => ({ json: { ...job, ...timedOut(job) }, pairedItem: pairedOf(first, size) }));

		const output: INodeExecutionData[] = [];
		for (const { job, first } of jobs) {
			const bulkSend = { id: job.id, status: job.status, total: job.total, succeeded: job.succeeded, failed: job.failed, pending: job.pending, ...timedOut(job) };
			for (const row of await allRows.call(this, job.id, first)) {
				const index = first + row.index;
				output.push({
					json: { index, status: row.status, workflowId: row.workflowId, error: row.error, finishedAt: row.finishedAt, bulkSendId: job.id, bulkSend },
					pairedItem: { item: index },
				});
			}
		}
		return output;
	},
};

/** One item as the engine's row: roles, prefill and the additional fields, its expressions evaluated for that item. */
async function rowOf(this: IExecuteFunctions, templateId: string, itemIndex: number): Promise<IDataObject> {
	const fields = this.getNodeParameter('additionalFields', itemIndex, {});
	const row: IDataObject = { roles: rolesOf.call(this, itemIndex), prefill: await prefillOf.call(this, templateId, itemIndex) };
	const name = textOf(fields.name).trim();
	if (name) row.name = name;
	const message = textOf(fields.message).trim();
	if (message) row.message = message;
	const locale = localeOf(fields.locale);
	if (locale) row.locale = locale;
	const metadata = metadataOf.call(this, fields.metadata, itemIndex);
	if (metadata && Object.keys(metadata).length > 0) row.metadata = metadata;
	const redirectUrl = redirectUrlOf(fields.redirectUrl);
	if (redirectUrl) row.redirectUrl = redirectUrl;
	return row;
}

/** Polls the job, 0.5 s apart at first and then less often (up to 10 s), until it is completed or the deadline passes. */
async function untilCompleted(this: IExecuteFunctions, job: BulkSendJob, deadline: number): Promise<BulkSendJob> {
	let delay = 500;
	while (job.status !== 'completed') {
		const left = deadline - Date.now();
		if (left <= 0 || this.getExecutionCancelSignal?.()?.aborted) return job;
		await sleep(Math.min(delay, left));
		delay = Math.min(delay * 2, 10_000);
		job = (await apiRequest.call(this, 'GET', `/bulk-sends/${encodeURIComponent(job.id)}`)) as BulkSendJob;
	}
	return job;
}

async function allRows(this: IExecuteFunctions, bulkSendId: string, itemIndex: number): Promise<BulkSendRowOutcome[]> {
	const rows: BulkSendRowOutcome[] = [];
	let cursor: string | null = null;
	do {
		const qs: IDataObject = { limit: ROWS_PAGE, ...(cursor ? { cursor } : {}) };
		const page = (await apiRequest.call(this, 'GET', `/bulk-sends/${encodeURIComponent(bulkSendId)}/rows`, { qs, itemIndex })) as unknown as {
			data: BulkSendRowOutcome[];
			nextCursor: string | null;
		};
		rows.push(...page.data);
		cursor = page.nextCursor;
	} while (cursor);
	return rows;
}

/**
 * A 422 on the whole request (bad rows fail alone, so this is the list itself, or the template)
 * says where in the node to fix it.
 */
function withBulkFix(error: unknown): unknown {
	if (!(error instanceof NodeApiError)) return error;
	const code = engineErrorCode(error);
	if (code === 'validation_failed')
		error.description = `${error.description ?? ''}. To fix: each input item becomes one row (1 to ${BULK_SEND_MAX_ROWS} a job); check Roles, Prefill Fields and Additional Fields, whose values make each row.`;
	else if (code === 'template_input_invalid')
		error.description = `${error.description ?? ''}. To fix: in Roles and Prefill Fields use only the chosen template's roles and fields; the lists show them.`;
	return error;
}
