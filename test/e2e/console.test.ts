import type { Browser } from 'playwright-core';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { DESKTOP, expectClean, expectFailedRequest, innerText, launchChromium, openWatched, screenshot } from './support/browser';
import { sentWorkflow } from './support/signingPage';

/*
 * The console in Chromium: sign in with an API key, find a workflow made through the API in the
 * list, search it, open it, read its timeline, cancel it. Screenshots at 1280 px (and a tablet's
 * 768 px) in test/artifacts.
 */

jest.setTimeout(180_000);

const TABLET = { viewport: { width: 768, height: 1024 }, deviceScaleFactor: 1, hasTouch: true };

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

it('signs in with a key, lists, searches, opens and cancels a workflow made through the API', async () => {
	const { api } = await t.newOrganization('Müller & Söhne GmbH');
	const contract = await sentWorkflow(api, 'Arbeitsvertrag – Jürgen Groß', [
		{ name: 'Jürgen Groß', email: 'juergen@example.com' },
		{ name: 'Zoë Faure-Łukasiewicz', email: 'zoe@example.com' },
	]);
	for (const name of ['契約書 — 山田太郎', 'عقد إيجار – شقة ٣', 'Offer letter 🎉 Ana'])
		expect((await api.post('/workflows', { name })).status).toBe(201);

	const watched = await openWatched(browser, t.engine.url, DESKTOP);
	const { page } = watched;
	await page.goto(`${t.engine.url}/console`);
	await page.locator('#api-key').waitFor();
	await screenshot(page, 'console-sign-in');
	await page.fill('#api-key', api.apiKey!);
	await page.click('button[type=submit]');
	await page.locator('table.list tbody tr').nth(3).waitFor();
	expect(await innerText(page, '.top .organization')).toBe('Müller & Söhne GmbH');
	// The key is not kept by the browser: no storage holds it, the cookie is HttpOnly.
	const stored = await page.evaluate(() => {
		const window = globalThis as any;
		return JSON.stringify({ ...window.localStorage }) + JSON.stringify({ ...window.sessionStorage }) + String(window.document.cookie);
	});
	expect(stored).not.toContain(api.apiKey!);
	const rows = await page.locator('table.list tbody td.name').allInnerTexts();
	expect(rows).toEqual(expect.arrayContaining(['Arbeitsvertrag – Jürgen Groß', '契約書 — 山田太郎', 'عقد إيجار – شقة ٣', 'Offer letter 🎉 Ana']));
	await screenshot(page, 'console-workflows');

	// Search ignores case and accents, as the API does.
	await page.fill('input.search', 'jurgen');
	await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('table.list tbody tr').length === 1);
	expect(await page.locator('table.list tbody td.name').allInnerTexts()).toEqual(['Arbeitsvertrag – Jürgen Groß']);
	expect(page.url()).toContain('q=jurgen');
	await page.fill('input.search', '');
	await page.selectOption('select', 'sent');
	await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('table.list tbody tr').length === 1);
	await page.selectOption('select', 'draft');
	await page.waitForFunction(() => (globalThis as any).document.querySelectorAll('table.list tbody tr').length === 3);
	await screenshot(page, 'console-workflows-filtered');
	await page.selectOption('select', '');
	await page.locator('table.list tbody tr').nth(3).waitFor();

	await page.click('text=Arbeitsvertrag – Jürgen Groß');
	await page.locator('.timeline .event').first().waitFor();
	expect(page.url()).toBe(`${t.engine.url}/console/workflows/${contract.id}`);
	expect(await page.getAttribute('.chain', 'data-chain')).toBe('intact');
	const events = await page.locator('.timeline .event strong').allInnerTexts();
	expect(events[0]).toBe('Workflow created');
	expect(events).toContain('Sent to the signers');
	expect(await page.locator('.signer .who strong').allInnerTexts()).toEqual(['Jürgen Groß', 'Zoë Faure-Łukasiewicz']);
	const original = await page.getAttribute('.files a[href*="version=original"]', 'href');
	const download = await page.evaluate(async (url) => (await fetch(url!)).headers.get('content-type'), original);
	expect(download).toBe('application/pdf');
	await screenshot(page, 'console-workflow');

	// Correct: a refused email is shown beside its input; a new name (typed decomposed) and email give a new link.
	const zoe = (await api.get(`/workflows/${contract.id}`)).body.signers[1] as { id: string };
	await page.click('.actions button:has-text("Correct")');
	const zoeFieldset = page.locator('.correct fieldset').nth(1);
	await zoeFieldset.locator('input[type=email]').fill('zoe.faure@');
	await page.click('.correct button[type=submit]');
	await zoeFieldset.locator('.error').waitFor();
	expect(await zoeFieldset.locator('input[type=email]').getAttribute('aria-invalid')).toBe('true');
	expect((await api.get(`/workflows/${contract.id}`)).body.signers[1].email).toBe('zoe@example.com');
	expectFailedRequest(watched, 422, `/workflows/${contract.id}/correct`);
	await zoeFieldset.locator('input[type=email]').fill('zoe.faure@example.org');
	await zoeFieldset.locator('input').first().fill('Zoe\u0308 Faure'.normalize('NFD'));
	await page.fill('.correct textarea', 'Bitte bis Freitag unterschreiben – merci !');
	await screenshot(page, 'console-workflow-correct');
	await page.click('.correct button[type=submit]');
	await page.locator('.notice').waitFor();
	await page.locator('.timeline .event.type-signer-reissued').waitFor();
	const corrected = (await api.get(`/workflows/${contract.id}`)).body;
	expect(corrected.signers.find((signer: { id: string }) => signer.id === zoe.id)).toMatchObject({ name: 'Zoë Faure', email: 'zoe.faure@example.org' });
	expect(corrected.message).toBe('Bitte bis Freitag unterschreiben – merci !');
	expect(await page.locator('.signer .who strong').allInnerTexts()).toEqual(['Jürgen Groß', 'Zoë Faure']);

	await page.click('.actions button.danger');
	await page.locator('.confirm').waitFor();
	await screenshot(page, 'console-workflow-cancel-confirm');
	await page.click('.confirm button.danger');
	await page.locator('.notice').waitFor();
	await page.locator('.badge.status-cancelled').first().waitFor();
	expect((await api.get(`/workflows/${contract.id}`)).body.status).toBe('cancelled');
	await page.locator('.timeline .event.type-workflow-cancelled').waitFor();
	await screenshot(page, 'console-workflow-cancelled');
	expectClean(watched);
	await watched.context.close();

	// A tablet: the same session, one column.
	const tablet = await openWatched(browser, t.engine.url, TABLET);
	await tablet.page.goto(`${t.engine.url}/console`);
	await tablet.page.fill('#api-key', api.apiKey!);
	await tablet.page.click('button[type=submit]');
	await tablet.page.locator('table.list tbody tr').first().waitFor();
	await screenshot(tablet.page, 'console-workflows-tablet');
	await tablet.page.goto(`${t.engine.url}/console/workflows/${contract.id}`);
	await tablet.page.locator('.timeline .event').first().waitFor();
	const width = await tablet.page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number);
	expect(width).toBeLessThanOrEqual(768);
	await screenshot(tablet.page, 'console-workflow-tablet');
	await tablet.page.click('.top button.quiet');
	await tablet.page.locator('#api-key').waitFor();
	expectClean(tablet);
	await tablet.context.close();
});
