import type { Browser } from 'playwright-core';
import type { ApiClient } from '../helpers/engine/apiClient';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { until } from '../helpers/waits';
import { DESKTOP, PHONE, launchChromium, openWatched, screenshot, expectClean, innerText } from './support/browser';
import { confirmAndSubmit, drawSignature, fillField, openDocument, sentWorkflow, settled, workflowWith } from './support/signingPage';

/*
 * Handing the document to someone else, and saving to finish later, on the real signing page in
 * Chromium: the delegator's link dies and the delegate signs through theirs; saved values come back
 * when the same link is opened again, and signing then goes through.
 */

jest.setTimeout(180_000);

const XSS_NAME = '<img src=x onerror=alert(1)> محمد 李';

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

describe.each([
	['desktop', DESKTOP],
	['phone', PHONE],
])('delegate and finish later on %s', (device, options) => {
	const small = device === 'phone' ? 'dialog' : 'in place';
	let api: ApiClient;
	beforeAll(async () => {
		api = (await t.newOrganization(`Later on ${device}`)).api;
	});

	it('hands the document to someone else from the page: the old link stops working, the delegate’s link opens and signs', async () => {
		const { id, links, fieldIds } = await sentWorkflow(api, 'Übergabe – 引き継ぎ', [{ name: 'Zoë Ødegård', email: 'zoe@example.com' }], { allowDelegation: true });
		const [signatureId, titleId] = fieldIds[0];
		const zoe = await openWatched(browser, t.engine.url, options);
		const { page } = zoe;
		await openDocument(page, links[0]);
		await expect(innerText(page, '.delegate-offer')).resolves.toContain('Not the right person to sign?');

		await page.locator('#delegate').click();
		await page.locator('#delegate-dialog').waitFor();
		// Checked before anything is sent: the signer's own address is refused in the form.
		await page.locator('#delegate-name').fill(XSS_NAME);
		await page.locator('#delegate-email').fill('ZOE@example.com');
		await page.locator('#delegate-reason').fill('Ich bin im Urlaub; Omar vertritt mich.');
		await page.locator('#confirm-delegate').click();
		await expect(innerText(page, '#delegate-dialog .error')).resolves.toBe('Enter the email address of someone else: this one is yours.');
		await page.locator('#delegate-email').fill('omar@example.com');
		await settled(page);
		await screenshot(page, `${device}-delegate-form`, { fullPage: false });

		await page.locator('#confirm-delegate').click();
		await page.locator('section[data-state="delegated"]').waitFor();
		// The typed name is shown as text, never as markup.
		await expect(innerText(page, 'section[data-state="delegated"]')).resolves.toContain(`${XSS_NAME} (omar@example.com) gets a link to sign in your place.`);
		expect(await page.locator('section[data-state="delegated"] img').count()).toBe(0);
		expect(await page.locator('.actions').count()).toBe(0);
		await screenshot(page, `${device}-delegated`);
		expectClean(zoe);

		// Zoë's link no longer opens the document.
		await page.goto(links[0]);
		await page.locator('[data-state="invalid"]').waitFor();

		const detail = (await api.get(`/workflows/${id}`)).body;
		expect(detail.signers[0]).toMatchObject({ name: XSS_NAME, email: 'omar@example.com' });
		const omar = await openWatched(browser, t.engine.url, options);
		await openDocument(omar.page, detail.signers[0].signingUrl);
		await expect(innerText(omar.page, '.intro')).resolves.toContain(`For ${XSS_NAME} (omar@example.com)`);
		await omar.page.locator(`[data-field="${signatureId}"]`).click();
		await drawSignature(omar.page);
		await omar.page.locator('#apply-signature').click();
		await fillField(omar.page, `[data-field="${titleId}"]`, 'Vertretung', small);
		await confirmAndSubmit(omar.page, 'completed');
		expectClean(omar);
		const audit = (await api.get(`/workflows/${id}/audit`)).body.events as Array<{ type: string; data: any }>;
		expect(audit.find((event) => event.type === 'signer.delegated')!.data).toMatchObject({ reason: 'Ich bin im Urlaub; Omar vertritt mich.', previous: { email: 'zoe@example.com' } });
		await workflowWith(api, id, (body) => body.status === 'completed');
		await zoe.context.close();
		await omar.context.close();
	});

	it('offers no hand-over when the sender did not allow it', async () => {
		const { links } = await sentWorkflow(api, 'Ohne Übergabe', [{ name: 'Ann', email: 'ann@example.com' }]);
		const ann = await openWatched(browser, t.engine.url, options);
		await openDocument(ann.page, links[0]);
		expect(await ann.page.locator('#delegate').count()).toBe(0);
		expect((await new SignerClient(links[0]).delegate({ name: 'B', email: 'b@example.com', reason: 'x' })).body.error.code).toBe('delegation_not_allowed');
		await ann.context.close();
	});

	it('saves what is filled in, restores it when the same link is opened again, then signs', async () => {
		const { id, links, fieldIds } = await sentWorkflow(api, 'Später fertig', [
			{
				name: 'Zoë',
				email: 'zoe@example.com',
				fields: [
					{ kind: 'signature', x: 72, y: 100 },
					{ type: 'text', x: 320, y: 110, label: 'Job title' },
					{ type: 'date', x: 72, y: 200, width: 150, height: 24, label: 'Start date' },
					{ type: 'checkbox', x: 320, y: 200, width: 16, height: 16 },
				],
			},
		]);
		const [signatureId, titleId, dateId, checkboxId] = fieldIds[0];
		const zoe = await openWatched(browser, t.engine.url, options);
		const { page } = zoe;
		await openDocument(page, links[0]);
		await fillField(page, `[data-field="${titleId}"]`, 'Leiterin Vertrieb – 営業部長 🚀', small);
		await fillField(page, `[data-field="${dateId}"]`, '2027-01-04', small);
		await page.locator(`[data-field="${checkboxId}"] input`).check();
		await page.locator('#save-draft').click();
		// "Saving…" while the request is out: the answer's text once it is back.
		await expect(until(() => innerText(page, '#draft-status'), (text) => text !== 'Saving…')).resolves.toBe('Saved. Open your link again to finish.');
		await screenshot(page, `${device}-draft-saved`, { fullPage: false });

		// Opened again (a new browser: nothing kept in this one), the values are back.
		await zoe.context.close();
		const again = await openWatched(browser, t.engine.url, options);
		await openDocument(again.page, links[0]);
		await expect(innerText(again.page, '#draft-status')).resolves.toMatch(/^What you saved on .+ is filled in again\.$/);
		if (small === 'in place') {
			expect(await again.page.locator(`[data-field="${titleId}"] input`).inputValue()).toBe('Leiterin Vertrieb – 営業部長 🚀');
			expect(await again.page.locator(`[data-field="${dateId}"] input`).inputValue()).toBe('2027-01-04');
		} else {
			await expect(innerText(again.page, `[data-field="${titleId}"]`)).resolves.toBe('Leiterin Vertrieb – 営業部長 🚀');
			await expect(innerText(again.page, `[data-field="${dateId}"]`)).resolves.toBe('January 4, 2027'); // Chromium asks for en-US (Accept-Language), the page's language here
		}
		expect(await again.page.locator(`[data-field="${checkboxId}"] input`).isChecked()).toBe(true);
		expect(await innerText(again.page, '.actions .progress')).toContain('3 of 4');

		await again.page.locator(`[data-field="${signatureId}"]`).click();
		await drawSignature(again.page);
		await again.page.locator('#apply-signature').click();
		await confirmAndSubmit(again.page, 'completed');
		expectClean(again);
		const done = await workflowWith(api, id, (body) => body.status === 'completed');
		const title = done.annotations.find((annotation: { id: string }) => annotation.id === titleId);
		expect(title.value).toBe('Leiterin Vertrieb – 営業部長 🚀');
		const audit = (await api.get(`/workflows/${id}/audit`)).body.events as Array<{ type: string; data: any }>;
		expect(audit.filter((event) => event.type === 'signer.finish_later').map((event) => event.data.savedValues)).toEqual([3]);
		await again.context.close();
	});
});
