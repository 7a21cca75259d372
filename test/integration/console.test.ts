import { runCli } from '../helpers/engine/cli';
import { ManualClock } from '../helpers/engine/clock';
import { ConsoleClient } from '../helpers/engine/consoleClient';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { fixturePdf } from '../helpers/pdf/fixtures';

/*
 * The console's sign-in and its use of the REST API with a session cookie, on a real engine:
 * API keys and one-time login links (made by the CLI too), the cookie's flags, expiry on the
 * engine's clock, CSRF and Origin checks, organization and test-mode scoping, sign-out.
 */

jest.setTimeout(120_000);

let t: TestEngine;
let clock: ManualClock;
beforeAll(async () => {
	clock = new ManualClock(new Date());
	t = await startTestEngine({ clock });
});
afterAll(async () => {
	await t?.destroy();
});

const link = (token: string) => `${t.engine.url}/console/login/${token}`;

async function signedIn(apiKey: string): Promise<{ browser: ConsoleClient; csrf: string }> {
	const browser = new ConsoleClient(t.engine.url);
	const answer = await browser.signInWithKey(apiKey);
	expect(answer.status).toBe(200);
	const boot = await browser.boot();
	expect(boot.signedIn).toBe(true);
	return { browser, csrf: boot.csrfToken };
}

describe('signing in with an API key', () => {
	it('sets an HttpOnly, SameSite=Strict cookie for the whole engine and gives the page its CSRF token', async () => {
		const { organizationId, api } = await t.newOrganization('Société Générale d’Études — 東京支店');
		const browser = new ConsoleClient(t.engine.url);
		const answer = await browser.signInWithKey(api.apiKey!);
		expect(answer.status).toBe(200);
		const cookie = browser.lastSetCookie!;
		expect(cookie).toMatch(/^sf_console=[A-Za-z0-9_-]{43}; /);
		expect(cookie).toContain('; HttpOnly');
		expect(cookie).toContain('; SameSite=Strict');
		expect(cookie).toContain('; Path=/;');
		// The engine is reached over http here: a Secure cookie would never come back.
		expect(cookie).not.toContain('Secure');
		// The key itself is never in what the browser keeps.
		expect(cookie).not.toContain(api.apiKey!);
		const boot = await browser.boot();
		expect(boot).toEqual({
			signedIn: true,
			csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
			organization: { id: organizationId, name: 'Société Générale d’Études — 東京支店' },
			mode: 'live',
			signedInWith: 'api_key',
			// The field editor's pdf.js: the signing page's vendored build, from the engine's own origin.
			pdfjs: {
				module: expect.stringMatching(/^\/sign\/assets\/pdf\.min\.[0-9a-f]{8}\.mjs$/),
				worker: expect.stringMatching(/^\/sign\/assets\/pdf\.worker\.min\.[0-9a-f]{8}\.mjs$/),
				standardFontDataUrl: '/sign/assets/standard_fonts/',
				cMapUrl: '/sign/assets/cmaps/',
				wasmUrl: '/sign/assets/wasm/',
			},
		});
		for (const url of [boot.pdfjs.module, boot.pdfjs.worker]) {
			const script = await fetch(`${t.engine.url}${url}`);
			expect([script.status, script.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
		}
		const list = await browser.api('GET', '/workflows');
		expect(list.status).toBe(200);
	});

	it('refuses an unknown key with 401 and sets no cookie', async () => {
		const browser = new ConsoleClient(t.engine.url);
		const answer = await browser.signInWithKey('sf_live_nottherightkeyatallnottherightkeyatall');
		expect(answer.status).toBe(401);
		expect(((await answer.json()) as any).error.code).toBe('invalid_api_key');
		expect(browser.cookie).toBeNull();
		expect((await browser.boot()).signedIn).toBe(false);
		expect((await browser.api('GET', '/workflows')).status).toBe(401);
	});

	it('refuses a sign-in posted from another origin', async () => {
		const browser = new ConsoleClient(t.engine.url);
		const answer = await browser.fetch('/console/sign-in', {
			method: 'POST',
			headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
			body: JSON.stringify({ apiKey: t.api.apiKey }),
		});
		expect(answer.status).toBe(403);
		expect(((await answer.json()) as any).error.code).toBe('origin_not_allowed');
		expect(browser.cookie).toBeNull();
	});

	it('ends the session when its key is revoked', async () => {
		const { api } = await t.newOrganization('Revoked key org');
		const second = await api.post('/api-keys', { name: 'Console key' });
		expect(second.status).toBe(201);
		const { browser } = await signedIn(second.body.apiKey);
		expect((await browser.api('GET', '/workflows')).status).toBe(200);
		expect((await api.request('DELETE', `/api-keys/${second.body.id}`)).status).toBe(204);
		const after = await browser.api('GET', '/workflows');
		expect(after.status).toBe(401);
		expect(after.body.error.code).toBe('console_session_ended');
	});
});

describe('one-time login links', () => {
	it('are made by `signflow console-link`, sign in once, and are refused the second time', async () => {
		const { organizationId } = await t.newOrganization('Ørsted & Søn — אבג');
		const made = await runCli(['console-link', '--org', organizationId, '--data', t.dataDir, '--public-url', t.engine.url]);
		expect(made.stderr).toBe('');
		expect(made.code).toBe(0);
		const url = /^(http:\/\/\S+\/console\/login\/[A-Za-z0-9_-]{43})$/m.exec(made.stdout)?.[1];
		expect(url).toBeDefined();
		expect(made.stdout).toContain('Ørsted & Søn — אבג');

		const browser = new ConsoleClient(t.engine.url);
		// Opening the link (as a chat's link preview would) does not use it up.
		expect((await browser.fetch(new URL(url!).pathname)).status).toBe(200);
		const signIn = await browser.signInWithLink(url!);
		expect(signIn.status).toBe(303);
		expect(signIn.headers.get('location')).toBe('/console');
		expect(browser.lastSetCookie).toContain('HttpOnly');
		const boot = await browser.boot();
		expect(boot.organization.id).toBe(organizationId);
		expect(boot.signedInWith).toBe('login_link');

		const again = new ConsoleClient(t.engine.url);
		const reused = await again.signInWithLink(url!);
		expect(reused.status).toBe(410);
		expect(again.cookie).toBeNull();
	});

	it('finds the organization by its name, and says so when none has it', async () => {
		await t.newOrganization('Nom unique – Zoë');
		const made = await runCli(['console-link', '--org', 'Nom unique – Zoë', '--data', t.dataDir, '--public-url', t.engine.url]);
		expect(made.code).toBe(0);
		expect(made.stdout).toMatch(/\/console\/login\/[A-Za-z0-9_-]{43}/);
		const none = await runCli(['console-link', '--org', 'No such organization', '--data', t.dataDir]);
		expect(none.code).toBe(1);
		expect(none.stderr).toContain('No organization with the id or name "No such organization"');
	});

	it('expire after 15 minutes on the engine clock', async () => {
		const fresh = await t.engine.service.console.createLoginLink(t.organizationId, 'live');
		const late = await t.engine.service.console.createLoginLink(t.organizationId, 'live');
		clock.advance(15 * 60_000 - 1_000);
		expect((await new ConsoleClient(t.engine.url).signInWithLink(link(fresh.token))).status).toBe(303);
		clock.advance(2_000);
		expect((await new ConsoleClient(t.engine.url).signInWithLink(link(late.token))).status).toBe(410);
	});

	it('answer 410 to a token that never existed', async () => {
		expect((await new ConsoleClient(t.engine.url).signInWithLink(link('x'.repeat(43)))).status).toBe(410);
	});
});

describe('changes made with the session cookie', () => {
	it('need the session CSRF token and the engine origin; 403 with a code otherwise', async () => {
		const { browser, csrf } = await signedIn(t.api.apiKey!);
		const body = { json: { name: 'Contrat – Müller ✍️' } };
		const missing = await browser.api('POST', '/workflows', { ...body, csrf: null });
		expect(missing.status).toBe(403);
		expect(missing.body.error.code).toBe('csrf_token_missing');
		const wrong = await browser.api('POST', '/workflows', { ...body, csrf: `${csrf.slice(0, -2)}AA` });
		expect(wrong.status).toBe(403);
		expect(wrong.body.error.code).toBe('csrf_token_invalid');
		const otherSession = await signedIn(t.api.apiKey!);
		const anotherSessions = await browser.api('POST', '/workflows', { ...body, csrf: otherSession.csrf });
		expect(anotherSessions.status).toBe(403);
		expect(anotherSessions.body.error.code).toBe('csrf_token_invalid');
		const foreign = await browser.api('POST', '/workflows', { ...body, csrf, origin: 'https://evil.example' });
		expect(foreign.status).toBe(403);
		expect(foreign.body.error.code).toBe('origin_not_allowed');
		const noOrigin = await browser.api('POST', '/workflows', { ...body, csrf, origin: null });
		expect(noOrigin.status).toBe(403);
		expect(noOrigin.body.error.code).toBe('origin_not_allowed');

		const made = await browser.api('POST', '/workflows', { ...body, csrf });
		expect(made.status).toBe(201);
		// Nothing was made by the refused attempts.
		const named = await t.api.get(`/workflows?q=${encodeURIComponent('Müller')}`);
		expect(named.body.data.map((workflow: any) => workflow.id)).toEqual([made.body.id]);
		const cancelled = await browser.api('DELETE', `/workflows/${made.body.id}`, { csrf: null });
		expect(cancelled.status).toBe(403);
	});

	it('leave a bearer request as it was: no CSRF token or Origin asked', async () => {
		const made = await t.api.post('/workflows', { name: 'بعقد العمل' });
		expect(made.status).toBe(201);
	});
});

describe('scoping', () => {
	it('keeps a session to its own organization', async () => {
		const other = await t.newOrganization('Other org — 株式会社');
		const theirs = await other.api.post('/workflows', { name: 'Their secret contract' });
		expect(theirs.status).toBe(201);
		const { browser, csrf } = await signedIn(t.api.apiKey!);
		expect((await browser.api('GET', `/workflows/${theirs.body.id}`)).status).toBe(404);
		expect((await browser.api('GET', `/workflows/${theirs.body.id}/audit`)).status).toBe(404);
		const discard = await browser.api('POST', `/workflows/${theirs.body.id}/discard`, { csrf });
		expect(discard.status).toBe(404);
		const list = await browser.api('GET', '/workflows?q=secret');
		expect(list.body.data).toEqual([]);
		expect((await other.api.get(`/workflows/${theirs.body.id}`)).body.status).toBe('draft');
	});

	it('shows a test session (a --test link, or an sf_test_ key) test workflows only', async () => {
		const { organizationId, api } = await t.newOrganization('Test mode org');
		const testKey = await api.post('/api-keys', { name: 'Test key', mode: 'test' });
		expect(testKey.status).toBe(201);
		const live = await api.post('/workflows', { name: 'Live contract' });
		const test = await api.withKey(testKey.body.apiKey).post('/workflows', { name: 'Test contract' });
		const upload = await api.withKey(testKey.body.apiKey).upload(test.body.id, 'déjà vu.pdf', fixturePdf('letter-3pages.pdf'));
		expect(upload.status).toBe(201);

		const withKey = await signedIn(testKey.body.apiKey);
		expect((await withKey.browser.boot()).mode).toBe('test');
		const made = await runCli(['console-link', '--org', organizationId, '--test', '--data', t.dataDir, '--public-url', t.engine.url]);
		expect(made.code).toBe(0);
		const withLink = new ConsoleClient(t.engine.url);
		expect((await withLink.signInWithLink(/(http\S+)/.exec(made.stdout)![1])).status).toBe(303);
		expect((await withLink.boot()).mode).toBe('test');

		for (const browser of [withKey.browser, withLink]) {
			const list = await browser.api('GET', '/workflows');
			expect(list.body.data.map((workflow: any) => workflow.name)).toEqual(['Test contract']);
			expect((await browser.api('GET', `/workflows/${live.body.id}`)).status).toBe(404);
		}
		const liveSession = await signedIn(api.apiKey!);
		expect((await liveSession.browser.api('GET', '/workflows')).body.data.map((workflow: any) => workflow.name)).toEqual(['Live contract']);
	});
});

describe('ending a session', () => {
	it('signs out: the session is deleted and its cookie cleared', async () => {
		const { browser, csrf } = await signedIn(t.api.apiKey!);
		const kept = browser.cookie!;
		const out = await browser.fetch('/console/sign-out', { method: 'POST', headers: { origin: browser.origin, 'x-csrf-token': csrf } });
		expect(out.status).toBe(200);
		expect(browser.lastSetCookie).toContain('Max-Age=0');
		expect(browser.cookie).toBeNull();
		// The old cookie, replayed, opens nothing.
		browser.cookie = kept;
		const after = await browser.api('GET', '/workflows');
		expect(after.status).toBe(401);
		expect(after.body.error.code).toBe('console_session_ended');
		expect((await browser.boot()).signedIn).toBe(false);
	});

	it('refuses a sign-out from another origin', async () => {
		const { browser, csrf } = await signedIn(t.api.apiKey!);
		const out = await browser.fetch('/console/sign-out', { method: 'POST', headers: { origin: 'https://evil.example', 'x-csrf-token': csrf } });
		expect(out.status).toBe(403);
		expect((await browser.api('GET', '/workflows')).status).toBe(200);
	});

	it('ends a session unused for 12 hours, and any after 7 days', async () => {
		const idle = await signedIn(t.api.apiKey!);
		const used = await signedIn(t.api.apiKey!);
		for (let hour = 0; hour < 13; hour++) {
			clock.advance(60 * 60_000);
			expect((await used.browser.api('GET', '/workflows')).status).toBe(200);
		}
		expect((await idle.browser.api('GET', '/workflows')).status).toBe(401);
		// Used every 11 hours, it lives until 7 days after its sign-in, and no longer.
		let hours = 13;
		while (hours + 11 < 7 * 24) {
			clock.advance(11 * 60 * 60_000);
			hours += 11;
			expect((await used.browser.api('GET', '/workflows')).status).toBe(200);
		}
		clock.advance((7 * 24 - hours) * 60 * 60_000);
		expect((await used.browser.api('GET', '/workflows')).status).toBe(401);
	});
});

describe('an engine behind https', () => {
	it('marks the cookie Secure', async () => {
		const https = await startTestEngine({ publicUrl: 'https://sign.example.com' });
		try {
			const browser = new ConsoleClient(https.engine.url);
			const answer = await browser.fetch('/console/sign-in', {
				method: 'POST',
				headers: { 'content-type': 'application/json', origin: 'https://sign.example.com' },
				body: JSON.stringify({ apiKey: https.api.apiKey }),
			});
			expect(answer.status).toBe(200);
			expect(browser.lastSetCookie).toContain('; Secure');
		} finally {
			await https.destroy();
		}
	});
});
