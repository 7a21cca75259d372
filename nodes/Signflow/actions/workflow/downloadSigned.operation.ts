import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';
import type { Finalization, WorkflowDetail } from '../../../shared/responses';
import { signedFileName } from '../../../shared/signedFileName';
import { apiDownload, apiRequest, asNodeApiError, engineErrorCode } from '../../../shared/transport';
import { forOperation, requiredString, workflowIdFields, workflowIdOf, type Operation } from '../common';

export const downloadSignedDocument: Operation = {
	independentItems: true,
	description: forOperation('workflow', 'downloadSigned', [
		...workflowIdFields,
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			description: 'The binary field of each output item that holds a signed PDF',
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Wait for the Signed File (Seconds)',
					name: 'waitSeconds',
					type: 'number',
					typeOptions: { minValue: 0, maxValue: 600 },
					default: 60,
					description:
						'The signed file is ready a moment after the last signature. How long to wait while it is being sealed; 0 fails at once. A sealing failure is reported at once.',
				},
			],
		},
	]),

	/** One item per file of the workflow, each with its signed PDF (sealed, with the certificate). */
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = workflowIdOf.call(this, itemIndex);
		const property = requiredString.call(this, 'binaryPropertyName', itemIndex, 'Put Output File in Field');
		const waitSeconds = (this.getNodeParameter('options', itemIndex, {}).waitSeconds as number | undefined) ?? 60;
		const deadline = Date.now() + waitSeconds * 1000;
		const path = `/workflows/${encodeURIComponent(id)}`;

		for (;;) {
			const workflow = (await apiRequest.call(this, 'GET', path, { itemIndex })) as WorkflowDetail;
			if (workflow.status !== 'completed')
				throw new NodeOperationError(this.getNode(), `The signing workflow is ${workflow.status}: a signed document exists once it is completed.`, {
					itemIndex,
					description: 'Run this after a "Workflow Completed" trigger, or check the status first.',
				});
			const files = workflow.files;
			if (files.every((file) => file.signedSha256)) {
				const items: INodeExecutionData[] = [];
				for (const file of files) {
					let pdf: Buffer;
					try {
						pdf = await apiDownload.call(this, `${path}/files/${file.id}/content`, { qs: { version: 'signed' }, itemIndex });
					} catch (error) {
						if (engineErrorCode(error) === 'signed_file_not_ready') break;
						throw asNodeApiError(this, error);
					}
					const fileName = signedFileName(file.name);
					items.push({
						json: { workflowId: id, workflowName: workflow.name, fileId: file.id, fileName, sha256: file.signedSha256 },
						binary: { [property]: await this.helpers.prepareBinaryData(pdf, fileName, 'application/pdf') },
					});
				}
				if (items.length === files.length) return items;
			}
			// An engine older than the finalization field keeps the plain wait.
			const finalization = workflow.finalization;
			const failure = sealingFailure(finalization, deadline);
			if (failure) throw new NodeOperationError(this.getNode(), failure.message, { itemIndex, description: failure.description });
			if (Date.now() >= deadline)
				throw new NodeOperationError(this.getNode(), 'The signed document is not ready yet.', {
					itemIndex,
					description:
						(finalization?.lastError ? `The last attempt to seal it failed (${finalization.lastError}) and is being retried. ` : 'It is being stamped and sealed; ') +
						'wait longer (option "Wait for the Signed File") or try again shortly.',
				});
			await sleep(1000);
		}
	},
};

/** Why waiting cannot produce the signed document, or null while sealing may still finish before `deadline`. */
function sealingFailure(finalization: Finalization | null | undefined, deadline: number): { message: string; description: string } | null {
	if (!finalization?.lastError) return null;
	const attempts = `${finalization.attempts} attempt${finalization.attempts === 1 ? '' : 's'}`;
	if (finalization.status === 'failed')
		return {
			message: `The signed document could not be made: ${finalization.lastError}`,
			description:
				`The Signflow engine gave up stamping and sealing it after ${attempts}. The signatures are recorded and the signing workflow is completed, ` +
				'but the engine does not retry by itself: ask whoever runs the engine to fix this cause (for example its seal certificate; its log has details).',
		};
	const next = finalization.nextAttemptAt ? Date.parse(finalization.nextAttemptAt) : NaN;
	if (finalization.status === 'pending' && next > deadline)
		return {
			message: `Sealing the signed document failed (${attempts} so far): ${finalization.lastError}`,
			description:
				`The Signflow engine tries again at ${finalization.nextAttemptAt}, after this node stops waiting. ` +
				'Run this again after that time, or raise the option "Wait for the Signed File"; if it keeps failing, the cause shown here needs fixing on the engine.',
		};
	return null;
}
