import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

/**
 * How n8n reaches a Signflow engine: a remote one (URL and API key), or the
 * engine bundled with this package, started inside the n8n process on first
 * use. Either way the nodes speak the same REST API.
 */
export class SignflowApi implements ICredentialType {
	name = 'signflowApi';

	displayName = 'Signflow API';

	documentationUrl = 'https://github.com/signflow/n8n-nodes-signflow#credentials';

	icon: Icon = { light: 'file:signflow.svg', dark: 'file:signflow.dark.svg' };

	properties: INodeProperties[] = [
		{
			displayName: 'Engine',
			name: 'mode',
			type: 'options',
			options: [
				{
					name: 'Embedded Engine',
					value: 'embedded',
					description: 'Run the engine bundled with this package inside n8n: nothing else to install',
				},
				{
					name: 'Remote Engine',
					value: 'remote',
					description: 'A Signflow engine you run yourself (signflow serve), e.g. for n8n queue mode',
				},
			],
			default: 'embedded',
		},
		{
			displayName: 'Engine URL',
			name: 'url',
			type: 'string',
			default: 'http://127.0.0.1:5680',
			placeholder: 'https://sign.example.com',
			description: 'Where the engine listens',
			displayOptions: { show: { mode: ['remote'] } },
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'From "signflow org create"',
			displayOptions: { show: { mode: ['remote'] } },
		},
		{
			displayName: 'Data Folder',
			name: 'dataFolder',
			type: 'string',
			default: '',
			placeholder: '~/.n8n/signflow',
			description: 'Where the embedded engine keeps its database and documents. Leave empty for .n8n/signflow in the n8n user folder.',
			displayOptions: { show: { mode: ['embedded'] } },
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'number',
			default: 5681,
			description: 'Port of the signing pages and API of the embedded engine (0 picks a free one)',
			displayOptions: { show: { mode: ['embedded'] } },
		},
		{
			displayName: 'Listen Address',
			name: 'host',
			type: 'string',
			default: '127.0.0.1',
			description: 'Use 0.0.0.0 to let signers on other machines reach the signing pages',
			displayOptions: { show: { mode: ['embedded'] } },
		},
		{
			displayName: 'Public URL',
			name: 'publicUrl',
			type: 'string',
			default: '',
			placeholder: 'https://sign.example.com',
			description: 'The address signers open their links at (behind your proxy). Leave empty for the listening address.',
			displayOptions: { show: { mode: ['embedded'] } },
		},
	];

	/** Sets the engine's address and key on each request; in embedded mode it starts the engine first. */
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => {
		let baseURL = String(credentials.url ?? '').replace(/\/+$/, '');
		let apiKey = String(credentials.apiKey ?? '');
		if (credentials.mode !== 'remote') {
			const { embeddedEngine } = await import('../engine/embedded');
			const engine = await embeddedEngine({
				dataDir: String(credentials.dataFolder ?? ''),
				port: credentials.port === undefined || credentials.port === '' ? undefined : Number(credentials.port),
				host: String(credentials.host ?? ''),
				publicUrl: String(credentials.publicUrl ?? ''),
			});
			baseURL = engine.url;
			apiKey = engine.apiKey;
		}
		return {
			...requestOptions,
			baseURL,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${apiKey}` },
		};
	};

	test: ICredentialTestRequest = {
		request: {
			// The embedded engine's address is only known once it runs: authenticate sets it.
			baseURL: '={{$credentials.mode === "remote" ? $credentials.url : "http://embedded-engine.invalid"}}',
			url: '/api/v1/me',
		},
	};
}
