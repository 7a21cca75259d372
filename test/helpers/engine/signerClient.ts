import type { ApiResponse } from './apiClient';

/** What a signer's browser does over the public /sign/{token} routes, keeping the access cookie. */
export class SignerClient {
	private cookie: string | null = null;

	constructor(readonly link: string) {}

	private async call<T = any>(method: string, path: string, json?: unknown): Promise<ApiResponse<T>> {
		const headers: Record<string, string> = { 'user-agent': 'SignerClient/1.0' };
		if (json !== undefined) headers['content-type'] = 'application/json';
		if (this.cookie) headers.cookie = this.cookie;
		const response = await fetch(this.link + path, { method, headers, body: json === undefined ? undefined : JSON.stringify(json), redirect: 'manual' });
		const setCookie = response.headers.get('set-cookie');
		if (setCookie) this.cookie = setCookie.split(';')[0]!;
		const bytes = Buffer.from(await response.arrayBuffer());
		const isJson = response.headers.get('content-type')?.includes('application/json');
		return { status: response.status, headers: response.headers, bytes, body: isJson ? JSON.parse(bytes.toString()) : (bytes.toString() as T) };
	}

	page() {
		return this.call<string>('GET', '');
	}
	session() {
		return this.call('GET', '/session');
	}
	document(fileId: string) {
		return this.call('GET', `/document/${fileId}`);
	}
	signedDocument(fileId: string) {
		return this.call('GET', `/signed/${fileId}`);
	}
	accessCode(code: string) {
		return this.call('POST', '/access-code', { code });
	}
	sign(body: unknown) {
		return this.call('POST', '/sign', body);
	}
	refuse(reason: string) {
		return this.call('POST', '/refuse', { reason });
	}
	delegate(body: unknown) {
		return this.call('POST', '/delegate', body);
	}
	saveDraft(values: unknown) {
		return this.call('POST', '/draft', { values });
	}
}

/** A 1x1 PNG, as a drawn signature. */
export const PNG_1PX =
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
