import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Page, Request } from 'playwright-core';
import { sqliteFile, sqliteRowCounts } from '../helpers/engine/engine';
import { n8nHome, type N8nHome } from '../helpers/n8n/installedN8n';
import type { N8nServer } from '../helpers/n8n/installedServer';
import { until } from '../helpers/waits';
import { startN8nWithEditor, withScreenshotOnFailure, type N8nWithEditor } from './support/n8nEditor';

/*
 * The embedded credential edited in the editor of a REAL n8n 2.8.4, driven
 * with Debian's Chromium: what the editor sends back for the hidden
 * organization key when the credential is saved and tested, and that the
 * credential keeps its organization (and data) through it.
 */

let home: N8nHome;
let editor: N8nWithEditor;
let n8n: N8nServer;
let page: Page;
let credentialId: string;
let dataFolder: string;

function deskFlow(credential: { id: string; name: string }) {
	const webhook = (name: string, pathName: string, y: number) => ({
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, y],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path: pathName, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
	});
	const signflow = (name: string, y: number, parameters: object) => ({
		id: randomUUID(),
		name,
		type: 'CUSTOM.signflow',
		typeVersion: 1,
		position: [200, y],
		credentials: { signflowApi: credential },
		parameters,
	});
	return {
		name: 'Editor desk',
		nodes: [
			webhook('W add', 'editor-add', 0),
			signflow('Add', 0, { resource: 'workflow', operation: 'add', name: "={{ $('W add').item.json.body.name }}", additionalFields: {} }),
			webhook('W list', 'editor-list', 200),
			signflow('List', 200, { resource: 'workflow', operation: 'getAll', returnAll: true, filters: {} }),
		],
		connections: {
			'W add': { main: [[{ node: 'Add', type: 'main', index: 0 }]] },
			'W list': { main: [[{ node: 'List', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

async function desk(action: string, payload: object = {}) {
	const response = await fetch(`${n8n.url}/webhook/editor-${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
	expect(response.status).toBe(200);
	return (await response.json()) as Array<{ name: string }>;
}

const organizationNames = () => {
	const database = sqliteFile(dataFolder);
	try {
		return (database.prepare('select name from organizations').all() as Array<{ name: string }>).map((row) => row.name);
	} finally {
		database.close();
	}
};

beforeAll(async () => {
	home = n8nHome();
	dataFolder = path.join(home.folder, 'signflow');
	editor = await startN8nWithEditor(home);
	({ n8n, page } = editor);
	const created = await n8n.rest('POST', '/credentials', {
		name: 'Signflow embedded',
		type: 'signflowApi',
		data: { mode: 'embedded', organizationName: 'Acme HR', dataFolder, port: 0, host: '127.0.0.1', publicUrl: '', email: 'none' },
	});
	credentialId = created.body.data.id;
	const workflow = await n8n.rest('POST', '/workflows', deskFlow({ id: credentialId, name: 'Signflow embedded' }));
	expect((await n8n.api('POST', `/workflows/${workflow.body.data.id}/activate`)).status).toBe(200);
	await desk('add', { name: 'Made before the edit' });
}, 360_000);

afterAll(async () => {
	await editor?.stop();
	home?.remove();
});

describe('the embedded credential in the editor of n8n 2.8.4', () => {
	it('keeps its organization when renamed, saved and tested in the editor: the hidden key goes back redacted and n8n restores it', async () => {
		await withScreenshotOnFailure(page, 'n8n-editor-credential', async () => {
			expect(organizationNames()).toEqual(['Acme HR']);
			await page.goto(`${n8n.url}/home/credentials/${credentialId}`);
			const dialog = page.locator('[data-test-id="credential-edit-dialog"]');
			await dialog.waitFor();
			await dialog.locator('[data-test-id="parameter-input-organizationName"] input').fill('Édition Ärzte 東京');

			const sent = (method: string, suffix: string) => (request: Request) => request.method() === method && new URL(request.url()).pathname.endsWith(suffix);
			const [save, test] = await Promise.all([
				page.waitForRequest(sent('PATCH', `/rest/credentials/${credentialId}`)),
				page.waitForRequest(sent('POST', '/rest/credentials/test')),
				// The modal's header (with Save) sits outside the dialog's body.
				page.locator('[data-test-id="credential-save-button"]').click(),
			]);
			// What the editor sends for the hidden field: the redacted placeholder it was given, never the key, never empty.
			expect(save.postDataJSON().data).toMatchObject({ organizationName: 'Édition Ärzte 東京', embeddedApiKey: expect.stringMatching(/^__n8n_BLANK_VALUE_/) });
			expect(test.postDataJSON().credentials.data.embeddedApiKey).toMatch(/^__n8n_BLANK_VALUE_/);
			const tested = await (await test.response())!.json();
			expect(tested.data).toMatchObject({ status: 'Error', message: expect.stringContaining('signers elsewhere cannot open the links') });
			await dialog.getByText(/Couldn.t connect with these settings/).waitFor();

			// Same organization (no second one was made), its data still there, and renamed.
			expect((await desk('list')).map((workflow) => workflow.name)).toEqual(['Made before the edit']);
			expect(await until(() => organizationNames(), (names) => names[0] === 'Édition Ärzte 東京')).toEqual(['Édition Ärzte 東京']);
			expect(sqliteRowCounts(dataFolder).organizations).toBe(1);
		});
	}, 120_000);
});
