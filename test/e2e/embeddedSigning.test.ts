import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Frame, Page } from 'playwright-core';
import { ApiClient } from '../helpers/engine/apiClient';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { until } from '../helpers/waits';
import { DESKTOP, launchChromium, openWatched, screenshot, type WatchedPage } from './support/browser';
import { drawSignature, openDocument, sentWorkflow, settled } from './support/signingPage';

/*
 * Embedded signing in Chromium. A portal page served by a second loopback server (another port:
 * another origin) frames the signing page: the browser refuses unless the signer's organization
 * lists the portal's origin in embedOrigins; when it does, the portal hears signflow:loaded and,
 * once the signer signs inside the frame, signflow:signed, each posted to the portal's origin only.
 * Outside a frame, signing or declining ends at the workflow's or the signer's redirectUrl.
 */

jest.setTimeout(180_000);

interface Received {
	origin: string;
	data: unknown;
}

/** A loopback server standing for another site: the portal page that frames a link, and where redirects land. */
async function startPortal(host = '127.0.0.1'): Promise<{ origin: string; close: () => Promise<void> }> {
	const server = http.createServer((request, response) => {
		const url = new URL(request.url ?? '/', 'http://portal');
		if (url.pathname === '/portal') {
			const link = url.searchParams.get('link') ?? '';
			response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
			// The listener is in place before the frame starts loading; the log shows what arrived (for the screenshot).
			response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kundenportal – Ærø</title>
<style>body{font-family:sans-serif;margin:0;background:#eef2f5}header{background:#143d59;color:#fff;padding:12px 20px;font-size:18px}
main{display:flex;gap:16px;padding:16px}iframe{flex:1;height:760px;border:1px solid #9aa;background:#fff}pre{width:260px;white-space:pre-wrap;font-size:12px}</style></head>
<body><header>Kundenportal Ærø – Vertrag unterschreiben</header>
<script>
window.received = [];
window.frameLoads = 0;
addEventListener('message', (event) => {
	window.received.push({ origin: event.origin, data: event.data });
	document.getElementById('log').textContent += JSON.stringify(event.data) + '\\n';
});
</script>
<main><iframe id="signing" title="Signing" src="${link.replace(/"/g, '&quot;')}" onload="window.frameLoads += 1"></iframe><pre id="log">Messages from the signing page:\n</pre></main>
</body></html>`);
			return;
		}
		response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
		response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Back in the portal</title></head><body><h1 id="back">Back in the portal</h1></body></html>`);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { origin: `http://${host}:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let t: TestEngine;
let browser: Browser;
let portal: { origin: string; close: () => Promise<void> };
let elsewhere: { origin: string; close: () => Promise<void> };
/** Another site, not only another origin: the engine is at 127.0.0.1, this portal at localhost (cookies see two sites). */
let otherSite: { origin: string; close: () => Promise<void> };
beforeAll(async () => {
	t = await startTestEngine();
	browser = await launchChromium();
	portal = await startPortal();
	elsewhere = await startPortal();
	otherSite = await startPortal('localhost');
});
afterAll(async () => {
	await browser?.close();
	await portal?.close();
	await elsewhere?.close();
	await otherSite?.close();
	await t?.destroy();
});

async function organizationAllowing(name: string, embedOrigins: string[]): Promise<ApiClient> {
	const { api } = await t.newOrganization(name);
	const patched = await api.request('PATCH', '/organization', { json: { embedOrigins } });
	expect(patched.status).toBe(200);
	return api;
}

/**
 * The portal page framing `link`, in a fresh context where every signing frame records the
 * postMessage calls it makes (window.parent is replaceable: the spy forwards each to the real parent),
 * in the frame's sessionStorage so that the record outlives the reload after signing.
 */
async function portalFraming(link: string, framing = portal): Promise<{ watched: WatchedPage; consoleLines: string[] }> {
	const watched = await openWatched(browser, framing.origin, DESKTOP);
	const engineOrigin = new URL(t.engine.url).origin;
	await watched.context.addInitScript((origin: string) => {
		const self = globalThis as any;
		if (self.location.origin !== origin || self.parent === self) return;
		const realParent = self.parent;
		// A frame of another site may have no storage (Chromium partitions or denies it there): the record is then the page's only.
		const storage = (() => {
			try {
				return self.sessionStorage as { getItem(key: string): string | null; setItem(key: string, value: string): void };
			} catch {
				return null;
			}
		})();
		const posted: Array<{ message: unknown; target: unknown }> = JSON.parse(storage?.getItem('__posted') ?? '[]');
		self.__posted = posted;
		Object.defineProperty(self, 'parent', {
			configurable: true,
			get: () => ({
				postMessage(message: unknown, target: unknown) {
					posted.push({ message, target });
					storage?.setItem('__posted', JSON.stringify(posted));
					realParent.postMessage(message, target);
				},
			}),
		});
	}, engineOrigin);
	const consoleLines: string[] = [];
	watched.page.on('console', (message) => consoleLines.push(message.text()));
	await watched.page.goto(`${framing.origin}/portal?link=${encodeURIComponent(link)}`);
	return { watched, consoleLines };
}

const received = (page: Page): Promise<Received[]> => page.evaluate(() => (globalThis as any).received as Received[]);

function signingFrame(page: Page): Frame {
	const frame = page.frames().find((candidate) => candidate.url().startsWith(t.engine.url));
	if (!frame) throw new Error(`no signing frame among ${page.frames().map((candidate) => candidate.url()).join(', ')}`);
	return frame;
}

/** Draws in the signature dialog of a frame (the mouse works in the top page's coordinates, as boundingBox gives them). */
async function drawInFrame(page: Page, frame: Frame): Promise<void> {
	const pad = frame.locator('#signature-dialog canvas.pad');
	await pad.waitFor();
	const box = (await pad.boundingBox())!;
	await page.mouse.move(box.x + 20, box.y + box.height * 0.7);
	await page.mouse.down();
	for (let step = 1; step <= 10; step += 1) await page.mouse.move(box.x + 20 + (step * (box.width - 40)) / 10, box.y + box.height * (0.3 + 0.4 * (step % 2)), { steps: 3 });
	await page.mouse.up();
}

describe('a portal on another origin frames the signing page', () => {
	it.each([
		['lists only another origin', () => [elsewhere.origin]],
		['lists no origin (the default)', () => []],
	])('the browser refuses the frame when the organization %s, and nothing is posted', async (_case, origins) => {
		const api = await organizationAllowing(`Geschlossen GmbH ${origins().length}`, origins());
		const { links } = await sentWorkflow(api, 'Mietvertrag – Zoë', [{ name: 'Zoë Ødegård', email: 'zoe@example.com' }]);
		const { watched, consoleLines } = await portalFraming(links[0]);
		const { page } = watched;
		// Chromium says why it refused, and the frame's load event fires on its error page.
		await until(() => consoleLines.join('\n'), (text) => text.includes('frame-ancestors'));
		await until(() => page.evaluate(() => (globalThis as any).frameLoads as number), (loads) => loads >= 1);
		const directive = origins().length > 0 ? origins().join(' ') : "'none'";
		expect(consoleLines.join('\n')).toContain(`violates the following Content Security Policy directive: "frame-ancestors ${directive}". The request has been blocked.`);
		expect(page.frames().some((frame) => frame.url().startsWith(t.engine.url))).toBe(false);
		// Nothing of the page ran in the frame: it posted nothing, and the portal cannot read it.
		expect(await received(page)).toEqual([]);
		expect(await page.evaluate(() => {
			try {
				return (globalThis as any).document.getElementById('signing').contentDocument?.body?.innerHTML ?? null;
			} catch {
				return 'blocked';
			}
		})).toBeNull();
		await watched.context.close();
	});

	it('when the origin is allowed: signflow:loaded, then signflow:signed after signing inside the frame, to the portal only', async () => {
		const api = await organizationAllowing('Kundenportal Ærø', [elsewhere.origin, portal.origin]);
		const { id, links, fieldIds } = await sentWorkflow(
			api,
			'Arbeitsvertrag – محمد',
			[
				{ name: 'محمد الأحمد', email: 'mohammed@example.com', fields: [{ kind: 'signature', x: 72, y: 100 }] },
				{ name: 'Zoë Ødegård', email: 'zoe@example.com', order: 2 },
			],
			// Inside a frame the redirect does not apply: the portal hears the message instead.
			{ redirectUrl: `${elsewhere.origin}/should-not-go-here` },
		);
		const detail = (await api.get(`/workflows/${id}`)).body;
		const signerId = detail.signers.find((signer: { email: string }) => signer.email === 'mohammed@example.com').id as string;
		const { watched } = await portalFraming(links[0]);
		const { page } = watched;
		const engineOrigin = new URL(t.engine.url).origin;

		await until(() => received(page), (messages) => messages.length >= 1);
		expect(await received(page)).toEqual([{ origin: engineOrigin, data: { type: 'signflow:loaded', workflowId: id, signerId } }]);
		const frame = signingFrame(page);
		await frame.locator('.page[data-rendered="true"]').first().waitFor();
		await frame.evaluate(() => (globalThis as any).document.fonts.ready);
		await settled(page);
		await screenshot(page, 'embedded-signing-framed', { fullPage: false });

		await frame.locator(`[data-field="${fieldIds[0][0]}"]`).click();
		await drawInFrame(page, frame);
		await frame.locator('#apply-signature').click();
		await frame.locator('#sign').click();
		await frame.locator('#finish-dialog #consent').check();
		await frame.locator('#confirm-sign').click();

		await until(() => received(page), (messages) => messages.length >= 2);
		expect(await received(page)).toEqual([
			{ origin: engineOrigin, data: { type: 'signflow:loaded', workflowId: id, signerId } },
			{ origin: engineOrigin, data: { type: 'signflow:signed', workflowId: id, signerId } },
		]);
		// The frame shows the outcome in place; it did not go to the redirect address.
		await until(() => signingFrame(page).locator('[data-state="done"]').count(), (count) => count === 1);
		expect(signingFrame(page).url()).toBe(links[0]);
		await screenshot(page, 'embedded-signing-framed-done', { fullPage: false });

		// Every message the page posted named the portal's origin: never '*', never the other allowed origin.
		expect(await signingFrame(page).evaluate(() => (globalThis as any).__posted)).toEqual([
			{ message: { type: 'signflow:loaded', workflowId: id, signerId }, target: portal.origin },
			{ message: { type: 'signflow:signed', workflowId: id, signerId }, target: portal.origin },
		]);
		expect((await api.get(`/workflows/${id}`)).body.signers.find((signer: { id: string }) => signer.id === signerId).status).toBe('signed');
		expect(watched.errors).toEqual([]);
		expect(watched.dialogs).toEqual([]);
		await watched.context.close();
	});

	it('a portal on another site: the access code entered inside the frame opens the document, and signing there posts signflow:signed', async () => {
		const api = await organizationAllowing('Notariat Ærø', [otherSite.origin]);
		const { id, links, fieldIds } = await sentWorkflow(api, 'Kaufvertrag – شقة 🏠', [
			{ name: 'Zoë Ødegård', email: 'zoe@example.com', accessCode: 'Fjord-2718', fields: [{ kind: 'signature', x: 72, y: 100 }] },
		]);
		const signerId = (await api.get(`/workflows/${id}`)).body.signers[0].id as string;
		const { watched } = await portalFraming(links[0], otherSite);
		const { page } = watched;
		const frame = () => signingFrame(page);
		await frame().locator('[data-state="access_code"]').waitFor();
		// A wrong code first: the frame says so and still asks.
		await frame().locator('#code').fill('wrong-code');
		await frame().locator('.access-form button[type="submit"]').click();
		await frame().locator('.access-form .error').waitFor();
		await frame().locator('#code').fill('Fjord-2718');
		await frame().locator('.access-form button[type="submit"]').click();
		// The engine's session cookie is a third-party one here; the document opens all the same.
		await frame().locator('.page[data-rendered="true"]').first().waitFor();
		await until(() => received(page), (messages) => messages.length >= 1);
		expect(await received(page)).toEqual([{ origin: new URL(t.engine.url).origin, data: { type: 'signflow:loaded', workflowId: id, signerId } }]);
		await settled(page);
		await screenshot(page, 'embedded-signing-cross-site-access-code', { fullPage: false });

		await frame().locator(`[data-field="${fieldIds[0][0]}"]`).click();
		await drawInFrame(page, frame());
		await frame().locator('#apply-signature').click();
		await frame().locator('#sign').click();
		await frame().locator('#finish-dialog #consent').check();
		await frame().locator('#confirm-sign').click();
		await until(() => received(page), (messages) => messages.length >= 2);
		expect((await received(page)).map((message) => message.data)).toEqual([
			{ type: 'signflow:loaded', workflowId: id, signerId },
			{ type: 'signflow:signed', workflowId: id, signerId },
		]);
		// The frame then shows the outcome, not the access code form again.
		await until(() => frame().locator('[data-state="done"]').count(), (count) => count === 1);
		expect((await api.get(`/workflows/${id}`)).body.signers[0].status).toBe('signed');
		// Only the wrong code's 401 and Chromium's note that a cross-site frame may not autofocus the code field.
		expect(watched.errors.filter((error) => !/status of 401|Blocked autofocusing/.test(error))).toEqual([]);
		await watched.context.close();
	});

	it('a portal on another site: an access code and then an emailed code, both entered inside the frame, open the document', async () => {
		const { api: liveApi } = await t.newOrganization('Kanzlei Ærø & Šoštarić');
		expect((await liveApi.request('PATCH', '/organization', { json: { embedOrigins: [otherSite.origin] } })).status).toBe(200);
		// A test workflow shows its emailed code on the page instead of sending it.
		const testKey = await liveApi.post('/api-keys', { name: 'Test – Zoë', mode: 'test' });
		const api = new ApiClient(t.engine.url, testKey.body.apiKey as string);
		const { id, links } = await sentWorkflow(api, 'Vollmacht – 山田', [
			{ name: 'Hana Yamada 山田', email: 'hana@example.com', accessCode: 'Sakura-4711', verification: 'email_otp' },
		]);
		const signerId = (await api.get(`/workflows/${id}`)).body.signers[0].id as string;
		const { watched } = await portalFraming(links[0], otherSite);
		const { page } = watched;
		const frame = () => signingFrame(page);
		await frame().locator('[data-state="access_code"]').waitFor();
		await frame().locator('#code').fill('Sakura-4711');
		await frame().locator('.access-form button[type="submit"]').click();
		await frame().locator('[data-state="email_code"]').waitFor();
		await frame().locator('[data-state="email_code"] form[action$="/send"] button[type="submit"], [data-state="email_code"] form[action*="/send?"] button[type="submit"]').first().click();
		const code = (await frame().locator('.notice strong').textContent())!.trim();
		expect(code).toMatch(/^\d{6}$/);
		await frame().locator('#code').fill(code);
		await frame().locator('[data-state="email_code"] .access-form:not([action*="/send"]) button[type="submit"]').click();
		await frame().locator('.page[data-rendered="true"]').first().waitFor();
		await until(() => received(page), (messages) => messages.length >= 1);
		expect((await received(page)).map((message) => message.data)).toEqual([{ type: 'signflow:loaded', workflowId: id, signerId }]);
		await watched.context.close();
	});

	it('an approver declining in the frame: signflow:refused, posted to the framing origin only', async () => {
		const api = await organizationAllowing('Zwei Portale', [elsewhere.origin, portal.origin]);
		const { id, links } = await sentWorkflow(api, 'Kündigung – 李小龍', [{ name: '李小龍', email: 'li@example.com', role: 'approver' }]);
		const { watched } = await portalFraming(links[0]);
		const { page } = watched;
		await until(() => received(page), (messages) => messages.length >= 1);
		const frame = signingFrame(page);
		await frame.locator('#refuse').click();
		await frame.locator('#refuse-reason').fill('Falsches Datum – bitte korrigieren 🙏');
		await frame.locator('#confirm-refuse').click();
		await until(() => signingFrame(page).locator('[data-state="refused"]').count(), (count) => count === 1);
		const posted = await signingFrame(page).evaluate(() => (globalThis as any).__posted);
		const signerId = (await api.get(`/workflows/${id}`)).body.signers[0].id as string;
		expect(posted).toEqual([
			{ message: { type: 'signflow:loaded', workflowId: id, signerId }, target: portal.origin },
			{ message: { type: 'signflow:refused', workflowId: id, signerId }, target: portal.origin },
		]);
		await until(() => received(page), (messages) => messages.length >= 2);
		expect((await received(page)).map((message) => (message.data as { type: string }).type)).toEqual(['signflow:loaded', 'signflow:refused']);
		await watched.context.close();
	});
});

describe('outside a frame, the signer ends at the redirect address with the outcome', () => {
	it("signing: the signer's own redirectUrl over the workflow's, keeping its query", async () => {
		const api = (await t.newOrganization('Redirect AG')).api;
		const { id, links, fieldIds } = await sentWorkflow(
			api,
			'Vollmacht – Zoë',
			[{ name: 'Zoë Ødegård', email: 'zoe@example.com', fields: [{ kind: 'signature', x: 72, y: 100 }], redirectUrl: `${portal.origin}/back?kunde=Zoë` }],
			{ redirectUrl: `${portal.origin}/workflow-back` },
		);
		const signerId = (await api.get(`/workflows/${id}`)).body.signers[0].id as string;
		const watched = await openWatched(browser, t.engine.url, DESKTOP);
		const { page } = watched;
		await openDocument(page, links[0]);
		await page.locator(`[data-field="${fieldIds[0][0]}"]`).click();
		await drawSignature(page);
		await page.locator('#apply-signature').click();
		await page.locator('#sign').click();
		await page.locator('#finish-dialog #consent').check();
		await Promise.all([page.waitForURL(`${portal.origin}/back?**`), page.locator('#confirm-sign').click()]);
		const landed = new URL(page.url());
		expect(landed.pathname).toBe('/back');
		expect(Object.fromEntries(landed.searchParams)).toEqual({ kunde: 'Zoë', signflow_event: 'signed', workflowId: id, signerId });
		await expect(page.locator('#back').textContent()).resolves.toBe('Back in the portal');
		await watched.context.close();
	});

	it("declining as an approver: the workflow's redirectUrl with signflow_event=declined", async () => {
		const api = (await t.newOrganization('Redirect SARL')).api;
		const { id, links } = await sentWorkflow(api, 'Devis – Élodie', [{ name: 'Élodie Müller', email: 'elodie@example.com', role: 'approver' }], {
			redirectUrl: `${portal.origin}/workflow-back`,
		});
		const signerId = (await api.get(`/workflows/${id}`)).body.signers[0].id as string;
		const watched = await openWatched(browser, t.engine.url, DESKTOP);
		const { page } = watched;
		await openDocument(page, links[0]);
		await page.locator('#refuse').click();
		await page.locator('#refuse-reason').fill('Montant erroné');
		await Promise.all([page.waitForURL(`${portal.origin}/workflow-back?**`), page.locator('#confirm-refuse').click()]);
		expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ signflow_event: 'declined', workflowId: id, signerId });
		expect((await api.get(`/workflows/${id}`)).body.status).toBe('refused');
		await watched.context.close();
	});
});
