import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { resources } from '../../nodes/Signflow/actions/resources';
import { Signflow } from '../../nodes/Signflow/Signflow.node';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { n8nHome, type N8nHome } from '../helpers/n8n/installedN8n';
import type { N8nServer } from '../helpers/n8n/installedServer';
import { startN8nWithEditor, withScreenshotOnFailure, type N8nWithEditor } from './support/n8nEditor';

/*
 * The nodes as a user meets them in the editor of a REAL n8n 2.8.4, driven
 * with Debian's Chromium. The package sits in the user folder's
 * .n8n/nodes/node_modules/n8n-nodes-signflow, where Settings -> Community
 * Nodes installs it (a link to this checkout, so dist/ must be built), and is
 * loaded as n8n-nodes-signflow.signflow: the editor treats it as a community
 * package, which is when its panel shows a node description.
 */

let engine: TestEngine;
let home: N8nHome;
let editor: N8nWithEditor;
let n8n: N8nServer;
let page: Page;

beforeAll(async () => {
	engine = await startTestEngine();
	home = n8nHome({ loadDist: false });
	const installed = path.join(home.folder, '.n8n', 'nodes', 'node_modules');
	mkdirSync(installed, { recursive: true });
	symlinkSync(path.resolve(__dirname, '../..'), path.join(installed, 'n8n-nodes-signflow'));
	editor = await startN8nWithEditor(home);
	({ n8n, page } = editor);
	const credential = await n8n.rest('POST', '/credentials', {
		name: 'Signflow account',
		type: 'signflowApi',
		data: { mode: 'remote', url: engine.engine.url, apiKey: engine.api.apiKey },
	});
	expect(credential.status).toBe(200);
}, 360_000);

afterAll(async () => {
	await editor?.stop();
	home?.remove();
	await engine?.destroy();
});

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
		// The panel draws only the rows in view (a virtual list): a window tall enough shows every section and action at once.
		await page.setViewportSize({ width: 1400, height: 6000 });
		await withScreenshotOnFailure(page, 'n8n-editor-panel', async () => {
			await openSignflowInNodePanel();
			// The panel merges Signflow and Signflow Trigger into one entry and shows the trigger's description for it.
			await page.getByText(new Signflow().description.description).waitFor();
			// The virtual list adds rows once it has measured the taller window: wait for the last section before reading them all.
			await page.getByText(/^organization actions$/i).waitFor({ timeout: 15_000 });
			const sections = await page.getByText(/ actions$/i).allInnerTexts();
			expect(sections.map((text) => text.toLowerCase())).toEqual([
				'signing workflow actions',
				'file actions',
				'signer actions',
				'signature field actions',
				'annotation actions',
				'template actions',
				'bulk send actions',
				'interface (branding) actions',
				'organization actions',
			]);
			// Every action the node offers is listed by its name, the draft edits and Retry Sealing among them.
			const actions = resources.flatMap(({ operationOptions }) => operationOptions.map((option) => option.action));
			expect(actions).toEqual(expect.arrayContaining(['Update a draft', 'Retry sealing the signed document', 'Remove a PDF', 'Update a signer', 'Remove a signer']));
			expect(actions).toEqual(expect.arrayContaining(['Update a signature field', 'Remove a signature field', 'Update an annotation', 'Remove an annotation']));
			for (const action of actions) await page.getByText(action, { exact: true }).first().waitFor({ timeout: 5_000 });
		}).finally(() => page.setViewportSize({ width: 1400, height: 900 }));
	}, 120_000);

	it('picks a signing workflow from a searchable list of the engine\'s, and runs with it', async () => {
		const ids: string[] = [];
		for (const name of ['Offer letter – Zu\u0308rich', '雇用契約 山田', 'Lease Berlin']) ids.push((await engine.api.post('/workflows', { name })).body.id);
		const [zurichId] = ids;
		await withScreenshotOnFailure(page, 'n8n-editor-list', async () => {
			await openSignflowInNodePanel();
			await page.getByText('Get a signing workflow').click();
			await page.getByPlaceholder('Select a signing workflow...').click();
			const items = page.getByText(/\(draft, \d{4}-\d\d-\d\d\)$/);
			await items.nth(2).waitFor();
			expect(await items.allInnerTexts()).toEqual([
				expect.stringMatching(/^Lease Berlin /),
				expect.stringMatching(/^雇用契約 山田 /),
				expect.stringMatching(/^Offer letter – Zürich /),
			]);
			// Typed composed and in lower case; the engine stored the name decomposed.
			await page.getByPlaceholder('Search...').fill('zürich');
			await page.getByText('Lease Berlin', { exact: false }).waitFor({ state: 'detached' });
			await page.getByText(/^Offer letter – Zürich \(draft/).waitFor();
			expect(await items.allInnerTexts()).toEqual([expect.stringMatching(/^Offer letter – Zürich /)]);
			await items.first().click();
			await page.locator('[data-test-id="ndv"] [data-test-id="node-execute-button"]').click();
			// The output panel shows the signing workflow the node fetched.
			const output = page.locator('[data-test-id="output-panel"]');
			await output.getByText(zurichId).first().waitFor();
			await output.getByText('Offer letter – Zürich').first().waitFor();
		});
	}, 120_000);
});
