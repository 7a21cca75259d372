import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { addAnnotation } from './annotation/add.operation';
import type { Operation } from './common';
import { addFile } from './file/add.operation';
import { getInterface } from './interface/get.operation';
import { updateInterface } from './interface/update.operation';
import { addSignature } from './signature/add.operation';
import { addSigner } from './signer/add.operation';
import { getManySigners } from './signer/getMany.operation';
import { reassignSigner } from './signer/reassign.operation';
import { reissueLink } from './signer/reissue.operation';
import { addWorkflow } from './workflow/add.operation';
import { cancelWorkflow } from './workflow/cancel.operation';
import { downloadSignedDocument } from './workflow/downloadSigned.operation';
import { getWorkflow } from './workflow/get.operation';
import { getAuditTrail } from './workflow/getAuditTrail.operation';
import { getManyWorkflows } from './workflow/getMany.operation';
import { remindSigners } from './workflow/remind.operation';
import { sendWorkflow } from './workflow/send.operation';

export const operations: Record<string, Record<string, Operation>> = {
	workflow: {
		add: addWorkflow,
		get: getWorkflow,
		getAll: getManyWorkflows,
		send: sendWorkflow,
		cancel: cancelWorkflow,
		remind: remindSigners,
		downloadSigned: downloadSignedDocument,
		getAuditTrail,
	},
	file: { add: addFile },
	signer: { add: addSigner, getAll: getManySigners, reassign: reassignSigner, reissue: reissueLink },
	signature: { add: addSignature },
	annotation: { add: addAnnotation },
	interface: { get: getInterface, update: updateInterface },
};

/** Runs the chosen operation once per input item, keeping pairedItem and honouring Continue On Fail. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const resource = this.getNodeParameter('resource', itemIndex) as string;
		const operation = this.getNodeParameter('operation', itemIndex) as string;
		const run = operations[resource]?.[operation];
		try {
			if (!run) throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported.`, { itemIndex });
			const results = await run.execute.call(this, itemIndex);
			output.push(...this.helpers.constructExecutionMetaData(results, { itemData: { item: itemIndex } }));
		} catch (error) {
			if (this.continueOnFail()) {
				output.push({ json: { error: (error as Error).message, description: (error as { description?: string }).description }, pairedItem: { item: itemIndex } });
				continue;
			}
			const failure =
				error instanceof NodeApiError || error instanceof NodeOperationError
					? error
					: new NodeOperationError(this.getNode(), error as Error, { itemIndex });
			throw failure;
		}
	}
	return [output];
}
