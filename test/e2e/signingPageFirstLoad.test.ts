import type { Browser, Request } from 'playwright-core';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { until } from '../helpers/waits';
import { PHONE, launchChromium, openWatched } from './support/browser';
import { openDocument, sentWorkflow } from './support/signingPage';

// What the page loads before it shows the document, in a real browser.
jest.setTimeout(120_000);

let t: TestEngine;
let browser: Browser;
beforeAll(async () => {
	t = await startTestEngine();
	browser = await launchChromium();
});
afterAll(async () => {
	await browser?.close();
	await t?.destroy();
});

// Names are one line; a message may hold U+2028 and U+2029 (line and paragraph separators).
const HOSTILE = '</script><script>alert(1)</script><!-- \u202Eשלום עולם\u202C 👩🏽‍💻 Zoë';
const MESSAGE = `Ligne un\u2028ligne deux\u2029 </script><img src=x onerror=alert(2)>`;

describe('the signing page on first load', () => {
	it('shows hostile signer- and sender-typed text from its inline session as text, loads only hashed files, and records the view once the document shows', async () => {
		const { id, links } = await sentWorkflow(t.api, `Contrat ${HOSTILE}`, [{ name: HOSTILE, email: 'zoe@example.com' }], { message: MESSAGE });
		const watched = await openWatched(browser, t.engine.url, PHONE);
		const requests: Request[] = [];
		watched.page.on('request', (request) => requests.push(request));
		await openDocument(watched.page, links[0]);

		const intro = await watched.page.locator('.intro').evaluate((node) => ({
			title: node.querySelector('h1')!.textContent,
			for: [...node.querySelectorAll('.meta')].map((p) => p.textContent).find((text) => text!.startsWith('For ')),
			message: node.querySelector('.message')!.textContent,
		}));
		expect(intro).toEqual({ title: `Contrat ${HOSTILE}`, for: `For ${HOSTILE} (zoe@example.com)`, message: MESSAGE });
		expect(await watched.page.evaluate(() => (globalThis as any).signflowBoot.session.signer.name)).toBe(HOSTILE);
		expect(await watched.page.locator('.intro img, .intro script').count()).toBe(0);
		expect(watched.dialogs).toEqual([]);
		expect(watched.errors).toEqual([]);
		expect(watched.externalRequests).toEqual([]);

		// The session came with the page: no request for it; every file by its hashed name.
		const paths = requests.map((request) => new URL(request.url()).pathname);
		expect(paths.filter((path) => path.endsWith('/session'))).toEqual([]);
		const assets = paths.filter((path) => path.startsWith('/sign/assets/'));
		expect(assets.length).toBeGreaterThan(5);
		for (const path of assets) expect(path).toMatch(/^\/sign\/assets\/(?:[\w./-]+\.[0-9a-f]{8}\.\w+|\w+\.[0-9a-f]{8}\/[\w.-]+)$/);
		expect(paths.filter((path) => path.includes('pdf.worker'))).toHaveLength(1);

		await until(
			async () => ((await t.api.get(`/workflows/${id}/audit`)).body.events as Array<{ type: string }>).filter((event) => event.type === 'signer.viewed').length,
			(count) => count === 1,
		);
		await watched.context.close();
	});
});
