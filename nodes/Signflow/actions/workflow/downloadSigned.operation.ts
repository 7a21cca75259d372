import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';
import { apiDownload, apiRequest, asNodeApiError, engineErrorCode } from '../../transport';
import { forOperation, requiredString, workflowIdFields, workflowIdOf, type Operation } from '../common';

export const downloadSignedDocument: Operation = {
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
					description: 'The signed file is ready a moment after the last signature. How long to wait for it; 0 fails at once.',
				},
			],
		},
	]),

	/** One item per file of the workflow, each with its signed PDF (sealed, with the certificate). */
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = workflowIdOf.call(this, itemIndex);
		const property = requiredString.call(this, 'binaryPropertyName', itemIndex, 'Put Output File in Field');
		const waitSeconds = ((this.getNodeParameter('options', itemIndex, {}) as IDataObject).waitSeconds as number | undefined) ?? 60;
		const deadline = Date.now() + waitSeconds * 1000;
		const path = `/workflows/${encodeURIComponent(id)}`;

		for (;;) {
			const workflow = await apiRequest.call(this, 'GET', path, { itemIndex });
			if (workflow.status !== 'completed')
				throw new NodeOperationError(this.getNode(), `The signing workflow is ${workflow.status}: a signed document exists once it is completed.`, {
					itemIndex,
					description: 'Run this after a "Workflow Completed" trigger, or check the status first.',
				});
			const files = workflow.files as Array<{ id: string; name: string; signedSha256: string | null }>;
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
					const fileName = file.name.replace(/(\.pdf)?$/i, '-signed.pdf');
					items.push({
						json: { workflowId: id, workflowName: workflow.name, fileId: file.id, fileName, sha256: file.signedSha256 },
						binary: { [property]: await this.helpers.prepareBinaryData(pdf, fileName, 'application/pdf') },
					});
				}
				if (items.length === files.length) return items;
			}
			if (Date.now() >= deadline)
				throw new NodeOperationError(this.getNode(), 'The signed document is not ready yet.', {
					itemIndex,
					description: 'It is being stamped and sealed; wait longer (option "Wait for the Signed File") or try again shortly.',
				});
			await sleep(1000);
		}
	},
};
