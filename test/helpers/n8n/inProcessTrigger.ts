import http from 'node:http';
import { ExecutionLifecycleHooks, HookContext, WebhookContext } from 'n8n-core';
import { Workflow, type ICredentialDataDecryptedObject, type IDataObject, type INode, type IWebhookData, type IWebhookResponseData } from 'n8n-workflow';
import { SignflowTrigger } from '../../../nodes/SignflowTrigger/SignflowTrigger.node';
import { additionalDataFor } from './inProcessNode';

export interface TriggerCall {
	/** The request's path: /webhook/... (production) or /webhook-test/... (test). */
	path: string;
	headers: http.IncomingHttpHeaders;
	raw: Buffer;
	status: number;
	result: IWebhookResponseData | null;
}

/**
 * The trigger node hosted as n8n hosts it: its webhook methods run in real
 * HookContexts, and a real HTTP server on loopback takes the engine's
 * deliveries and hands each request (raw body included) to its webhook() in
 * a real WebhookContext. The production URL (/webhook/) and the test URL
 * (/webhook-test/, "Listen for test event") keep their static data apart, as
 * n8n does.
 */
export async function hostTrigger(parameters: IDataObject, credentials: ICredentialDataDecryptedObject) {
	const trigger = new SignflowTrigger();
	const node: INode = {
		id: 'trigger',
		name: 'Signflow Trigger',
		type: 'signflowTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		webhookId: 'b6f3f2a4-2d55-4c3e-9a55-0c1f6d7e8a90',
		credentials: { signflowApi: { id: '1', name: 'Signflow' } },
	};
	const nodeTypes = { getByName: () => trigger, getByNameAndVersion: () => trigger, getKnownTypes: () => ({}) };
	const makeWorkflow = (staticData: IDataObject) =>
		new Workflow({ id: 'wf-trigger', name: 'Trigger test', nodes: [node], connections: {}, active: true, staticData, nodeTypes });
	/** The active flow: its static data is what n8n saves in its database. */
	const workflow = makeWorkflow({});
	/*
	 * "Listen for test event", as n8n's TestWebhooks does it: the hooks run on a fresh
	 * workflow with empty static data, which n8n then keeps in its test-webhook registry
	 * (a cache that serializes it when it is Redis); a request to the test URL runs on
	 * another fresh workflow with that copy set as its test static data.
	 */
	let testRegistry: IDataObject = {};
	const copy = (data: IDataObject) => JSON.parse(JSON.stringify(data)) as IDataObject;
	const testWorkflow = () => {
		const fresh = makeWorkflow({});
		fresh.setTestStaticData(copy(testRegistry));
		return fresh;
	};
	const calls: TriggerCall[] = [];
	let base = '';
	const additionalData = () => {
		const data = additionalDataFor(credentials, new ExecutionLifecycleHooks('trigger', '1', {} as never));
		data.webhookBaseUrl = `${base}/webhook`;
		data.webhookTestBaseUrl = `${base}/webhook-test`;
		return data;
	};
	const webhookData = (isTest: boolean): IWebhookData => ({
		httpMethod: 'POST',
		node: node.name,
		path: 'webhook',
		webhookDescription: trigger.description.webhooks![0],
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData(),
		isTest,
	});

	/** Runs the trigger's webhook() for one request, as n8n's webhook server would; every failure is answered (500) here. */
	const answer = async (request: http.IncomingMessage, response: http.ServerResponse, raw: Buffer) => {
		let body: unknown = {};
		try {
			body = JSON.parse(raw.toString('utf8'));
		} catch {
			body = {};
		}
		const expressRequest = { headers: request.headers, body, rawBody: raw, method: request.method, url: request.url, query: {}, params: {} };
		let status = 200;
		const expressResponse = {
			status(code: number) {
				status = code;
				response.statusCode = code;
				return expressResponse;
			},
			json(value: unknown) {
				response.setHeader('content-type', 'application/json');
				response.end(JSON.stringify(value));
			},
			send(value: unknown) {
				response.end(typeof value === 'string' ? value : JSON.stringify(value));
			},
		};
		const data = additionalData();
		data.httpRequest = expressRequest as never;
		data.httpResponse = expressResponse as never;
		const isTest = request.url?.startsWith('/webhook-test/') ?? false;
		try {
			// n8n runs a test request in 'manual' mode, a production one in 'webhook' mode.
			const context = isTest
				? new WebhookContext(testWorkflow(), node, data, 'manual', webhookData(true), [], null)
				: new WebhookContext(workflow, node, data, 'webhook', webhookData(false), [], null);
			const result = await trigger.webhook.call(context);
			if (!result.noWebhookResponse) {
				response.setHeader('content-type', 'application/json');
				response.end(JSON.stringify(result.webhookResponse ?? {}));
			}
			calls.push({ path: request.url ?? '', headers: request.headers, raw, status, result });
		} catch (error) {
			response.statusCode = 500;
			response.end(String(error));
			calls.push({ path: request.url ?? '', headers: request.headers, raw, status: 500, result: null });
		}
	};

	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		// answer() catches every failure: its promise does not reject.
		request.on('end', () => void answer(request, response, Buffer.concat(chunks)));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

	const hook = async (method: 'checkExists' | 'create' | 'delete', isTest = false) => {
		if (!isTest) return trigger.webhookMethods.default[method].call(new HookContext(workflow, node, additionalData(), 'trigger', 'activate', webhookData(false)));
		const registering = makeWorkflow(copy(testRegistry));
		const result = await trigger.webhookMethods.default[method].call(new HookContext(registering, node, additionalData(), 'manual', 'manual', webhookData(true)));
		testRegistry = copy(registering.staticData);
		return result;
	};
	return {
		node,
		/** The node's static data, as n8n keeps it for the active workflow. */
		get staticData(): IDataObject {
			return (workflow.staticData[`node:${node.name}`] ?? {}) as IDataObject;
		},
		/** The node's static data of the test registration, as n8n's test-webhook registry keeps it. */
		get testStaticData(): IDataObject {
			return (testRegistry[`node:${node.name}`] ?? {}) as IDataObject;
		},
		calls,
		url: (isTest = false) => `${base}/${isTest ? 'webhook-test' : 'webhook'}/${node.webhookId}/webhook`,
		checkExists: (isTest?: boolean) => hook('checkExists', isTest),
		create: (isTest?: boolean) => hook('create', isTest),
		delete: (isTest?: boolean) => hook('delete', isTest),
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
