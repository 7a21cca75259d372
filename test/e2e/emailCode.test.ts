import type { ParsedMail } from 'mailparser';
import type { Browser } from 'playwright-core';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { startSmtp, type TestSmtp } from '../helpers/engine/smtp';
import { eventually } from '../helpers/waits';
import { DESKTOP, PHONE, launchChromium, openWatched, screenshot, expectClean } from './support/browser';
import { confirmAndSubmit, fillField, sentWorkflow, workflowWith } from './support/signingPage';

/*
 * A signer who must enter a code sent to their email (verification "email_otp"), in a real
 * Chromium: asks for the code on the page, reads it from the real SMTP server, types it, signs.
 */

jest.setTimeout(180_000);

let t: TestEngine;
let smtp: TestSmtp;
let browser: Browser;
beforeAll(async () => {
	smtp = await startSmtp();
	t = await startTestEngine({ smtpUrl: smtp.url, mailPollIntervalMs: 25 });
	browser = await launchChromium();
});
afterAll(async () => {
	await browser?.close();
	await t?.destroy();
	await smtp?.close();
});

const codeEmailsTo = (address: string) =>
	smtp.messages.filter(
		(message: ParsedMail) =>
			(Array.isArray(message.to) ? message.to[0] : message.to)?.value[0].address === address && message.headers.get('x-signflow-email') === 'verification_code',
	);

describe.each([
	['desktop', DESKTOP],
	['phone', PHONE],
])('the emailed code on %s', (device, options) => {
	it('asks for a code, refuses a wrong one, opens the document with the one from the email, and signs', async () => {
		const email = `hana.${device}@example.com`;
		const { id, links, fieldIds } = await sentWorkflow(t.api, `Arbeitsvertrag – 山田 花子 (${device})`, [
			{ name: 'Hana Yamada 山田', email, verification: 'email_otp' },
		]);
		const watched = await openWatched(browser, t.engine.url, options);
		const { page } = watched;
		await page.goto(links[0]);
		await page.locator('[data-state="email_code"]').waitFor();
		expect(await page.locator('.page canvas').count()).toBe(0);
		expect(await page.title()).not.toContain('Arbeitsvertrag');
		await expect(page.locator('[data-state="email_code"]').textContent()).resolves.toContain('ha•••@example.com');
		await screenshot(page, `${device}-email-code-ask`);

		await Promise.all([page.waitForEvent('load'), page.locator('.access-form button').click()]);
		await page.locator('#code').waitFor();
		const mails = await eventually(() => codeEmailsTo(email), (found) => found.length === 1);
		const code = /\b(\d{6})\b/.exec(mails[0].text ?? '')![1];

		await page.locator('#code').fill(String((Number(code) + 1) % 1_000_000).padStart(6, '0'));
		await Promise.all([page.waitForEvent('load'), page.locator('.access-form button').click()]);
		await expect(page.locator('.access-form .error').textContent()).resolves.toContain('4 attempts left');
		expect(await page.locator('.page canvas').count()).toBe(0);
		await screenshot(page, `${device}-email-code-wrong`);

		await page.locator('#code').fill(code);
		await Promise.all([page.waitForEvent('load'), page.locator('.access-form button').click()]);
		// The redirect after the right code shows the document itself.
		await page.locator('.page[data-rendered="true"]').first().waitFor();
		await page.evaluate(() => (globalThis as any).document.fonts.ready);

		const [signatureId, titleId] = fieldIds[0];
		await page.locator(`[data-field="${signatureId}"]`).click();
		await page.locator('#tab-type').click();
		await page.locator('#typed-signature').fill('Hana Yamada');
		await page.locator('#apply-signature').click();
		await fillField(page, `[data-field="${titleId}"]`, 'Ingenieurin', device === 'phone' ? 'dialog' : 'in place');
		await confirmAndSubmit(page, 'completed');
		expectClean(watched);
		await watched.context.close();

		const workflow = await workflowWith(t.api, id, (body) => body.status === 'completed');
		expect(workflow.signers[0]).toMatchObject({ verification: 'email_otp', status: 'signed' });
		const audit = (await t.api.get(`/workflows/${id}/audit`)).body;
		expect(audit.events.map((event: { type: string }) => event.type)).toEqual(
			expect.arrayContaining(['signer.verification_sent', 'signer.verification_failed', 'signer.verified', 'signer.signed']),
		);
		expect(JSON.stringify(audit)).not.toContain(code);
	});
});
