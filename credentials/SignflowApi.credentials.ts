import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import type { EmbeddedEmail, EmbeddedOptions, OrganizationProfile } from '../engine/embedded';
import { signingLinkProblem } from '../nodes/shared/linkReach';
import { textOf } from '../nodes/shared/text';

/** Marks the credential test's request: only then does authenticate check what signers would get. */
const CREDENTIAL_TEST_HEADER = 'x-signflow-credential-test';

const embeddedOnly = { show: { mode: ['embedded'] } };
const smtpOnly = { show: { mode: ['embedded'], email: ['smtp'] } };

/**
 * How n8n reaches a Signflow engine: a remote one (URL and API key), or the
 * engine bundled with this package, started inside the n8n process on first
 * use. Either way the nodes speak the same REST API.
 *
 * In embedded mode each credential has an organization of its own in the
 * shared engine: its key is made on first use (preAuthentication) and kept,
 * encrypted, in a hidden field of this credential, so no other credential
 * can open that organization's signing workflows, files, webhooks or events.
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
			displayName: 'Organization Name',
			name: 'organizationName',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'Acme HR',
			description:
				'Who sends the documents: signers see it on the signing pages, in emails, on the certificate of completion and in the seal. This credential gets an organization of its own, whose signing workflows, files, webhooks and events no other credential sees.',
			displayOptions: embeddedOnly,
		},
		{
			displayName: 'Admin Email',
			name: 'adminEmail',
			type: 'string',
			default: '',
			placeholder: 'ops@example.com',
			description: 'Gets alerts by email, e.g. when a webhook keeps failing and is turned off',
			displayOptions: embeddedOnly,
		},
		{
			displayName:
				'Every embedded credential with the same Data Folder shares one engine (each with its own organization): its port, listen address, public URL and email settings are those of the credential changed last.',
			name: 'sharedEngineNotice',
			type: 'notice',
			default: '',
			displayOptions: embeddedOnly,
		},
		{
			displayName: 'Data Folder',
			name: 'dataFolder',
			type: 'string',
			default: '',
			placeholder: '~/.n8n/signflow',
			description: 'Where the embedded engine keeps its database and documents. Leave empty for .n8n/signflow in the n8n user folder.',
			displayOptions: embeddedOnly,
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'number',
			default: 5681,
			description: 'Port of the signing pages and API of the embedded engine (0 picks a free one)',
			displayOptions: embeddedOnly,
		},
		{
			displayName: 'Listen Address',
			name: 'host',
			type: 'string',
			default: '127.0.0.1',
			description: 'Use 0.0.0.0 to let signers on other machines reach the signing pages without a reverse proxy',
			displayOptions: embeddedOnly,
		},
		{
			displayName: 'Public URL',
			name: 'publicUrl',
			type: 'string',
			default: '',
			placeholder: 'https://sign.example.com',
			description:
				'The address signers open their links at, e.g. your reverse proxy in front of the engine. Leave empty for the listening address, which only signers on this machine can open.',
			displayOptions: embeddedOnly,
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'options',
			options: [
				{
					name: "Use N8n's SMTP Settings",
					value: 'n8n',
					description: 'The N8N_SMTP_* environment variables n8n sends its own emails with; no email when they are not set',
				},
				{ name: 'SMTP Server', value: 'smtp', description: 'An SMTP server of its own' },
				{ name: 'No Email', value: 'none', description: 'Deliver the signing links yourself (Send outputs them)' },
			],
			default: 'n8n',
			description: 'How the engine emails signers their links, reminders and the signed documents',
			displayOptions: embeddedOnly,
		},
		{
			displayName: 'SMTP Host',
			name: 'smtpHost',
			type: 'string',
			default: '',
			placeholder: 'smtp.example.com',
			displayOptions: smtpOnly,
		},
		{
			displayName: 'SMTP Port',
			name: 'smtpPort',
			type: 'number',
			default: 587,
			displayOptions: smtpOnly,
		},
		{
			displayName: 'SSL/TLS',
			name: 'smtpSecure',
			type: 'boolean',
			default: false,
			description: 'Whether to use TLS from the start (usually port 465); otherwise STARTTLS is used when the server offers it',
			displayOptions: smtpOnly,
		},
		{
			displayName: 'SMTP User',
			name: 'smtpUser',
			type: 'string',
			default: '',
			displayOptions: smtpOnly,
		},
		{
			displayName: 'SMTP Password',
			name: 'smtpPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			displayOptions: smtpOnly,
		},
		{
			displayName: 'Sender',
			name: 'smtpSender',
			type: 'string',
			default: '',
			placeholder: 'Acme HR <sign@example.com>',
			description: 'The From address of the emails. Leave empty for the SMTP user.',
			displayOptions: smtpOnly,
		},
		{
			// Made by preAuthentication on first use; n8n stores it encrypted in this credential only.
			displayName: 'Organization Key',
			name: 'embeddedApiKey',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	/**
	 * n8n calls this when the hidden key is empty, after a failed request,
	 * and on every credential test; it stores what it returns. It answers the
	 * key the credential holds as long as that opens an organization in this
	 * engine's data folder; only otherwise a new key (its organization is made
	 * when the stored key is first used) or the one an earlier version made.
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		if (credentials.mode === 'remote') return {};
		const { embeddedOrganizationKey } = await import('../engine/embedded');
		return { embeddedApiKey: await embeddedOrganizationKey(embeddedOptions(credentials), textOf(credentials.embeddedApiKey), profile(credentials)) };
	}

	/** Sets the engine's address and key on each request; in embedded mode it starts or reconfigures the engine first. */
	authenticate = async (credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> => {
		// The key is the credential's alone: an Authorization header set on the request (any spelling) never replaces it.
		const incoming = Object.entries((requestOptions.headers ?? {}) as Record<string, string>);
		const testing = incoming.some(([name]) => name.toLowerCase() === CREDENTIAL_TEST_HEADER);
		const headers = Object.fromEntries(incoming.filter(([name]) => !['authorization', CREDENTIAL_TEST_HEADER].includes(name.toLowerCase())));
		let baseURL = textOf(credentials.url).replace(/\/+$/, '');
		let apiKey = textOf(credentials.apiKey);
		if (credentials.mode !== 'remote') {
			apiKey = textOf(credentials.embeddedApiKey);
			if (!apiKey)
				throw new Error('This Signflow credential has no organization yet: open it in n8n and save it again, so that n8n creates one.');
			const { embeddedConnection } = await import('../engine/embedded');
			const connection = await embeddedConnection(embeddedOptions(credentials), apiKey, profile(credentials));
			if (testing) assertSignersCanOpenLinks(connection);
			baseURL = connection.url;
		}
		return { ...requestOptions, baseURL, headers: { ...headers, Authorization: `Bearer ${apiKey}` } };
	};

	test: ICredentialTestRequest = {
		request: {
			// The embedded engine's address is only known once it runs: authenticate sets it.
			baseURL: '={{$credentials.mode === "remote" ? $credentials.url : "http://embedded-engine.invalid"}}',
			url: '/api/v1/me',
			headers: { [CREDENTIAL_TEST_HEADER]: '1' },
		},
	};
}

function embeddedOptions(credentials: ICredentialDataDecryptedObject): EmbeddedOptions {
	const port = credentials.port;
	return {
		dataDir: textOf(credentials.dataFolder),
		port: port === undefined || port === '' ? undefined : Number(port),
		host: textOf(credentials.host),
		publicUrl: textOf(credentials.publicUrl),
		email: emailOf(credentials),
	};
}

function emailOf(credentials: ICredentialDataDecryptedObject): EmbeddedEmail {
	if (credentials.email === 'none') return { mode: 'none' };
	if (credentials.email !== 'smtp') return { mode: 'n8n' };
	return {
		mode: 'smtp',
		host: textOf(credentials.smtpHost),
		port: Number(credentials.smtpPort ?? 587),
		secure: credentials.smtpSecure === true,
		user: textOf(credentials.smtpUser),
		password: textOf(credentials.smtpPassword),
		sender: textOf(credentials.smtpSender),
	};
}

function profile(credentials: ICredentialDataDecryptedObject): OrganizationProfile {
	return { name: textOf(credentials.organizationName), adminEmail: textOf(credentials.adminEmail) };
}

/**
 * The credential test fails, saying why, when the engine does not run with
 * this credential's settings or when signers elsewhere could not open the
 * links it would send; n8n shows the message.
 */
function assertSignersCanOpenLinks(connection: { url: string; publicUrl: string; conflict: string | null }): void {
	if (connection.conflict) throw new Error(`${connection.conflict} Make the settings the same, or give this credential a Data Folder of its own.`);
	const problem = signingLinkProblem(connection.publicUrl);
	if (problem)
		throw new Error(
			`Connected, but signers elsewhere cannot open the links it sends: they start with ${connection.publicUrl}/sign/, and ${problem}. ` +
				`Set Public URL to an address signers can reach, e.g. https://sign.example.com on a reverse proxy that forwards to ${connection.url} (see the README).`,
		);
}
