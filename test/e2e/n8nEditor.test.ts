import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Signflow } from '../../nodes/Signflow/Signflow.node';
import { launchChromium, screenshot } from '../helpers/browser';
import { startTestEngine, type TestEngine } from '../helpers/engine';
import { startN8n, type N8nServer } from '../helpers/n8nServer';
import { n8nHome, type N8nHome } from '../helpers/realN8n';

/*
 * The nodes as a user meets them in the editor of a REAL n8n 2.8.4, driven
 * with Debian's Chromium. The package sits in the user folder's
 * .n8n/nodes/node_modules/n8n-nodes-signflow, where Settings -> Community
 * Nodes installs it (a link to this checkout, so dist/ must be built), and is
 * loaded as n8n-nodes-signflow.signflow: the editor treats it as a community
 * package, which is when its panel shows a node description.
 */

const OWNER = { email: 'owner@example.com', password: 'Signflow-E2E-passw0rd' };
const TIMEOUT = 30_000;

let engine: TestEngine;
let home: N8nHome;
let n8n: N8nServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
	engine = await startTestEngine();
	home = n8nHome({ loadDist: false });
	const installed = path.join(home.folder, '.n8n', 'nodes', 'node_modules');
	mkdirSync(installed, { recursive: true });
	symlinkSync(path.resolve(__dirname, '../..'), path.join(installed, 'n8n-nodes-signflow'));
	n8n = await startN8n(home);
	const credential = await n8n.rest('POST', '/credentials', {
		name: 'Signflow account',
		type: 'signflowApi',
		data: { mode: 'remote', url: engine.engine.url, apiKey: engine.api.apiKey },
	});
	expect(credential.status).toBe(200);
	browser = await launchChromium();
	page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
	page.setDefaultTimeout(TIMEOUT);
	await page.goto(`${n8n.url}/signin`);
	await page.locator('input[type=email], input[name=emailOrLdapLoginId]').first().fill(OWNER.email);
	await page.locator('input[type=password]').first().fill(OWNER.password);
	await page.getByRole('button', { name: /sign in/i }).click();
	await page.waitForURL(/\/(home|workflows)/);
}, 180_000);

afterAll(async () => {
	await browser?.close();
	await n8n?.stop();
	home?.remove();
	await engine?.destroy();
});

async function withScreenshotOnFailure(name: string, steps: () => Promise<void>) {
	try {
		await steps();
	} catch (error) {
		await screenshot(page, `n8n-editor-${name}`).catch(() => undefined);
		throw error;
	}
}

/** A new n8n workflow with the node panel open on Signflow, its actions unfolded. */
async function openSignflowInNodePanel() {
	await page.goto(`${n8n.url}/workflow/new`);
	await page.getByText('Add first step').waitFor();
	// Tab opens the node panel once the canvas takes keys; press it until the panel's search shows.
	const search = page.locator('[data-test-id="node-creator-search-bar"]');
	for (let attempt = 0; attempt < 20 && !(await search.isVisible()); attempt += 1) {
		await page.keyboard.press('Tab');
		await search.waitFor({ timeout: 2_000 }).catch(() => undefined);
	}
	await search.fill('Signflow');
	await page.getByText('Signflow', { exact: true }).first().click();
	await page.getByText(/^Actions \(\d+\)$/).click();
}

describe('the Signflow nodes in the editor of n8n 2.8.4', () => {
	it("shows the action node's description in the node panel, and the signing workflow's actions first", async () => {
		await withScreenshotOnFailure('panel', async () => {
			await openSignflowInNodePanel();
			// The panel merges Signflow and Signflow Trigger into one entry and shows the trigger's description for it.
			await page.getByText(new Signflow().description.description).waitFor();
			const sections = await page.getByText(/ actions$/i).allInnerTexts();
			expect(sections.map((text) => text.toLowerCase())).toEqual([
				'signing workflow actions',
				'file actions',
				'signer actions',
				'signature field actions',
				'annotation actions',
				'interface (branding) actions',
			]);
		});
	}, 120_000);

	it('picks a signing workflow from a searchable list of the engine\'s, and runs with it', async () => {
		const ids: string[] = [];
		for (const name of ['Offer letter – Zu\u0308rich', '雇用契約 山田', 'Lease Berlin']) ids.push((await engine.api.post('/workflows', { name })).body.id);
		const [zurichId] = ids;
		await withScreenshotOnFailure('list', async () => {
			await openSignflowInNodePanel();
			await page.getByText('Get a signing workflow').click();
			await page.getByPlaceholder('Select a signing workflow...').click();
			const items = page.getByText(/\(draft, \d{4}-\d\d-\d\d\)$/);
			await items.nth(2).waitFor();
			expect(await items.allInnerTexts()).toEqual([
				expect.stringMatching(/^Lease Berlin /),
				expect.stringMatching(/^雇用契約 山田 /),
				expect.stringMatching(/^Offer letter – Zu\u0308rich /),
			]);
			// Typed composed and in lower case; the engine stored the name decomposed.
			await page.getByPlaceholder('Search...').fill('zürich');
			await page.getByText('Lease Berlin', { exact: false }).waitFor({ state: 'detached' });
			await page.getByText(/^Offer letter – Zu\u0308rich \(draft/).waitFor();
			expect(await items.allInnerTexts()).toEqual([expect.stringMatching(/^Offer letter – Zu\u0308rich /)]);
			await items.first().click();
			await page.locator('[data-test-id="ndv"] [data-test-id="node-execute-button"]').click();
			// The output panel shows the signing workflow the node fetched.
			const output = page.locator('[data-test-id="output-panel"]');
			await output.getByText(zurichId!).first().waitFor();
			await output.getByText('Offer letter – Zu\u0308rich').first().waitFor();
		});
	}, 120_000);
});
