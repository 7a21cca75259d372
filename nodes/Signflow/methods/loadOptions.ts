import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import type { WorkflowDetail } from '../../shared/responses';
import { apiRequest } from '../../shared/transport';
import { plainId } from '../actions/common';

/** The signing workflow chosen in the node (either shape), when it is an ID and not an expression still to run. */
async function currentWorkflow(this: ILoadOptionsFunctions): Promise<WorkflowDetail | null> {
	const id = plainId(this.getCurrentNodeParameter('workflowId'));
	if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
	return (await apiRequest.call(this, 'GET', `/workflows/${id}`)) as WorkflowDetail;
}

export async function getFiles(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const workflow = await currentWorkflow.call(this);
	return (workflow?.files ?? []).map((file) => ({
		name: `${file.name} (${file.pageCount} page${file.pageCount === 1 ? '' : 's'})`,
		value: file.id,
	}));
}

export async function getSigners(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const workflow = await currentWorkflow.call(this);
	return (workflow?.signers ?? []).map((signer) => ({
		name: `${signer.name} <${signer.email}> (${signer.role})`,
		value: signer.id,
	}));
}
