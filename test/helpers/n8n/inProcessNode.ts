import { randomUUID } from 'node:crypto';
import { Container } from '@n8n/di';
import { ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
// Not exported from the package root.
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import {
	ICredentialsHelper,
	Workflow,
	createDeferredPromise,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type IHttpRequestHelper,
	type INode,
	type IHttpRequestOptions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IRunExecutionData,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { SignflowApi } from '../../../credentials/SignflowApi.credentials';
import { Signflow } from '../../../nodes/Signflow/Signflow.node';

/*
 * Runs the Signflow node the way n8n does: a real Workflow and WorkflowExecute
 * from n8n-workflow and n8n-core, a credentials helper that applies the real
 * credential's authenticate, and the real engine on loopback behind it.
 */

/** Emits the given items, binary included, as the node's input. */
class InputNode implements INodeType {
	description = {
		displayName: 'Input',
		name: 'input',
		group: ['input'],
		version: 1,
		description: 'Test input',
		defaults: { name: 'Input' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items: INodeExecutionData[] = [];
		for (const item of InputNode.pending) {
			const binary: INodeExecutionData['binary'] = {};
			for (const [key, file] of Object.entries(item.binary ?? {}))
				binary[key] = await this.helpers.prepareBinaryData(file.data, file.fileName, file.mimeType);
			items.push({ json: item.json as INodeExecutionData['json'], ...(item.binary ? { binary } : {}) });
		}
		return [items];
	}

	static pending: Array<{ json: object; binary?: Record<string, { data: Buffer; fileName: string; mimeType: string }> }> = [];
}

/**
 * Stands in for n8n's CredentialsHelper (which needs n8n's database): the
 * credential's authenticate, and preAuthentication called when n8n calls it
 * (the hidden expirable field empty, or after a 401), its output stored into
 * the credential data the next request reads, as n8n's updateCredentials does.
 */
class CredentialsHelper extends ICredentialsHelper {
	private readonly type = new SignflowApi();

	constructor(private readonly stored: ICredentialDataDecryptedObject) {
		super();
	}

	getParentTypes() {
		return [];
	}
	async authenticate(credentials: ICredentialDataDecryptedObject, _type: string, request: IHttpRequestOptions) {
		return this.type.authenticate(credentials, request);
	}
	async preAuthentication(helpers: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject, _type: string, _node: INode, expired: boolean) {
		const expirable = this.type.properties.find((property) => property.type === 'hidden' && property.typeOptions?.expirable === true)!;
		if (credentials[expirable.name] !== '' && credentials[expirable.name] !== undefined && !expired) return undefined;
		const output = await this.type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		Object.assign(this.stored, output);
		return Object.assign(credentials, output);
	}
	runPreAuthentication() {
		return Promise.resolve(undefined);
	}
	getCredentials(): Promise<never> {
		return Promise.reject(new Error('not used'));
	}
	/** How often a node read the credential (n8n's getCredentials: a database read and a decryption in n8n). */
	reads = 0;

	getDecrypted() {
		this.reads++;
		return Promise.resolve({ ...this.stored });
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties() {
		return this.type.properties;
	}
}

export interface NodeRun {
	items: INodeExecutionData[];
	error: Error | undefined;
	/** How often the run read the credential. */
	credentialReads: number;
}

/** Runs one Signflow node with `parameters` over `input` items; resolves with its output items or its error. */
export async function runSignflowNode(
	parameters: Record<string, unknown>,
	credentials: ICredentialDataDecryptedObject,
	input: Array<{ json: object; binary?: Record<string, { data: Buffer; fileName: string; mimeType: string }> }> = [{ json: {} }],
	options: {
		continueOnFail?: boolean;
		typeVersion?: number;
		/** n8n's Retry On Fail on the node. */
		retry?: { maxTries: number; waitBetweenTries: number };
		/** The execution's id: a new one each run by default, as n8n gives; '' for a run without one. */
		executionId?: string;
	} = {},
): Promise<NodeRun> {
	const executionId = options.executionId ?? randomUUID();
	InputNode.pending = input;
	const signflow = new Signflow();
	const inputNode = new InputNode();
	const nodeTypes: INodeTypes = {
		getByName: (type) => (type === 'signflow' ? signflow : inputNode),
		getByNameAndVersion: (type) => (type === 'signflow' ? signflow : inputNode),
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({
		id: 'test',
		nodes: [
			{ id: '1', name: 'Input', type: 'input', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: '2',
				name: 'Signflow',
				type: 'signflow',
				typeVersion: options.typeVersion ?? LATEST_VERSION,
				position: [200, 0],
				parameters: parameters as never,
				credentials: { signflowApi: { id: '1', name: 'Signflow' } },
				...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
				...(options.retry ? { retryOnFail: true, ...options.retry } : {}),
			},
		],
		connections: { Input: { main: [[{ node: 'Signflow', type: 'main', index: 0 }]] } },
		active: false,
		nodeTypes,
	});

	const hooks = new ExecutionLifecycleHooks('manual', executionId, { id: 'test', name: 'test', nodes: [], connections: {}, active: false } as never);
	const done = createDeferredPromise<IRun>();
	hooks.addHandler('workflowExecuteAfter', (run) => done.resolve(run));
	const additionalData = additionalDataFor(credentials, hooks, executionId);

	const runData: IRunExecutionData = {
		resultData: { runData: {} },
		executionData: {
			metadata: {},
			contextData: {},
			waitingExecution: {},
			waitingExecutionSource: null,
			nodeExecutionStack: [{ node: workflow.getNode('Input')!, data: { main: [[{ json: {} }]] }, source: null }],
		},
	} as unknown as IRunExecutionData;
	await new WorkflowExecute(additionalData, 'manual', runData).processRunExecutionData(workflow);
	const run = await done.promise;
	const nodeRun = (run.data).resultData.runData.Signflow?.[0];
	const credentialReads = (additionalData.credentialsHelper as CredentialsHelper).reads;
	return { items: nodeRun?.data?.main?.[0] ?? [], error: (nodeRun?.error ?? run.data.resultData.error) as Error | undefined, credentialReads };
}

/** The version the editor gives a Signflow node it adds now. */
export const LATEST_VERSION = 2;

/** A LoadOptionsContext for the node with `parameters`, as the editor's dynamic-parameter requests make it. */
function editorContext(parameters: Record<string, unknown>, credentials: ICredentialDataDecryptedObject, path: string, typeVersion: number) {
	const signflow = new Signflow();
	const node = { id: '2', name: 'Signflow', type: 'signflow', typeVersion, position: [0, 0] as [number, number], parameters: parameters as never, credentials: { signflowApi: { id: '1', name: 'Signflow' } } };
	const workflow = new Workflow({
		id: 'test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: { getByName: () => signflow, getByNameAndVersion: () => signflow, getKnownTypes: () => ({}) },
	});
	const additionalData = additionalDataFor(credentials, new ExecutionLifecycleHooks('manual', '1', {} as never));
	additionalData.currentNodeParameters = parameters as never;
	return { signflow, context: new LoadOptionsContext(workflow, node, additionalData, path) };
}

/** The parameter each loadOptions method fills in the editor. */
const LOAD_OPTIONS_PATH = {
	getFiles: 'parameters.fileId',
	getSigners: 'parameters.signerId',
	getSignatureFields: 'parameters.signatureId',
	getAnnotations: 'parameters.annotationId',
	getTemplateRoles: 'parameters.roles.role[0].role',
	getTemplateFields: 'parameters.prefill.field[0].name',
} as const;

/** Calls one of the node's loadOptions methods as the n8n editor does. */
export async function loadOptions(
	method: keyof typeof LOAD_OPTIONS_PATH,
	parameters: Record<string, unknown>,
	credentials: ICredentialDataDecryptedObject,
	typeVersion = LATEST_VERSION,
) {
	const { signflow, context } = editorContext(parameters, credentials, LOAD_OPTIONS_PATH[method], typeVersion);
	return signflow.methods.loadOptions[method].call(context);
}

/** Calls one of the node's listSearch methods as the editor's resource locator does ("From List", typing `filter`, scrolling on with `paginationToken`). */
export async function listSearch(
	method: 'searchWorkflows' | 'searchTemplates',
	parameters: Record<string, unknown>,
	credentials: ICredentialDataDecryptedObject,
	filter?: string,
	paginationToken?: string,
) {
	const { signflow, context } = editorContext(parameters, credentials, method === 'searchTemplates' ? 'parameters.templateId' : 'parameters.workflowId', LATEST_VERSION);
	return signflow.methods.listSearch[method].call(context, filter, paginationToken);
}

export function additionalDataFor(credentials: ICredentialDataDecryptedObject, hooks: ExecutionLifecycleHooks, executionId = '1'): IWorkflowExecuteAdditionalData {
	return {
		hooks,
		credentialsHelper: new CredentialsHelper(credentials),
		currentNodeParameters: undefined,
		executionId,
		restApiUrl: 'http://localhost/rest',
		instanceBaseUrl: 'http://localhost/',
		formWaitingBaseUrl: 'http://localhost/form-waiting',
		webhookBaseUrl: 'http://localhost/webhook',
		webhookWaitingBaseUrl: 'http://localhost/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost/webhook-test',
		variables: {},
		userId: 'test',
		setExecutionStatus: () => undefined,
		sendDataToUI: () => undefined,
		executeWorkflow: () => Promise.resolve({ data: [], executionId: '1' }),
		getRunExecutionData: () => Promise.resolve(undefined),
		logAiEvent: () => undefined,
		startRunnerTask: () => Promise.resolve({ ok: false, error: new Error('not used') }),
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** n8n-core keeps an SSH clean-up interval; stop it so jest can exit. */
export function shutdownN8nCore(): void {
	Container.get(SSHClientsManager).onShutdown();
}
