import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { apiRequest } from '../../shared/transport';
import { plainId } from '../actions/common';

/** The signing workflow chosen in the node (either shape), when it is an ID and not an expression still to run. */
async function currentWorkflow(this: ILoadOptionsFunctions): Promise<IDataObject | null> {
	const id = plainId(this.getCurrentNodeParameter('workflowId'));
	if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
	return apiRequest.call(this, 'GET', `/workflows/${id}`);
}

export async function getFiles(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const workflow = await currentWorkflow.call(this);
	return ((workflow?.files as IDataObject[]) ?? []).map((file) => ({
		name: `${file.name} (${file.pageCount} page${file.pageCount === 1 ? '' : 's'})`,
		value: file.id as string,
	}));
}

export async function getSigners(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const workflow = await currentWorkflow.call(this);
	return ((workflow?.signers as IDataObject[]) ?? []).map((signer) => ({
		name: `${signer.name} <${signer.email}> (${signer.role})`,
		value: signer.id as string,
	}));
}
