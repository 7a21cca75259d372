import { ConsoleClient } from '../helpers/engine/consoleClient';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';

/*
 * The console's branding preview (POST /console/preview/branding): the real signing page and
 * invitation email with branding not yet saved, every organization-supplied text escaped, in a
 * sandboxed page only the console may frame; refused without the session, its CSRF token or the
 * engine's origin; nothing saved.
 */

jest.setTimeout(120_000);

let t: TestEngine;
beforeAll(async () => {
	t = await startTestEngine();
});
afterAll(async () => {
	await t?.destroy();
});

const NAME = 'Ærø <script>alert("x")</script> شركة 🏢 Zoë';
/** A 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

async function signedIn(name: string): Promise<{ browser: ConsoleClient; csrf: string; api: TestEngine['api'] }> {
	const { api } = await t.newOrganization(name);
	const browser = new ConsoleClient(t.engine.url);
	expect((await browser.signInWithKey(api.apiKey!)).status).toBe(200);
	const boot = await browser.boot();
	return { browser, csrf: boot.csrfToken, api };
}

function preview(browser: ConsoleClient, fields: Record<string, string>, headers: Record<string, string> = { origin: browser.origin }) {
	return browser.fetch('/console/preview/branding', {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
		body: new URLSearchParams(fields).toString(),
	});
}

it('draws the signing page with the unsaved color, logo and name, escaped, in a sandbox only the console frames', async () => {
	const { browser, csrf, api } = await signedIn('Vorschau GmbH');
	const response = await preview(browser, { csrf, page: 'signing', organizationName: NAME, primaryColor: '#0f766e', logo: PNG });
	expect(response.status).toBe(200);
	const html = await response.text();
	expect(html).toContain(':root{--primary:#0f766e}');
	expect(html).toContain('Ærø &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; شركة 🏢 Zoë');
	expect(html).not.toContain('<script>alert');
	expect(html).toContain(`src="data:image/png;base64,${PNG}"`);
	expect(html).toContain('data-state="access_code"');
	const policy = response.headers.get('content-security-policy')!;
	expect(policy).toContain('sandbox');
	expect(policy).toContain("frame-ancestors 'self'");
	expect(policy).not.toContain('script-src');
	expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
	// Nothing was saved.
	expect((await api.get('/interface')).body).toMatchObject({ primaryColor: '#2563eb', logoFileId: null, isDefault: true });
	expect((await api.get('/organization')).body.name).toBe('Vorschau GmbH');
});

it('draws the invitation email the same way, and falls back to what is saved for what is left out', async () => {
	const { browser, csrf, api } = await signedIn(NAME);
	expect((await api.request('PUT', '/interface', { json: { primaryColor: '#7c3aed' } })).status).toBe(200);
	const response = await preview(browser, { csrf, page: 'email' });
	expect(response.status).toBe(200);
	const html = await response.text();
	expect(html).toContain('background:#7c3aed');
	expect(html).toContain('<strong>Ærø &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; شركة 🏢 Zoë</strong>');
	expect(html).not.toContain('<script>alert');
	expect(response.headers.get('content-security-policy')).toContain('sandbox');
});

it('refuses without the CSRF token, with another origin, without a session, and bad values with 422', async () => {
	const { browser, csrf } = await signedIn('Streng AG');
	const missing = await preview(browser, { page: 'signing' });
	expect(missing.status).toBe(403);
	expect(((await missing.json()) as any).error.code).toBe('csrf_token_missing');
	const wrong = await preview(browser, { csrf: `${csrf.slice(0, -2)}AA`, page: 'signing' });
	expect(((await wrong.json()) as any).error.code).toBe('csrf_token_invalid');
	const elsewhere = await preview(browser, { csrf, page: 'signing' }, { origin: 'https://evil.example' });
	expect(elsewhere.status).toBe(403);
	expect(((await elsewhere.json()) as any).error.code).toBe('origin_not_allowed');
	const stranger = await preview(new ConsoleClient(t.engine.url), { csrf, page: 'signing' });
	expect(stranger.status).toBe(401);
	const badColor = await preview(browser, { csrf, page: 'signing', primaryColor: 'red' });
	expect(badColor.status).toBe(422);
	expect(((await badColor.json()) as any).error.details[0]).toMatchObject({ path: 'primaryColor' });
	const notAnImage = await preview(browser, { csrf, page: 'email', logo: Buffer.from('<svg/>').toString('base64') });
	expect(notAnImage.status).toBe(422);
});
