import { rmSync } from 'node:fs';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { ApiClient } from '../helpers/engine/apiClient';
import { runCli, spawnEngine, type EngineProcess } from '../helpers/engine/cli';
import { tempDataDir } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { importInto, n8nHome, type N8nHome } from '../helpers/n8n/installedN8n';
import { startN8n, type N8nServer } from '../helpers/n8n/installedServer';
import { until } from '../helpers/waits';
import { DESKTOP, expectClean, innerText, launchChromium, openWatched, screenshot } from './support/browser';
import { dragFromPalette, showPage } from './support/consoleEditor';

/*
 * What issue 17 promises a person who has never seen the API: they sign in to the console with the
 * one-time link an operator made (`signflow console-link`), make a template with the mouse (a PDF
 * uploaded, a role, the signature field dragged onto the page), send it from n8n (the n8n people run
 * today, 2.41.0: a webhook flow with Signflow -> Create From Template and Send Now), and, once the
 * person has signed, watch it complete in the console: the list, the timeline, the signed PDF.
 */

jest.setTimeout(300_000);

const CREDENTIAL = { id: 'signflowJourney', name: 'Signflow' };
const PATH = 'signflow-offer-letter';
const CANDIDATE = { name: 'Zoë Ångström-Núñez', email: 'zoe.angstrom@example.com' };

/** An offer letter as a person would upload it: one A4 page, room to sign halfway down. */
async function offerLetter(): Promise<Uint8Array> {
	const document = await PDFDocument.create();
	const font = await document.embedFont(StandardFonts.Helvetica);
	const bold = await document.embedFont(StandardFonts.HelveticaBold);
	const page = document.addPage([595.28, 841.89]);
	const ink = rgb(0.1, 0.1, 0.15);
	page.drawText('Offer of employment – Ørsted Café', { x: 60, y: 760, size: 20, font: bold, color: ink });
	page.drawText('We are delighted to offer you the position of barista, starting 4 January 2027.', { x: 60, y: 720, size: 11, font, color: ink });
	page.drawText('Signature of the candidate:', { x: 60, y: 500, size: 11, font, color: ink });
	return document.save();
}

function offerFlow(templateId: string) {
	return {
		id: 'signflowJourney1',
		name: 'Offer letter from the careers site',
		active: false,
		settings: { executionOrder: 'v1', saveDataErrorExecution: 'all' },
		nodes: [
			{
				id: 'j01',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: '0c8e6a52-7f3d-4b1e-9a2c-5d6e7f8a9b01',
				parameters: { httpMethod: 'POST', path: PATH, responseMode: 'lastNode', options: {} },
			},
			{
				id: 'j02',
				name: 'Send Offer Letter',
				type: 'CUSTOM.signflow',
				typeVersion: 2,
				position: [200, 0],
				credentials: { signflowApi: CREDENTIAL },
				parameters: {
					resource: 'workflow',
					operation: 'createFromTemplate',
					templateId: { __rl: true, mode: 'id', value: templateId },
					roles: { role: [{ role: 'Candidate', name: '={{ $json.body.name }}', email: '={{ $json.body.email }}' }] },
					send: true,
					additionalFields: { name: '={{ "Offer letter – " + $json.body.name }}' },
				},
			},
		],
		connections: { Webhook: { main: [[{ node: 'Send Offer Letter', type: 'main', index: 0 }]] } },
	};
}

const dataDir = tempDataDir('console-journey');
let engine: EngineProcess;
let api: ApiClient;
let apiKey: string;
let browser: Browser;
let home: N8nHome | undefined;
let n8n: N8nServer | undefined;

beforeAll(async () => {
	apiKey = JSON.parse((await runCli(['org', 'create', '--name', 'Ørsted Café – Personal', '--json', '--data', dataDir])).stdout).apiKey;
	engine = await spawnEngine(['--data', dataDir]);
	api = new ApiClient(engine.url, apiKey);
	browser = await launchChromium();
	home = n8nHome({ version: '2.41.0' });
});
afterAll(async () => {
	await n8n?.stop();
	await browser?.close();
	engine?.child.kill('SIGTERM');
	await engine?.exited;
	home?.remove();
	rmSync(dataDir, { recursive: true, force: true });
});

it('makes a template with the mouse, sends it from n8n, and watches it complete in the console', async () => {
	// The operator's one-time link; the person opens it and signs in.
	const made = await runCli(['console-link', '--org', 'Ørsted Café – Personal', '--data', dataDir, '--public-url', engine.url]);
	expect(made.code).toBe(0);
	const link = /^(http:\/\/\S+\/console\/login\/\S+)$/m.exec(made.stdout)![1];
	const watched = await openWatched(browser, engine.url, DESKTOP);
	const { page } = watched;
	await page.goto(link);
	await page.click('button[type=submit]');
	await page.locator('.top nav').waitFor();
	expect(await innerText(page, '.top .organization')).toBe('Ørsted Café – Personal');

	// A template, made with the mouse.
	await page.click('.top nav >> text=Templates');
	await page.click('text=New template');
	await page.fill('#template-name', 'Offer letter – barista');
	await page.click('.new-template button[type=submit]');
	await page.waitForURL(/\/console\/templates\/[0-9a-f-]{36}$/);
	const templateId = page.url().split('/').pop()!;
	await page.fill('.role-add input', 'Candidate');
	await page.click('.role-add button[type=submit]');
	await page.locator('.role-item .role-name', { hasText: 'Candidate' }).waitFor();
	await page.setInputFiles('.editor-bar input[type=file]', { name: 'Offer letter – Ørsted Café.pdf', mimeType: 'application/pdf', buffer: Buffer.from(await offerLetter()) });
	await page.locator('.editor-page[data-page="1"].rendered').waitFor();
	await page.click('.role-item .role-pick >> text=Candidate');
	const screen = await showPage(page, 1);
	// Just under "Signature of the candidate:" (drawn 500 pt from the bottom of an A4 page).
	await dragFromPalette(page, 'signature', { x: screen.x + (60 / 595.28) * screen.width, y: screen.y + ((841.89 - 495) / 841.89) * screen.height });
	await page.locator('.editor-page[data-page="1"] .editor-field[data-kind="signature"]').waitFor();
	await page.click('.editor-bar button.primary');
	await page.locator('.editor-message.notice', { hasText: 'Saved.' }).waitFor();
	await screenshot(page, 'console-journey-template', { fullPage: false });
	const template = (await api.get(`/templates/${templateId}`)).body;
	expect(template.signatures).toHaveLength(1);
	expect(template.signatures[0]).toMatchObject({ page: 1, roleId: template.roles[0].id });

	// n8n sends it: the careers site posts a candidate to the flow's webhook.
	await importInto(home!, [{ ...CREDENTIAL, type: 'signflowApi', data: { mode: 'remote', url: engine.url, apiKey } }], [offerFlow(templateId)]);
	n8n = await startN8n(home!);
	expect((await n8n.api('POST', '/workflows/signflowJourney1/activate')).status).toBe(200);
	await n8n.published('signflowJourney1');
	const response = await fetch(`${n8n.url}/webhook/${PATH}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(CANDIDATE) });
	const sent = (await response.json()) as { id: string; status: string; signingLinks: Array<{ signingUrl: string }>; signatures: Array<{ id: string }> };
	expect({ status: response.status, workflow: sent.status }).toEqual({ status: 200, workflow: 'sent' });

	// In the console meanwhile: the workflow, in progress.
	await page.click('.top nav >> text=Workflows');
	await page.locator('table.list td.name', { hasText: `Offer letter – ${CANDIDATE.name}` }).waitFor();
	expect(await page.locator('table.list tbody tr .badge.status-sent').count()).toBe(1);

	// The candidate signs; the console shows it complete, with the signed PDF.
	const signed = await new SignerClient(sent.signingLinks[0].signingUrl).sign({ consent: true, values: { [sent.signatures[0].id]: { type: 'typed', text: CANDIDATE.name } } });
	expect(signed.status).toBe(200);
	await until(async () => (await api.get(`/workflows/${sent.id}`)).body.finalization?.status, (status) => status === 'done', 60_000);
	await page.reload();
	await page.locator('table.list tbody tr .badge.status-completed').waitFor();
	await page.click(`text=Offer letter – ${CANDIDATE.name}`);
	await page.locator('.timeline .event.type-workflow-completed').waitFor();
	expect(await page.getAttribute('.chain', 'data-chain')).toBe('intact');
	expect(await page.locator('.signer .who strong').allInnerTexts()).toEqual([CANDIDATE.name]);
	const signedPdf = await page.getAttribute('.files a[href*="version=signed"]', 'href');
	const download = await page.evaluate(async (url) => {
		const answer = await fetch(url!);
		return { status: answer.status, type: answer.headers.get('content-type') };
	}, signedPdf);
	expect(download).toEqual({ status: 200, type: 'application/pdf' });
	await screenshot(page, 'console-journey-completed');
	expectClean(watched);
	await watched.context.close();
});
