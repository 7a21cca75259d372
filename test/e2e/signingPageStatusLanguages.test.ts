import type { Browser, Page } from 'playwright-core';
import { pageCatalogue } from '../../engine/i18n';
import type { ApiClient } from '../helpers/engine/apiClient';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { DESKTOP, PHONE, launchChromium, openWatched, screenshot, expectClean, innerText } from './support/browser';
import { sentWorkflow, type Person } from './support/signingPage';

/*
 * The server-rendered pages in a German and a Hebrew signer's language, in a real browser:
 * the header's language switcher works under the page's strict CSP, the Hebrew page runs right
 * to left, nothing overflows on a phone. Screenshots in test/artifacts/<device>-lang-*.png.
 */

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

/** Whether the page is wider than the screen (a sideways scroll on a phone). */
const overflows = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth > document.documentElement.clientWidth');

describe.each([
	['desktop', DESKTOP],
	['phone', PHONE],
])('the signing page in the signer\'s language on %s', (device, options) => {
	let api: ApiClient;
	beforeAll(async () => {
		api = (await t.newOrganization(`Personalabteilung – ${device}`)).api;
	});

	it('shows a German signer\'s page in German, switches to Hebrew right to left, and keeps Hebrew through the access code', async () => {
		const first: Person = { name: 'Łukasz Żółć', email: `lukasz.${device}@example.com`, order: 1 };
		const german = { name: 'Jürgen Weiß', email: `juergen.${device}@example.com`, order: 2, locale: 'de' } as Person;
		const guarded = { name: 'נועה כהן', email: `noa.${device}@example.com`, order: 1, accessCode: 'Kod-7423 Ü', locale: 'he' } as Person;
		const { links } = await sentWorkflow(api, `Arbeitsvertrag – Zoë (${device})`, [first, german, guarded]);

		const watched = await openWatched(browser, t.engine.url, options);
		const { page } = watched;
		await page.goto(links[1]);
		await expect(page.locator('html').getAttribute('lang')).resolves.toBe('de');
		await expect(innerText(page, '[data-state="waiting"] h1')).resolves.toBe(pageCatalogue.de.waitingTitle);
		await expect(page.locator('.languages a[aria-current="true"]').textContent()).resolves.toBe('Deutsch');
		await expect(overflows(page)).resolves.toBe(false);
		await screenshot(page, `${device}-lang-de-waiting`);

		await Promise.all([page.waitForEvent('load'), page.locator('.languages a[hreflang="he"]').click()]);
		await expect(page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
		await expect(innerText(page, '[data-state="waiting"] h1')).resolves.toBe(pageCatalogue.he.waitingTitle);
		await expect(page.locator('.languages a[aria-current="true"]').textContent()).resolves.toBe('עברית');
		// Right to left: the organization's name starts at the right edge, the card's text is right-aligned.
		const org = (await page.locator('.brand .org').boundingBox())!;
		const viewport = page.viewportSize()!;
		expect(org.x + org.width).toBeGreaterThan(viewport.width - 40);
		await expect(page.locator('[data-state="waiting"] h1').evaluate((node) => (globalThis as any).getComputedStyle(node).direction as string)).resolves.toBe('rtl');
		await expect(overflows(page)).resolves.toBe(false);
		await screenshot(page, `${device}-lang-he-waiting`);

		// The access code page of a Hebrew signer, a wrong code, then the right one: Hebrew all the way.
		await page.goto(links[2]);
		await expect(page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
		await page.locator('#code').fill('falsch');
		await Promise.all([page.waitForEvent('load'), page.locator('.access-form button').click()]);
		await expect(innerText(page, '.access-form .error')).resolves.toContain('נותרו 4 ניסיונות');
		await screenshot(page, `${device}-lang-he-access-code-wrong`);
		await Promise.all([page.waitForEvent('load'), page.locator('.languages a[hreflang="de"]').click()]);
		await expect(innerText(page, '[data-state="access_code"] h1')).resolves.toBe(pageCatalogue.de.accessTitle);
		await page.locator('#code').fill('Kod-7423 Ü');
		await Promise.all([page.waitForEvent('load'), page.locator('.access-form button').click()]);
		expect(new URL(page.url()).search).toBe('?lang=de');
		await expect(page.locator('html').getAttribute('lang')).resolves.toBe('de');
		await expect(page.locator('#app').count()).resolves.toBe(1);
		expectClean(watched);
		await watched.context.close();
	});

	it('shows the invalid link page in the browser\'s language', async () => {
		const context = await browser.newContext({ ...options, locale: 'he-IL' });
		const page = await context.newPage();
		const errors: string[] = [];
		page.on('pageerror', (error) => errors.push(error.message));
		await page.goto(`${t.engine.url}/sign/${'A'.repeat(43)}`);
		await expect(page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
		await expect(innerText(page, '[data-state="invalid"] h1')).resolves.toBe(pageCatalogue.he.invalidTitle);
		await expect(page.title()).resolves.toBe(pageCatalogue.he.linkNotValidTitle);
		await expect(overflows(page)).resolves.toBe(false);
		await screenshot(page, `${device}-lang-he-invalid-link`);
		expect(errors).toEqual([]);
		await context.close();
	});
});
