import type { ICredentialDataDecryptedObject, IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';
import { SignflowApi } from '../../../credentials/SignflowApi.credentials';
import { textOf } from '../../../nodes/shared/text';
import { ApiClient } from '../engine/apiClient';

const type = new SignflowApi();

/**
 * A Signflow credential as n8n keeps and uses it (n8n's CredentialsHelper
 * and request helpers, which need n8n's database, do the same):
 * preAuthentication runs when the hidden key is empty, after a 401, and on
 * every credential test, and what it returns is stored into the credential;
 * authenticate then sets address and key. `data` is what n8n has stored.
 */
export class StoredCredential {
	/** How often n8n would have written the credential back (updateCredentials). */
	updates = 0;

	constructor(public data: ICredentialDataDecryptedObject) {}

	get apiKey(): string {
		return textOf(this.data.embeddedApiKey);
	}

	/** Edits fields, as a user saving the credential in the editor. */
	edit(fields: ICredentialDataDecryptedObject): void {
		this.data = { ...this.data, ...fields };
	}

	private async preAuthenticate(force: boolean): Promise<void> {
		if (this.apiKey && !force) return;
		const output = await type.preAuthentication.call({ helpers: {} } as unknown as IHttpRequestHelper, { ...this.data });
		if (output.embeddedApiKey === undefined) return;
		this.data = { ...this.data, embeddedApiKey: textOf(output.embeddedApiKey) };
		this.updates += 1;
	}

	private async authenticated(request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return type.authenticate({ ...this.data }, request);
	}

	/** One request through the credential, with n8n's retry after a 401. */
	async request(method: string, path: string, json?: unknown): Promise<{ status: number; body: any }> {
		await this.preAuthenticate(false);
		const send = async () => {
			const options = await this.authenticated({ url: `/api/v1${path}`, method: method as IHttpRequestOptions['method'], headers: {} });
			const response = await fetch(`${options.baseURL}${options.url}`, {
				method,
				headers: { ...(options.headers as Record<string, string>), ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
				body: json === undefined ? undefined : JSON.stringify(json),
			});
			return { status: response.status, body: await response.json().catch(() => null) };
		};
		const first = await send();
		if (first.status !== 401) return first;
		await this.preAuthenticate(true);
		return send();
	}

	/** A plain client for the engine the credential reaches, with its key (what the nodes' requests amount to). */
	async api(): Promise<ApiClient> {
		await this.preAuthenticate(false);
		const options = await this.authenticated({ url: '/api/v1/me', headers: {} });
		return new ApiClient(String(options.baseURL), this.apiKey);
	}

	/** The credential test as n8n's CredentialsTester runs it: preAuthentication, then the test request. */
	async test(): Promise<{ status: 'OK' | 'Error'; message: string }> {
		try {
			await this.preAuthenticate(true);
			const request = type.test.request;
			const options = await this.authenticated({ url: request.url!, headers: { ...request.headers } });
			const response = await fetch(`${options.baseURL}${options.url}`, { headers: options.headers as Record<string, string> });
			if (!response.ok) return { status: 'Error', message: `Received HTTP status code: ${response.status}` };
			return { status: 'OK', message: 'Connection successful!' };
		} catch (error) {
			return { status: 'Error', message: (error as Error).message };
		}
	}
}
