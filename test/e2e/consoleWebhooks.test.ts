import type { Browser, Page } from 'playwright-core';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { eventually } from '../helpers/waits';
import { DESKTOP, expectClean, innerText, launchChromium, openWatched, screenshot } from './support/browser';

/*
 * The console's Webhooks screens in Chromium: two configurations made with the form, one to a
 * receiver that answers 200 and one to a receiver that answers 500; events made through the API;
 * the list and the failing configuration's page show it unhealthy, its chart counts the failed
 * attempts, its log shows every attempt, and a replay is delivered once the receiver recovers.
 * Screenshots at 1280 px and a tablet's 768 px in test/artifacts.
 */

jest.setTimeout(180_000);

const TABLET = { viewport: { width: 768, height: 1024 }, deviceScaleFactor: 1, hasTouch: true };

let t: TestEngine;
let browser: Browser;
let healthy: Receiver;
let broken: Receiver;
beforeAll(async () => {
	t = await startTestEngine({ allowPrivateWebhooks: true, webhookPollIntervalMs: 25 });
	browser = await launchChromium();
	[healthy, broken] = [await startReceiver(), await startReceiver()];
});
afterAll(async () => {
	await browser?.close();
	await Promise.all([healthy?.close(), broken?.close()]);
	await t?.destroy();
});

const attribute = async (page: Page, selector: string, name: string): Promise<number> => Number(await page.getAttribute(selector, name));

async function addWebhook(page: Page, fields: { name: string; url: string; events: string; auth: 'hmac' | 'none' }): Promise<void> {
	await page.click('button:has-text("New configuration")');
	const form = page.locator('form.webhook-form');
	await form.locator('input[name=name]').fill(fields.name);
	await form.locator('input[name=url]').fill(fields.url);
	await form.locator('input[name=events]').fill(fields.events);
	await form.locator('select[name=auth]').selectOption(fields.auth);
	await form.locator('button[type=submit]').click();
	await page.locator('.notice', { hasText: 'The configuration was created.' }).waitFor();
	await page.locator('table.webhook-list a', { hasText: fields.name }).waitFor();
}

it('configures two webhooks, shows the failing one unhealthy with its failed attempts charted, and replays a delivery', async () => {
	const { api } = await t.newOrganization('Zoë’s Ateliers — Çeşme');
	healthy.respond = () => ({ status: 200, delayMs: 40 });
	broken.respond = () => ({ status: 500, body: 'Datenbank nicht erreichbar' });

	const watched = await openWatched(browser, t.engine.url, DESKTOP);
	const { page } = watched;
	await page.goto(`${t.engine.url}/console`);
	await page.fill('#api-key', api.apiKey!);
	await page.click('button[type=submit]');
	await page.locator('.top nav a', { hasText: 'Webhooks' }).click();
	await page.locator('.webhooks .empty').waitFor();
	expect(page.url()).toBe(`${t.engine.url}/console/webhooks`);

	// Made with the form: an HMAC one shows its secret once.
	await addWebhook(page, { name: 'Buchhaltung Müller & Söhne', url: healthy.url, events: 'workflow.created, webhook.test', auth: 'hmac' });
	expect(await innerText(page, '.secret code')).toMatch(/^whsec_/);
	await addWebhook(page, { name: 'CRM 東京 — عربي', url: broken.url, events: '*', auth: 'none' });
	const configs = (await api.get('/webhooks')).body.data as Array<{ id: string; name: string; events: string[]; auth: { type: string } }>;
	const good = configs.find((config) => config.name === 'Buchhaltung Müller & Söhne')!;
	const bad = configs.find((config) => config.name === 'CRM 東京 — عربي')!;
	expect(good).toMatchObject({ events: ['workflow.created', 'webhook.test'], auth: { type: 'hmac' } });
	expect(bad).toMatchObject({ events: ['*'], auth: { type: 'none' } });

	for (const name of ['Mietvertrag – Jürgen Groß', '契約書 — 山田太郎', 'Offer letter 🎉 Ana']) expect((await api.post('/workflows', { name })).status).toBe(201);
	await healthy.waitFor(3);
	await broken.waitFor(3);
	// The list's health figures may be up to a second old (store/caches.ts): wait until it says so too.
	await eventually(
		() => api.get('/webhooks'),
		(answer) => answer.body.data.some((config: { id: string; failingSince: string | null }) => config.id === bad.id && config.failingSince !== null),
	);

	// The list: the failing configuration first, marked, its last day's failed attempts in its sparkline.
	await page.reload();
	const badRow = page.locator(`tr[data-webhook="${bad.id}"]`);
	const goodRow = page.locator(`tr[data-webhook="${good.id}"]`);
	await badRow.waitFor();
	expect(await badRow.getAttribute('data-health')).toBe('failing');
	expect(await badRow.getAttribute('class')).toContain('unhealthy');
	expect(await goodRow.getAttribute('data-health')).toBe('healthy');
	expect(await page.locator('table.webhook-list tbody tr').first().getAttribute('data-webhook')).toBe(bad.id);
	expect(await attribute(page, `tr[data-webhook="${bad.id}"] svg.sparkline`, 'data-failed')).toBeGreaterThanOrEqual(3);
	expect(await attribute(page, `tr[data-webhook="${bad.id}"] svg.sparkline`, 'data-delivered')).toBe(0);
	expect(await attribute(page, `tr[data-webhook="${good.id}"] svg.sparkline`, 'data-delivered')).toBe(3);
	expect(await innerText(page, `tr[data-webhook="${bad.id}"] .badge[data-health]`)).toContain('Failing');
	await screenshot(page, 'console-webhooks');

	// The failing configuration's page: the banner, the chart's failed attempts, the log's attempts.
	await badRow.locator('td.name a').click();
	await page.locator('.health-banner').waitFor();
	expect(page.url()).toBe(`${t.engine.url}/console/webhooks/${bad.id}`);
	expect(await page.getAttribute('.webhook-detail', 'data-health')).toBe('failing');
	const outcomes = '.outcome-chart svg';
	await page.locator(outcomes).waitFor();
	expect(await page.getAttribute('.outcome-chart', 'class')).toContain('unhealthy');
	expect(await attribute(page, outcomes, 'data-failed')).toBeGreaterThanOrEqual(3);
	expect(await attribute(page, outcomes, 'data-delivered')).toBe(0);
	const bars = await page.locator(`${outcomes} g.bar`).evaluateAll((nodes) => nodes.map((node) => Number((node as unknown as { dataset: { failed: string } }).dataset.failed)));
	expect(bars.reduce((sum, count) => sum + count, 0)).toBe(await attribute(page, outcomes, 'data-failed'));
	expect(await page.locator(`${outcomes} title`).first().textContent()).toContain('Attempts per hour by outcome');
	expect(await page.locator('.delivery').count()).toBe(3);
	const first = page.locator('.delivery').first();
	await first.locator('button.expand').click();
	const attempt = first.locator('table.attempts tr.attempt').first();
	await attempt.waitFor();
	expect(await attempt.getAttribute('data-status-code')).toBe('500');
	expect(Number(await attempt.getAttribute('data-duration'))).toBeGreaterThanOrEqual(0);
	expect(await first.locator('table.attempts').innerText()).toContain('Datenbank nicht erreichbar');
	await screenshot(page, 'console-webhook-failing');

	// The receiver recovers; one delivery replayed is delivered, and its log shows both attempts.
	broken.respond = () => ({ status: 200 });
	const deliveryId = (await first.getAttribute('data-delivery'))!;
	await first.locator('button.replay').click();
	await page.locator('.delivery-log .notice', { hasText: 'The delivery is queued again.' }).waitFor();
	await eventually(
		() => api.get(`/deliveries/${deliveryId}`),
		(answer) => answer.body.status === 'succeeded',
	);
	await page.click('.delivery-log button:has-text("Refresh")');
	const replayed = page.locator(`.delivery[data-delivery="${deliveryId}"][data-status="succeeded"]`);
	await replayed.waitFor();
	await replayed.locator('table.attempts tr.attempt.ok').waitFor();
	const codes = await replayed.locator('table.attempts tr.attempt').evaluateAll((rows) => rows.map((row) => (row as unknown as { dataset: { statusCode: string } }).dataset.statusCode));
	expect(codes[0]).toBe('500');
	expect(codes[codes.length - 1]).toBe('200');
	await page.waitForFunction((selector) => Number((globalThis as any).document.querySelector(selector)?.dataset.delivered) >= 1, outcomes);

	// Over the week: 168 hours, the same counts.
	await page.click('.range button:has-text("Last week")');
	await page.locator(`${outcomes}[data-range="week"]`).waitFor();
	expect(await attribute(page, outcomes, 'data-failed')).toBeGreaterThanOrEqual(3);
	await page.click('.stats-table summary');
	expect(await page.locator('.stats-table tr.totals').innerText()).toContain('Whole range');
	await screenshot(page, 'console-webhook-week');

	// The healthy one: a test event, its latency charted, off and on again.
	await page.goto(`${t.engine.url}/console/webhooks/${good.id}`);
	await page.locator('.latency-chart svg').waitFor();
	expect(await page.locator('.health-banner').count()).toBe(0);
	expect(await attribute(page, '.latency-chart svg', 'data-p50')).toBeGreaterThanOrEqual(40);
	await page.click('button:has-text("Send test event")');
	await page.locator('.notice', { hasText: 'webhook.test' }).waitFor();
	await eventually(
		() => healthy.received.filter((request) => request.body?.event === 'webhook.test').length,
		(count) => count === 1,
	);
	await page.click('.delivery-log button:has-text("Refresh")');
	await page.locator('.delivery .event-type', { hasText: 'webhook.test' }).waitFor();
	await screenshot(page, 'console-webhook-healthy');
	await page.click('.detail-head button:has-text("Disable")');
	await page.locator('.webhook-detail[data-health="off"]').waitFor();
	expect((await api.get(`/webhooks/${good.id}`)).body.enabled).toBe(false);
	await page.click('.detail-head button:has-text("Enable")');
	await page.locator('.webhook-detail[data-health="healthy"]').waitFor();

	// Edited and deleted through the same API.
	await page.click('.detail-head button:has-text("Edit")');
	await page.locator('form.webhook-form input[name=name]').fill('Buchhaltung Groß');
	await page.click('form.webhook-form button[type=submit]');
	await page.locator('.webhook-detail h1', { hasText: 'Buchhaltung Groß' }).waitFor();
	expect((await api.get(`/webhooks/${good.id}`)).body).toMatchObject({ name: 'Buchhaltung Groß', auth: { type: 'hmac' } });
	await page.click('.detail-head button.danger');
	await page.click('.confirm button.danger');
	await page.locator('table.webhook-list').waitFor();
	expect(await page.locator('table.webhook-list tbody tr').count()).toBe(1);
	expect((await api.get(`/webhooks/${good.id}`)).status).toBe(404);
	expectClean(watched);
	await watched.context.close();

	// A tablet: the failing configuration's page (failing again) in one column, nothing wider than the screen.
	broken.respond = () => ({ status: 503 });
	await api.post('/workflows', { name: 'Nachtrag — Ωmega' });
	await eventually(
		() => api.get('/webhooks'),
		(answer) => answer.body.data.some((config: { id: string; failingSince: string | null }) => config.id === bad.id && config.failingSince !== null),
	);
	const tablet = await openWatched(browser, t.engine.url, TABLET);
	await tablet.page.goto(`${t.engine.url}/console`);
	await tablet.page.fill('#api-key', api.apiKey!);
	await tablet.page.click('button[type=submit]');
	await tablet.page.locator('.top nav').waitFor();
	await tablet.page.goto(`${t.engine.url}/console/webhooks/${bad.id}`);
	await tablet.page.locator('.outcome-chart svg').waitFor();
	await tablet.page.locator('.health-banner').waitFor();
	const width = await tablet.page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth as number);
	expect(width).toBeLessThanOrEqual(768);
	await screenshot(tablet.page, 'console-webhook-tablet');
	await tablet.page.goto(`${t.engine.url}/console/webhooks`);
	await tablet.page.locator('table.webhook-list').waitFor();
	await screenshot(tablet.page, 'console-webhooks-tablet');
	expectClean(tablet);
	await tablet.context.close();
});

it('shows another organization’s configuration as not found', async () => {
	const owner = await t.newOrganization('Owner GmbH');
	const webhook = (await owner.api.post('/webhooks', { name: 'Privé', url: healthy.url, auth: { type: 'none' } })).body;
	const { api } = await t.newOrganization('Stranger Ltd.');
	const watched = await openWatched(browser, t.engine.url, DESKTOP);
	await watched.page.goto(`${t.engine.url}/console`);
	await watched.page.fill('#api-key', api.apiKey!);
	await watched.page.click('button[type=submit]');
	await watched.page.locator('.top nav').waitFor();
	await watched.page.goto(`${t.engine.url}/console/webhooks/${webhook.id}`);
	await watched.page.locator('.webhook-detail .error', { hasText: 'No such webhook configuration.' }).waitFor();
	await watched.context.close();
});
