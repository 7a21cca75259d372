import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { textOf } from '../../../shared/text';
import { apiRequest } from '../../../shared/transport';
import { asItems, binaryInput, forOperation, requiredString, workflowIdFields, workflowIdOf, type Operation } from '../common';

export const addFile: Operation = {
	description: forOperation('file', 'add', [
		...workflowIdFields,
		{
			displayName: 'Source',
			name: 'source',
			type: 'options',
			options: [
				{ name: 'Binary Field', value: 'binary', description: 'A PDF in a binary field of the input item' },
				{ name: 'URL', value: 'url', description: 'Download the PDF from a URL' },
			],
			default: 'binary',
		},
		{
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			description: 'The binary field holding the PDF',
			displayOptions: { show: { source: ['binary'] } },
		},
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://example.com/contract.pdf',
			displayOptions: { show: { source: ['url'] } },
		},
		{ displayName: 'File Name', name: 'fileName', type: 'string', default: '', description: 'Leave empty to keep the file\'s own name' },
		{
			displayName: 'Detect Text Tags',
			name: 'textTags',
			type: 'boolean',
			default: false,
			description:
				'Whether to turn text tags in the PDF, such as {{signature;role=signer1}}, into fields of the signers already added (by name, email or signer1, signer2...) and hide them',
		},
	]),

	async execute(this: IExecuteFunctions, itemIndex: number) {
		const workflowId = workflowIdOf.call(this, itemIndex);
		let bytes: Buffer;
		let name = textOf(this.getNodeParameter('fileName', itemIndex, '')).trim();
		if (this.getNodeParameter('source', itemIndex) === 'url') {
			const url = requiredString.call(this, 'url', itemIndex, 'URL');
			try {
				bytes = Buffer.from((await this.helpers.httpRequest({ url, encoding: 'arraybuffer', json: false })) as ArrayBuffer);
			} catch (error) {
				throw new NodeOperationError(this.getNode(), `The PDF could not be downloaded from ${url}: ${(error as Error).message}`, { itemIndex });
			}
			name ||= decodeURIComponent(new URL(url).pathname.split('/').pop() || '') || 'document.pdf';
		} else {
			const input = await binaryInput.call(this, itemIndex, requiredString.call(this, 'binaryPropertyName', itemIndex, 'Input Binary Field'));
			bytes = input.buffer;
			name ||= input.fileName || 'document.pdf';
		}
		return asItems(
			await apiRequest.call(this, 'POST', `/workflows/${encodeURIComponent(workflowId)}/files`, {
				body: { name, contentBase64: bytes.toString('base64'), textTags: this.getNodeParameter('textTags', itemIndex, false) as boolean },
				itemIndex,
			}),
		);
	},
};
