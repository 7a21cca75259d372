import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { operations, router } from './actions/router';
import { SIGNFLOW_DESCRIPTION } from './description';
import { searchWorkflows } from './methods/listSearch';
import { getFiles, getSigners } from './methods/loadOptions';

const RESOURCE_OPERATIONS: Record<string, Array<{ name: string; value: string; action: string; description: string }>> = {
	workflow: [
		{ name: 'Add', value: 'add', action: 'Add a signing workflow', description: 'Create a draft signing workflow' },
		{ name: 'Cancel', value: 'cancel', action: 'Cancel a signing workflow', description: 'Stop a sent signing workflow' },
		{ name: 'Download Signed Document', value: 'downloadSigned', action: 'Download the signed document', description: 'The sealed PDFs with their certificate of completion' },
		{ name: 'Get', value: 'get', action: 'Get a signing workflow', description: 'One signing workflow with its files, signers and fields' },
		{ name: 'Get Audit Trail', value: 'getAuditTrail', action: 'Get the audit trail', description: 'Every event, and whether the hash chain is intact' },
		{ name: 'Get Many', value: 'getAll', action: 'Get many signing workflows', description: 'List signing workflows, newest first' },
		{ name: 'Remind', value: 'remind', action: 'Remind signers', description: 'Remind the signers whose turn it is' },
		{ name: 'Send', value: 'send', action: 'Send a signing workflow', description: 'Send a draft to its signers; outputs each signing link' },
	],
	file: [{ name: 'Add', value: 'add', action: 'Add a PDF', description: 'Add a PDF from a binary field or a URL' }],
	signer: [
		{ name: 'Add', value: 'add', action: 'Add a signer', description: 'Add a signer, approver, viewer or copy recipient' },
		{ name: 'Get Many', value: 'getAll', action: 'Get many signers', description: 'The signers of a signing workflow with their status and links' },
		{ name: 'Reassign', value: 'reassign', action: 'Reassign a signer', description: "Give a signer's place to another person, with a new link" },
		{ name: 'Reissue Link', value: 'reissue', action: 'Reissue a signing link', description: 'A new link for a signer; the old one stops working and a lock is lifted' },
	],
	signature: [{ name: 'Add', value: 'add', action: 'Add a signature field', description: 'Where a signer signs: file, page, position and size' }],
	annotation: [{ name: 'Add', value: 'add', action: 'Add an annotation', description: 'Text, a date, a checkbox or an image: fixed, or for a signer to fill in' }],
	interface: [
		{ name: 'Get', value: 'get', action: 'Get branding', description: 'Color, logo and icon of signing pages and emails' },
		{ name: 'Update', value: 'update', action: 'Update branding', description: 'Set the color, logo or icon' },
	],
};

export class Signflow implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Signflow',
		name: 'signflow',
		icon: { light: 'file:signflow.svg', dark: 'file:signflow.dark.svg' },
		group: ['transform'],
		// 2: the signing workflow is a resource locator (pick from a list, or by ID); 1 kept a plain ID string.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: SIGNFLOW_DESCRIPTION,
		defaults: { name: 'Signflow' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'signflowApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				// In the order a signing workflow is built (README's example flow), not alphabetical:
				// "Signing Workflow" is where every flow starts, so it comes first.
				options: [
					{ name: 'Signing Workflow', value: 'workflow' },
					{ name: 'File', value: 'file' },
					{ name: 'Signer', value: 'signer' },
					{ name: 'Signature Field', value: 'signature' },
					{ name: 'Annotation', value: 'annotation' },
					{ name: 'Interface (Branding)', value: 'interface' },
				],
				default: 'workflow',
			},
			...Object.entries(RESOURCE_OPERATIONS).map(([resource, options]) => ({
				displayName: 'Operation',
				name: 'operation',
				type: 'options' as const,
				noDataExpression: true,
				displayOptions: { show: { resource: [resource] } },
				options,
				default: options[0]!.value,
			})),
			...Object.values(operations).flatMap((byOperation) => Object.values(byOperation).flatMap((operation) => operation.description)),
		],
	};

	methods = { loadOptions: { getFiles, getSigners }, listSearch: { searchWorkflows } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
