export interface ApiResponse<T = any> {
	status: number;
	body: T;
	headers: Headers;
	bytes: Buffer;
}

/** A plain fetch-based client for the REST API, as any HTTP caller would use it. */
export class ApiClient {
	constructor(
		readonly baseUrl: string,
		readonly apiKey: string | null,
	) {}

	withKey(apiKey: string | null): ApiClient {
		return new ApiClient(this.baseUrl, apiKey);
	}

	async request<T = any>(
		method: string,
		path: string,
		options: { json?: unknown; body?: RequestInit["body"]; headers?: Record<string, string> } = {},
	): Promise<ApiResponse<T>> {
		const headers: Record<string, string> = { ...options.headers };
		if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
		let body = options.body;
		if (options.json !== undefined) {
			headers['content-type'] ??= 'application/json';
			body = JSON.stringify(options.json);
		}
		const url = path.startsWith('http') ? path : `${this.baseUrl}${path.startsWith('/api/') || path.startsWith('/healthz') ? '' : '/api/v1'}${path}`;
		const response = await fetch(url, { method, headers, body });
		const bytes = Buffer.from(await response.arrayBuffer());
		const isJson = response.headers.get('content-type')?.includes('application/json');
		return { status: response.status, headers: response.headers, bytes, body: isJson ? JSON.parse(bytes.toString('utf8')) : (bytes as T) };
	}

	get<T = any>(path: string) {
		return this.request<T>('GET', path);
	}

	/** Every item of a cursor-paged list (`data` and `nextCursor`), `pageSize` a page (within the list's own limit). */
	async listAll<T = any>(path: string, pageSize = 200): Promise<T[]> {
		const all: T[] = [];
		let cursor = '';
		for (;;) {
			const page = await this.get<{ data: T[]; nextCursor: string | null }>(`${path}${path.includes('?') ? '&' : '?'}limit=${pageSize}${cursor ? `&cursor=${cursor}` : ''}`);
			if (page.status !== 200) throw new Error(`GET ${path} answered ${page.status}: ${page.bytes.toString('utf8').slice(0, 300)}`);
			all.push(...page.body.data);
			if (!page.body.nextCursor) return all;
			cursor = page.body.nextCursor;
		}
	}

	post<T = any>(path: string, json?: unknown) {
		return this.request<T>('POST', path, json === undefined ? {} : { json });
	}

	put<T = any>(path: string, json: unknown) {
		return this.request<T>('PUT', path, { json });
	}

	/** AddFile as a multipart upload, the way n8n and curl -F send it. */
	upload<T = any>(workflowId: string, name: string, bytes: Uint8Array, fieldName = 'file') {
		const form = new FormData();
		form.append(fieldName, new Blob([bytes], { type: 'application/pdf' }), name);
		return this.request<T>('POST', `/workflows/${workflowId}/files`, { body: form });
	}

	/** AddFile as JSON with base64 content. */
	uploadBase64<T = any>(workflowId: string, name: string, bytes: Uint8Array) {
		return this.post<T>(`/workflows/${workflowId}/files`, { name, contentBase64: Buffer.from(bytes).toString('base64') });
	}
}
