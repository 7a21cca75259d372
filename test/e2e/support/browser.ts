import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ARTIFACTS } from '../../helpers/artifacts';

/** Debian's Chromium (apt-get install chromium), never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}

export const DESKTOP = { viewport: { width: 1280, height: 900 } };
export const PHONE = { viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

export interface WatchedPage {
	page: Page;
	context: BrowserContext;
	/** Requests that left the engine's origin (must stay empty). */
	externalRequests: string[];
	/** Console errors and page errors (CSP violations show up here). */
	errors: string[];
	/** alert() calls (an XSS would show up here). */
	dialogs: string[];
}

/** A fresh browser context that records what a page does beyond its own origin. */
export async function openWatched(browser: Browser, origin: string, device: object): Promise<WatchedPage> {
	const context = await browser.newContext(device);
	const page = await context.newPage();
	const watched: WatchedPage = { page, context, externalRequests: [], errors: [], dialogs: [] };
	page.on('request', (request) => {
		const url = request.url();
		if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) watched.externalRequests.push(url);
	});
	page.on('console', (message) => {
		if (message.type() !== 'error') return;
		// A page answered with its own 4xx status (invalid link, wrong access code) is not an error of the page.
		const ownStatus = message.text().startsWith('Failed to load resource') && message.location().url === page.url();
		if (!ownStatus) watched.errors.push(`${message.text()} (${message.location().url})`);
	});
	page.on('pageerror', (error) => watched.errors.push(error.message));
	page.on('dialog', async (dialog) => {
		watched.dialogs.push(dialog.message());
		await dialog.dismiss();
	});
	return watched;
}

/** The page stayed on its own origin, with no console or page error and no alert(). */
export function expectClean(watched: WatchedPage): void {
	expect(watched.externalRequests).toEqual([]);
	expect(watched.errors).toEqual([]);
	expect(watched.dialogs).toEqual([]);
}

/**
 * Takes out the console line Chromium logs for one request the test made fail on purpose (an API
 * answer of `status` to a URL ending in `urlEnd`): it must be there, once.
 */
export function expectFailedRequest(watched: WatchedPage, status: number, urlEnd: string): void {
	const index = watched.errors.findIndex((line) => line.startsWith(`Failed to load resource: the server responded with a status of ${status} `) && line.endsWith(`${urlEnd})`));
	expect({ status, urlEnd, found: index >= 0, errors: watched.errors }).toMatchObject({ found: true });
	watched.errors.splice(index, 1);
}

/** The text of the first element that matches, as the page renders it. */
export const innerText = (page: Page, selector: string): Promise<string> =>
	page.locator(selector).first().evaluate((node) => (node as unknown as { innerText: string }).innerText);

/** Saves test/artifacts/<name>.png: the whole page, or only what the screen shows (`fullPage: false`, fixed bars where they sit). */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
	mkdirSync(ARTIFACTS, { recursive: true });
	const file = path.join(ARTIFACTS, `${name}.png`);
	await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
	return file;
}

/** The fonts Chromium really drew an element's text with (DevTools protocol), e.g. [{ familyName: 'Dancing Script', isCustomFont: true }]. */
export async function renderedFonts(page: Page, selector: string): Promise<Array<{ familyName: string; isCustomFont: boolean; glyphCount: number }>> {
	const cdp = await page.context().newCDPSession(page);
	try {
		await cdp.send('DOM.enable');
		await cdp.send('CSS.enable');
		const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
		const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
		const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
		return fonts;
	} finally {
		await cdp.detach();
	}
}
