/**
 * A browser's side of the console over plain HTTP: it keeps the session's cookie, reads the page's
 * boot data (the CSRF token), and calls the API as the console's page does (cookie, Origin, X-CSRF-Token).
 */
export class ConsoleClient {
	cookie: string | null = null;
	/** The Set-Cookie header of the last answer that had one. */
	lastSetCookie: string | null = null;

	constructor(readonly baseUrl: string) {}

	get origin(): string {
		return new URL(this.baseUrl).origin;
	}

	async fetch(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Response> {
		const headers: Record<string, string> = { ...init.headers };
		if (this.cookie) headers.cookie = this.cookie;
		const response = await fetch(`${this.baseUrl}${path}`, { method: init.method ?? 'GET', headers, body: init.body, redirect: 'manual' });
		const setCookie = response.headers.get('set-cookie');
		if (setCookie) {
			this.lastSetCookie = setCookie;
			const [pair] = setCookie.split(';');
			this.cookie = /Max-Age=0/i.test(setCookie) ? null : pair;
		}
		return response;
	}

	async signInWithKey(apiKey: string): Promise<Response> {
		return this.fetch('/console/sign-in', {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: this.origin },
			body: JSON.stringify({ apiKey }),
		});
	}

	/** Follows a login link as a person does: opens its page, then presses its button. */
	async signInWithLink(link: string): Promise<Response> {
		const path = new URL(link).pathname;
		const page = await this.fetch(path);
		if (page.status !== 200) return page;
		return this.fetch(path, { method: 'POST', headers: { origin: this.origin } });
	}

	/** The boot data of the console's page. */
	async boot(): Promise<any> {
		const html = await (await this.fetch('/console')).text();
		const json = /<script type="application\/json" id="console-boot">(.*?)<\/script>/s.exec(html)?.[1];
		if (!json) throw new Error(`no boot data in the console page: ${html.slice(0, 200)}`);
		return JSON.parse(json);
	}

	/** An API call as the console's page makes it: `csrf` null sends none, `origin` null sends none. */
	async api(
		method: string,
		path: string,
		options: { json?: unknown; csrf?: string | null; origin?: string | null } = {},
	): Promise<{ status: number; body: any }> {
		const headers: Record<string, string> = {};
		if (options.csrf) headers['x-csrf-token'] = options.csrf;
		const origin = options.origin === undefined ? this.origin : options.origin;
		if (origin) headers.origin = origin;
		if (options.json !== undefined) headers['content-type'] = 'application/json';
		const response = await this.fetch(`/api/v1${path}`, { method, headers, body: options.json === undefined ? undefined : JSON.stringify(options.json) });
		const text = await response.text();
		return { status: response.status, body: text ? JSON.parse(text) : null };
	}
}
