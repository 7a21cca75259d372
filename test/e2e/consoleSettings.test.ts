import type { Browser, Frame, Page } from 'playwright-core';
import { ApiClient } from '../helpers/engine/apiClient';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { until } from '../helpers/waits';
import { DESKTOP, innerText, launchChromium, openWatched, screenshot } from './support/browser';
import { sentWorkflow } from './support/signingPage';

/*
 * The console's Settings in Chromium: branding with previews the engine draws before anything is
 * saved, API keys (made and shown once, used, revoked, the last one kept), and the organization's
 * settings with the API's own refusals shown by their field. Screenshots at 1280 px.
 */

jest.setTimeout(180_000);

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

async function signedIn(apiKey: string, path: string): Promise<Awaited<ReturnType<typeof openWatched>>> {
	const watched = await openWatched(browser, t.engine.url, DESKTOP);
	const { page } = watched;
	await page.goto(`${t.engine.url}/console`);
	await page.fill('#api-key', apiKey);
	await page.click('button[type=submit]');
	await page.locator('.top .organization').waitFor();
	await page.goto(`${t.engine.url}${path}`);
	return watched;
}

/** The preview frame of a page ('signing' or 'email'), once it holds the engine's page. */
async function previewFrame(page: Page, which: 'signing' | 'email'): Promise<Frame> {
	const element = page.locator(`iframe[name="branding-preview-${which}"]`);
	await element.waitFor();
	return until(
		async () => (await element.elementHandle())?.contentFrame() ?? null,
		(frame): frame is Frame => frame !== null && frame.url().endsWith('/console/preview/branding'),
	) as Promise<Frame>;
}

/** The --primary color the signing page's own style block sets. */
const primaryIn = (frame: Frame) => frame.evaluate(() => (globalThis as any).getComputedStyle((globalThis as any).document.documentElement).getPropertyValue('--primary').trim());

it('branding: the previews change with the color and name before saving; saved, a real signing link uses them', async () => {
	const { api } = await t.newOrganization('Bäckerei Ærø');
	const watched = await signedIn(api.apiKey!, '/console/settings/branding');
	const { page } = watched;
	await page.locator('#primary-color').waitFor();
	let signing = await previewFrame(page, 'signing');
	await until(() => primaryIn(signing).catch(() => ''), (color) => color === '#2563eb');

	await page.fill('#primary-color', '#c2410c');
	await page.fill('#organization-name', 'Bäckerei Ærø <script>alert(1)</script> مخبز 🥐');
	// The frame is posted again: a new document with the unsaved color and the name as text.
	await until(
		async () => {
			signing = await previewFrame(page, 'signing');
			return { color: await primaryIn(signing).catch(() => ''), name: await signing.locator('.brand .org').textContent({ timeout: 1000 }).catch(() => '') };
		},
		(seen) => seen.color === '#c2410c' && seen.name === 'Bäckerei Ærø <script>alert(1)</script> مخبز 🥐',
	);
	expect(await (await previewFrame(page, 'signing')).locator('script').count()).toBe(0);
	// The email's button and heading (a preview frame is a new document, maybe in another process, after each post: looked up each time).
	const emailLook = async () => {
		const email = await previewFrame(page, 'email');
		return {
			button: (await email.locator('a[href$="/sign/example"]').first().getAttribute('style', { timeout: 1000 }).catch(() => '')) ?? '',
			name: (await email.locator('strong').first().textContent({ timeout: 1000 }).catch(() => '')) ?? '',
		};
	};
	await until(emailLook, (look) => /background:\s*#c2410c/i.test(look.button) && look.name === 'Bäckerei Ærø <script>alert(1)</script> مخبز 🥐');
	expect(await (await previewFrame(page, 'email')).locator('script').count()).toBe(0);
	// Nothing is saved yet.
	expect((await api.get('/interface')).body.primaryColor).toBe('#2563eb');
	await screenshot(page, 'console-settings-branding');
	// On a tablet the previews go under the form.
	// (Tall enough to hold both previews: a full-page capture resizes the view, which blanks frames drawn by another process.)
	await page.setViewportSize({ width: 768, height: 1800 });
	await until(emailLook, (look) => look.name !== '');
	await screenshot(page, 'console-settings-branding-tablet', { fullPage: false });
	await page.setViewportSize(DESKTOP.viewport);

	await page.click('.branding-settings button[type=submit]');
	await page.locator('.branding-settings .notice').waitFor();
	expect((await api.get('/interface')).body.primaryColor).toBe('#c2410c');
	expect((await api.get('/organization')).body.name).toBe('Bäckerei Ærø <script>alert(1)</script> مخبز 🥐');

	const { links } = await sentWorkflow(api, 'Liefervertrag – Zoë', [{ name: 'Zoë Ødegård', email: 'zoe@example.com' }]);
	const signer = await browser.newContext(DESKTOP);
	const signerPage = await signer.newPage();
	await signerPage.goto(links[0]);
	expect(await signerPage.evaluate(() => (globalThis as any).getComputedStyle((globalThis as any).document.documentElement).getPropertyValue('--primary').trim())).toBe('#c2410c');
	expect(await innerText(signerPage, '.brand .org')).toBe('Bäckerei Ærø <script>alert(1)</script> مخبز 🥐');
	await signer.close();
	// The previewed access-code page asks for autofocus, which a frame without scripts does not get: nothing else is reported.
	expect(watched.externalRequests).toEqual([]);
	expect(watched.errors.filter((error) => !/Blocked autofocusing/.test(error))).toEqual([]);
	await watched.context.close();
});

it('API keys: one made is shown once and signs in; revoked, the API refuses it; the last active key cannot be revoked', async () => {
	const { api } = await t.newOrganization('Schlüsseldienst Łódź');
	const watched = await signedIn(api.apiKey!, '/console/settings/api-keys');
	const { page } = watched;
	await page.locator('table.key-list tbody tr').first().waitFor();
	await page.fill('#key-name', 'n8n Produktion – Zoë 🔑');
	await page.click('.create-key button[type=submit]');
	const secret = (await page.locator('[data-testid="new-api-key"]').textContent())!.trim();
	expect(secret).toMatch(/^sf_live_/);
	await page.locator('table.key-list tbody tr').nth(1).waitFor();
	await screenshot(page, 'console-settings-api-keys-created');
	await page.click('.new-key button.quiet');
	// Shown once: gone from the page, and the list shows only its prefix.
	expect(await page.locator('body').textContent()).not.toContain(secret);

	const other = await signedIn(secret, '/console');
	expect(await innerText(other.page, '.top .organization')).toBe('Schlüsseldienst Łódź');
	await other.context.close();
	const newKey = new ApiClient(t.engine.url, secret);
	expect((await newKey.get('/organization')).status).toBe(200);

	const row = page.locator('table.key-list tbody tr', { hasText: 'n8n Produktion' });
	await row.locator('button.danger').click();
	await page.locator('.confirm button.danger').click();
	await row.locator('td', { hasText: 'Revoked' }).waitFor();
	expect((await newKey.get('/organization')).status).toBe(401);

	// Rotating: a new key shown once, the old one refused at once.
	await page.fill('#key-name', 'Rotation – Ana');
	await page.click('.create-key button[type=submit]');
	const before = (await page.locator('[data-testid="new-api-key"]').textContent())!.trim();
	await page.click('.new-key button.quiet');
	const rotating = page.locator('table.key-list tbody tr', { hasText: 'Rotation – Ana' }).filter({ hasText: 'Active' });
	await rotating.locator('button', { hasText: 'Rotate' }).click();
	await page.locator('.confirm button.danger').click();
	await until(() => page.locator('[data-testid="new-api-key"]').textContent(), (text) => Boolean(text) && text!.trim() !== before);
	const after = (await page.locator('[data-testid="new-api-key"]').textContent())!.trim();
	expect((await new ApiClient(t.engine.url, before).get('/organization')).status).toBe(401);
	expect((await new ApiClient(t.engine.url, after).get('/organization')).status).toBe(200);
	await page.click('.new-key button.quiet');
	// Revoke the rotated key too, leaving the session's key the only active one.
	await page.locator('table.key-list tbody tr', { hasText: 'Rotation – Ana' }).filter({ hasText: 'Active' }).locator('button.danger').click();
	await page.locator('.confirm button.danger').click();
	await until(() => page.locator('table.key-list tbody tr', { hasText: 'Active' }).count(), (count) => count === 1);

	// The key this session signed in with is now the last active one: the engine refuses, the page says why.
	const first = page.locator('table.key-list tbody tr').first();
	await first.locator('button.danger').click();
	await page.locator('.confirm button.danger').click();
	await page.locator('.api-keys > .error').waitFor();
	expect(await innerText(page, '.api-keys > .error')).toContain("This is the organization's only active API key");
	expect((await api.get('/organization')).status).toBe(200);
	await screenshot(page, 'console-settings-api-keys-last-refused');
	expect(watched.errors.filter((error) => !/status of 409/.test(error))).toEqual([]);
	await watched.context.close();
});

it('organization: saved and read back through the API; a bad admin email shows the API error by the field', async () => {
	const { api } = await t.newOrganization('Régie Ōsaka');
	const watched = await signedIn(api.apiKey!, '/console/settings/organization');
	const { page } = watched;
	await page.locator('#org-name').waitFor();
	await page.fill('#org-admin-email', 'not an address');
	await page.click('.organization-settings button[type=submit]');
	await page.locator('[data-field-error="adminEmail"]').waitFor();
	expect(await innerText(page, '[data-field-error="adminEmail"]')).toMatch(/email/i);
	await screenshot(page, 'console-settings-organization-error');

	await page.fill('#org-name', 'Régie Ōsaka – 大阪 🏯');
	await page.fill('#org-admin-email', 'zoë.admin@example.com'.replace('ë', 'e'));
	await page.selectOption('#org-locale', 'fr');
	await page.fill('#org-retention-days', '365');
	await page.fill('#org-draft-days', '30');
	await page.fill('#org-embed-origins', 'https://portal.example.com\nhttp://localhost:8080');
	await page.click('.organization-settings button[type=submit]');
	await page.locator('.organization-settings .notice').waitFor();
	const saved = (await api.get('/organization')).body;
	expect(saved).toMatchObject({
		name: 'Régie Ōsaka – 大阪 🏯',
		adminEmail: 'zoe.admin@example.com',
		defaultLocale: 'fr',
		retention: { days: 365, scope: 'documents', draftDays: 30 },
		embedOrigins: ['https://portal.example.com', 'http://localhost:8080'],
	});
	await screenshot(page, 'console-settings-organization');
	expect(watched.errors.filter((error) => !/status of 422/.test(error))).toEqual([]);
	await watched.context.close();
});
