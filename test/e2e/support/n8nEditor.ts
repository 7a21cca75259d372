import type { Browser, Page } from 'playwright-core';
import type { N8nHome } from '../../helpers/n8n/installedN8n';
import { N8N_OWNER, startN8n, type N8nServer } from '../../helpers/n8n/installedServer';
import { launchChromium, screenshot } from './browser';

export interface N8nWithEditor {
	n8n: N8nServer;
	browser: Browser;
	/** The editor, signed in as the owner startN8n set up. */
	page: Page;
	/** Closes the browser and stops n8n (the home folder stays: its owner removes it). */
	stop(): Promise<void>;
}

/** A real n8n started in `home`, and its editor open in Debian's Chromium, signed in. */
export async function startN8nWithEditor(home: N8nHome): Promise<N8nWithEditor> {
	const n8n = await startN8n(home);
	let browser: Browser | undefined;
	const stop = async () => {
		await browser?.close();
		await n8n.stop();
	};
	try {
		browser = await launchChromium();
		const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
		page.setDefaultTimeout(30_000);
		await page.goto(`${n8n.url}/signin`);
		await page.locator('input[type=email], input[name=emailOrLdapLoginId]').first().fill(N8N_OWNER.email);
		await page.locator('input[type=password]').first().fill(N8N_OWNER.password);
		await page.getByRole('button', { name: /sign in/i }).click();
		await page.waitForURL(/\/(home|workflows)/);
		return { n8n, browser, page, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** Runs a test's steps in the editor; when they fail, saves test/artifacts/<name>.png of the page first. */
export async function withScreenshotOnFailure(page: Page, name: string, steps: () => Promise<void>): Promise<void> {
	try {
		await steps();
	} catch (error) {
		await screenshot(page, name).catch(() => undefined);
		throw error;
	}
}
