import { randomBytes } from 'node:crypto';
import type {
	IDataObject,
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import { SIGNFLOW_DESCRIPTION } from '../shared/panelDescription';
import { signedFileName } from '../shared/signedFileName';
import { textOf } from '../shared/text';
import { apiDownload, apiRequest, asNodeApiError, engineErrorCode } from '../shared/transport';
import { DEFAULT_EVENTS, TRIGGER_EVENTS } from './events';
import { SeenRequests, verifyStandardWebhook } from './verify';

/** What this node registered at the engine for one of its webhook URLs (test and production each have one). */
interface Registration {
	id: string;
	secret: string;
}

const seen = new SeenRequests();

function registrations(context: IHookFunctions | IWebhookFunctions): Record<string, Registration> {
	const data = context.getWorkflowStaticData('node');
	data.registrations ??= {};
	return data.registrations as Record<string, Registration>;
}

function wanted(context: IHookFunctions) {
	const events = context.getNodeParameter('events', []) as string[];
	const requestFrom = textOf(context.getNodeParameter('requestFrom', '')).trim();
	return { events: events.includes('*') ? ['*'] : [...events].sort(), requestFrom: requestFrom || null };
}

export class SignflowTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Signflow Trigger',
		name: 'signflowTrigger',
		icon: { light: 'file:signflow.svg', dark: 'file:signflow.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].join(", ")}}',
		// n8n's node panel shows the trigger's description for the pair (see SIGNFLOW_DESCRIPTION): keep them one.
		description: SIGNFLOW_DESCRIPTION,
		defaults: { name: 'Signflow Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'signflowApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: TRIGGER_EVENTS,
				default: DEFAULT_EVENTS,
				required: true,
				description: 'The events that start this flow',
			},
			{
				displayName: 'Request From',
				name: 'requestFrom',
				type: 'string',
				default: '',
				placeholder: 'HRPortal',
				description:
					'Only signing workflows created with this Request From. Leave empty for the workflows without one (and those no other trigger claims).',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Attach Signed Document',
						name: 'attachSignedDocument',
						type: 'boolean',
						default: false,
						description: 'Whether to add the signed PDFs as binary data on Workflow Completed',
					},
					{
						displayName: 'Ignore Test Events',
						name: 'ignoreTestEvents',
						type: 'boolean',
						default: false,
						description: 'Whether to skip the events of test signing workflows (those made with a test API key, sf_test_...)',
					},
					{
						displayName: 'Put Signed Files in Field',
						name: 'binaryPropertyName',
						type: 'string',
						default: 'data',
						description: 'Binary field of the first file; more files get data_1, data_2, ...',
					},
				],
			},
		],
	};

	webhookMethods = {
		default: {
			/** Is our configuration still at the engine, for this URL, with these events? A 404 means gone. */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const url = this.getNodeWebhookUrl('default')!;
				const registration = registrations(this)[url];
				if (!registration) return false;
				try {
					const config = await apiRequest.call(this, 'GET', `/webhooks/${registration.id}`);
					const { events, requestFrom } = wanted(this);
					const current = [...((config.events as string[]) ?? [])].sort();
					return config.url === url && current.join() === events.join() && (config.requestFrom ?? null) === requestFrom;
				} catch (error) {
					if (engineErrorCode(error) === 'webhook_not_found') {
						delete registrations(this)[url];
						return false;
					}
					throw asNodeApiError(this, error);
				}
			},

			/** Registers this webhook URL with the chosen events and a new HMAC secret (replacing a stale registration). */
			async create(this: IHookFunctions): Promise<boolean> {
				const url = this.getNodeWebhookUrl('default')!;
				const stale = registrations(this)[url];
				if (stale)
					await apiRequest.call(this, 'DELETE', `/webhooks/${stale.id}`).catch((error: unknown) => {
						if (engineErrorCode(error) !== 'webhook_not_found') throw asNodeApiError(this, error);
					});
				const { events, requestFrom } = wanted(this);
				const secret = `whsec_${randomBytes(32).toString('base64')}`;
				const mode = url.includes('/webhook-test/') ? 'test' : 'production';
				const config = await apiRequest.call(this, 'POST', '/webhooks', {
					body: {
						name: `n8n: ${this.getWorkflow().name ?? this.getWorkflow().id} (${mode})`.slice(0, 200),
						url,
						events,
						...(requestFrom ? { requestFrom } : {}),
						auth: { type: 'hmac', secret },
					},
				});
				registrations(this)[url] = { id: config.id as string, secret };
				return true;
			},

			/** Removes the registration; nothing registered or already gone is fine. */
			async delete(this: IHookFunctions): Promise<boolean> {
				const url = this.getNodeWebhookUrl('default')!;
				const registration = registrations(this)[url];
				if (!registration) return true;
				try {
					await apiRequest.call(this, 'DELETE', `/webhooks/${registration.id}`);
				} catch (error) {
					if (engineErrorCode(error) !== 'webhook_not_found') throw asNodeApiError(this, error);
				}
				delete registrations(this)[url];
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject() as unknown as { headers: Record<string, string | string[] | undefined>; rawBody?: Buffer; body?: unknown };
		const raw = request.rawBody ?? Buffer.from(JSON.stringify(request.body ?? {}));
		// Not registrations[getNodeWebhookUrl()]: in a webhook context n8n answers the production URL even
		// for a request to the test URL. The static data n8n hands this request is that of the URL it came
		// in on (the test listener's own copy, or the active flow's), and every secret in it is one this
		// node generated for its own registration, so each is tried, in constant time.
		const secrets = Object.values(registrations(this)).map((registration) => registration.secret);
		const check = verifyStandardWebhook(secrets, request.headers, raw);
		if (!check.valid || !seen.firstTime(check.id, check.timestamp)) {
			// n8n types it as express's Response, whose types this package does not install: typed here as used.
			const response = this.getResponseObject() as unknown as { status(code: number): { json(body: unknown): void } };
			response.status(401).json({ error: 'Invalid or repeated webhook signature' });
			return { noWebhookResponse: true };
		}

		const body = this.getBodyData();
		const events = this.getNodeParameter('events', []) as string[];
		if (!events.includes('*') && !events.includes(body.event as string)) return { webhookResponse: {} };

		const options = this.getNodeParameter('options', {}) as IDataObject;
		if (options.ignoreTestEvents && body.test === true) return { webhookResponse: {} };

		const item: INodeExecutionData = { json: { ...body, webhookId: check.id } };
		if (options.attachSignedDocument && body.event === 'workflow.completed') {
			const files = ((body.data as IDataObject)?.files as Array<{ fileId: string; name: string }>) ?? [];
			const workflowId = (body.data as IDataObject).workflowId as string;
			const field = (options.binaryPropertyName as string) || 'data';
			item.binary = {};
			for (const [index, file] of files.entries()) {
				const pdf = await apiDownload.call(this, `/workflows/${workflowId}/files/${file.fileId}/content`, { qs: { version: 'signed' } });
				item.binary[index === 0 ? field : `${field}_${index}`] = await this.helpers.prepareBinaryData(pdf, signedFileName(file.name), 'application/pdf');
			}
		}
		return { workflowData: [[item]], webhookResponse: { received: true } };
	}
}
