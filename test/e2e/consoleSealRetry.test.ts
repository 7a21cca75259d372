import type { Browser } from 'playwright-core';
import { sha256Hex } from '../../engine/store/blobStore';
import { removeBlob } from '../helpers/engine/blobs';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { until } from '../helpers/waits';
import { DESKTOP, expectClean, innerText, launchChromium, openWatched, screenshot } from './support/browser';
import { sentWorkflow } from './support/signingPage';

/*
 * A workflow whose signed PDF could not be made (its stored original lost: a disk replaced without
 * its blobs) shows why on its console page; once the file is back, Retry sealing makes it, and the
 * page offers the signed PDF.
 */

jest.setTimeout(120_000);

let t: TestEngine;
let browser: Browser;
beforeAll(async () => {
	t = await startTestEngine({ finalizePollIntervalMs: 25, finalizeRetryDelaysMs: [50, 50] });
	browser = await launchChromium();
});
afterAll(async () => {
	await browser?.close();
	await t?.destroy();
});

it('shows a sealing that failed for good and retries it', async () => {
	const { api } = await t.newOrganization('Kancelaria Łęcka & Wspólnicy');
	const original = fixturePdf('letter-3pages.pdf');
	const contract = await sentWorkflow(api, 'Umowa najmu – Łucja Żółć', [{ name: 'Łucja Żółć', email: 'lucja@example.com', fields: [{ kind: 'signature', x: 72, y: 100 }] }]);
	await removeBlob(t.dataDir, sha256Hex(original));
	const signed = await new SignerClient(contract.links[0]).sign({ consent: true, values: { [contract.fieldIds[0][0]]: { type: 'typed', text: 'Łucja Żółć' } } });
	expect(signed.status).toBe(200);
	await until(async () => (await api.get(`/workflows/${contract.id}`)).body.finalization?.status, (status) => status === 'failed', 30_000);

	const watched = await openWatched(browser, t.engine.url, DESKTOP);
	const { page } = watched;
	await page.goto(`${t.engine.url}/console`);
	await page.fill('#api-key', api.apiKey!);
	await page.click('button[type=submit]');
	await page.locator('table.list tbody tr').first().waitFor();
	await page.goto(`${t.engine.url}/console/workflows/${contract.id}`);
	await page.locator('.seal-failed').waitFor();
	expect(await innerText(page, '.seal-failed p')).toContain('could not be made (3 attempts)');
	expect(await innerText(page, '.seal-failed p')).toContain('is missing');
	expect(await page.locator('.files a[href*="version=signed"]').count()).toBe(0);
	await screenshot(page, 'console-workflow-seal-failed');

	// The file is back (restored from a backup): the signed PDF is made on request.
	await t.engine.blobs.put(original);
	await page.click('.seal-failed button');
	await page.locator('.notice').waitFor();
	await page.locator('.timeline .event.type-workflow-finalization_retried').waitFor();
	await until(async () => (await api.get(`/workflows/${contract.id}`)).body.finalization?.status, (status) => status === 'done', 30_000);
	await page.reload();
	await page.locator('.files a[href*="version=signed"]').waitFor();
	expect(await page.locator('.seal-failed').count()).toBe(0);
	await page.locator('.timeline .event.type-workflow-completed').waitFor();
	await screenshot(page, 'console-workflow-seal-retried');
	expectClean(watched);
	await watched.context.close();
});
