import type { Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import type { ApiClient } from '../helpers/apiClient';
import { DESKTOP, PHONE, launchChromium, openWatched, screenshot, type WatchedPage } from '../helpers/browser';
import { startTestEngine, type TestEngine } from '../helpers/engine';
import { fixturePdf } from '../helpers/fixtures';
import { auditWith } from '../helpers/waits';

const XSS_NAME = '<img src=x onerror=alert(1)>';
const PNG_1PX =
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

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

interface Person {
	name: string;
	email: string;
	order?: number;
	accessCode?: string;
	/** Also a date field and a required checkbox for this person. */
	extras?: boolean;
}

/** A sent workflow: each person signs page 1 of a 3-page Letter file and fills a text field. */
async function sentWorkflow(api: ApiClient, name: string, people: Person[]) {
	const workflow = await api.post('/workflows', { name, message: 'Please sign <b>today</b>.' });
	const file = await api.upload(workflow.body.id, 'contract.pdf', fixturePdf('letter-3pages.pdf'));
	for (const [index, { extras, ...person }] of people.entries()) {
		const signer = await api.post(`/workflows/${workflow.body.id}/signers`, person);
		expect(signer.status).toBe(201);
		await api.post(`/workflows/${workflow.body.id}/signatures`, {
			fileId: file.body.id,
			signerId: signer.body.id,
			page: 1,
			x: 72,
			y: 100 + index * 120,
		});
		await api.post(`/workflows/${workflow.body.id}/annotations`, {
			fileId: file.body.id,
			signerId: signer.body.id,
			page: 1,
			x: 320,
			y: 110 + index * 120,
			type: 'text',
			label: 'Job title',
		});
		if (extras) {
			const common = { fileId: file.body.id, signerId: signer.body.id, page: 1 };
			await api.post(`/workflows/${workflow.body.id}/annotations`, { ...common, x: 320, y: 400, type: 'date', label: 'Start date' });
			await api.post(`/workflows/${workflow.body.id}/annotations`, { ...common, x: 72, y: 400, type: 'checkbox', label: 'I accept the terms' });
		}
	}
	const sent = await api.post(`/workflows/${workflow.body.id}/send`);
	expect(sent.status).toBe(200);
	return { id: workflow.body.id as string, links: sent.body.signers.map((s: { signingUrl: string }) => s.signingUrl) as string[] };
}

async function drawSignature(page: Page) {
	const pad = page.locator('#signature-dialog canvas.pad');
	await pad.waitFor();
	const box = (await pad.boundingBox())!;
	await page.mouse.move(box.x + 20, box.y + box.height * 0.7);
	await page.mouse.down();
	for (let step = 1; step <= 12; step += 1)
		await page.mouse.move(box.x + 20 + step * (box.width - 40) / 12, box.y + box.height * (0.3 + 0.4 * (step % 2)), { steps: 3 });
	await page.mouse.up();
}

function expectClean(watched: WatchedPage) {
	expect(watched.externalRequests).toEqual([]);
	expect(watched.errors).toEqual([]);
	expect(watched.dialogs).toEqual([]);
}

describe.each([
	['desktop', DESKTOP],
	['phone', PHONE],
])('the signing page on %s', (device, options) => {
	let api: ApiClient;
	beforeAll(async () => {
		api = (await t.newOrganization(`Org for ${device}`)).api;
		await api.put('/interface', { primaryColor: '#aa3300', logo: { contentBase64: PNG_1PX }, icon: { contentBase64: PNG_1PX } });
	});

	it('a waiting signer sees whom they wait on; a signer draws and signs; the next one refuses with a reason', async () => {
		const { id, links } = await sentWorkflow(api, `Offer letter (${device})`, [
			{ name: XSS_NAME, email: 'first@example.com', order: 1, extras: true },
			{ name: 'Bob Ray', email: 'bob@example.com', order: 2 },
		]);

		// Bob's turn has not come.
		const bob = await openWatched(browser, t.engine.url, options);
		await bob.page.goto(links[1]!);
		await expect(bob.page.locator('[data-state="waiting"] h1').textContent()).resolves.toBe('It is not your turn yet');
		await expect(bob.page.locator('[data-state="waiting"]').textContent()).resolves.toContain(XSS_NAME);
		await screenshot(bob.page, `${device}-waiting`);
		expectClean(bob);

		// The first signer, whose name is markup, draws a signature and signs.
		const first = await openWatched(browser, t.engine.url, options);
		await first.page.goto(links[0]!);
		await first.page.locator('.page canvas').first().waitFor();
		// The organization's branding: its logo, icon and color, all served by the engine.
		expect(await first.page.locator('.brand img.logo').getAttribute('src')).toMatch(/\/sign\/[\w-]{43}\/logo$/);
		expect(await first.page.locator('link[rel="icon"]').getAttribute('href')).toMatch(/\/icon$/);
		expect(await first.page.locator('#sign').evaluate((node) => (globalThis as any).getComputedStyle(node).backgroundColor)).toBe('rgb(170, 51, 0)');
		await expect(first.page.locator('.intro').textContent()).resolves.toContain(`For ${XSS_NAME}`);
		expect(await first.page.locator('.intro img').count()).toBe(0);
		await first.page.locator('.field.sig').first().click();
		await drawSignature(first.page);
		await first.page.locator('#apply-signature').click();
		await expect(first.page.locator('.field.sig img').count()).resolves.toBe(1);
		await first.page.locator('.field input[type="text"]').fill('Head of Sales');
		await first.page.locator('.field input[type="date"]').fill('2027-01-04');
		// The required checkbox is still empty: signing is held back and the field is marked.
		await first.page.locator('#consent').check();
		await first.page.locator('#sign').click();
		await expect(first.page.locator('.actions .alert').textContent()).resolves.toMatch(/required field/);
		expect(await first.page.locator('.field.missing input[type="checkbox"]').count()).toBe(1);
		await first.page.locator('.field input[type="checkbox"]').check();
		await first.page.locator('#consent').uncheck();
		// Consent is required.
		await first.page.locator('#sign').click();
		await expect(first.page.locator('.actions .alert').textContent()).resolves.toMatch(/agree to sign electronically/);
		await first.page.locator('#consent').check();
		await screenshot(first.page, `${device}-ready-to-sign`);
		await Promise.all([first.page.waitForURL(links[0]!), first.page.waitForEvent('load'), first.page.locator('#sign').click()]);
		await first.page.locator('[data-state="done"]').waitFor();
		await screenshot(first.page, `${device}-signed`);
		expectClean(first);

		const afterSign = (await api.get(`/workflows/${id}`)).body;
		expect(afterSign.signers.map((s: { status: string }) => s.status)).toEqual(['signed', 'active']);
		expect(afterSign.signatures[0]).toMatchObject({ valueType: 'drawn', signedAt: expect.any(String) });
		expect(afterSign.annotations.map((a: { type: string; value: unknown }) => [a.type, a.value])).toEqual([
			['text', 'Head of Sales'],
			['date', '2027-01-04'],
			['checkbox', true],
			['text', null],
		]);

		// Now Bob may act: he refuses, with a reason.
		await bob.page.goto(links[1]!);
		await bob.page.locator('.page canvas').first().waitFor();
		await bob.page.locator('#refuse').click();
		await bob.page.locator('#confirm-refuse').click();
		await expect(bob.page.locator('#refuse-dialog .error').textContent()).resolves.toBe('Say why you refuse.');
		await bob.page.locator('#refuse-reason').fill('The start date is wrong.');
		await screenshot(bob.page, `${device}-refusing`);
		await Promise.all([bob.page.waitForEvent('load'), bob.page.locator('#confirm-refuse').click()]);
		await bob.page.locator('[data-state="refused"]').waitFor();
		await expect(bob.page.locator('[data-state="refused"]').textContent()).resolves.toContain('The start date is wrong.');
		await screenshot(bob.page, `${device}-refused`);
		expectClean(bob);

		const refused = (await api.get(`/workflows/${id}`)).body;
		expect(refused.status).toBe('refused');
		expect(refused.signers[1]).toMatchObject({ status: 'refused', refusalReason: 'The start date is wrong.' });
		const audit = (await api.get(`/workflows/${id}/audit`)).body;
		const signed = audit.events.find((e: { type: string }) => e.type === 'signer.signed');
		expect(signed.data).toMatchObject({ consent: true, consentText: expect.stringMatching(/electronically/), ip: '127.0.0.1' });
		expect(signed.userAgent).toMatch(/Chrome/);
		await Promise.all([bob.context.close(), first.context.close()]);
	});

	it('refuses a wrong access code, then opens with the right one; a typed signature completes', async () => {
		const { id, links } = await sentWorkflow(api, `NDA (${device})`, [
			{ name: 'Cleo Park', email: 'cleo@example.com', accessCode: '4711' },
		]);
		const cleo = await openWatched(browser, t.engine.url, options);
		await cleo.page.goto(links[0]!);
		await cleo.page.locator('#code').fill('1234');
		await Promise.all([cleo.page.waitForEvent('load'), cleo.page.locator('.access-form button').click()]);
		await expect(cleo.page.locator('.access-form .error').textContent()).resolves.toContain('4 attempts left');
		expect(await cleo.page.locator('.page canvas').count()).toBe(0);
		await screenshot(cleo.page, `${device}-wrong-access-code`);

		await cleo.page.locator('#code').fill('4711');
		await Promise.all([cleo.page.waitForEvent('load'), cleo.page.locator('.access-form button').click()]);
		await cleo.page.locator('.page canvas').first().waitFor();
		await cleo.page.locator('.field.sig').click();
		await cleo.page.locator('#tab-type').click();
		await cleo.page.locator('#typed-signature').fill('Cleo Park');
		await cleo.page.locator('#apply-signature').click();
		await expect(cleo.page.locator('.field.sig .typed').textContent()).resolves.toBe('Cleo Park');
		await cleo.page.locator('.field input[type="text"]').fill('Counsel');
		await cleo.page.locator('#consent').check();
		await Promise.all([cleo.page.waitForEvent('load'), cleo.page.locator('#sign').click()]);
		await cleo.page.locator('[data-state="completed"]').waitFor();
		await screenshot(cleo.page, `${device}-completed`);
		expectClean(cleo);
		await cleo.context.close();

		const completed = (await api.get(`/workflows/${id}`)).body;
		expect(completed.status).toBe('completed');
		expect(completed.signatures[0].valueType).toBe('typed');
		const types = (await auditWith(api, id, 'workflow.completed')).events.map((e: { type: string }) => e.type);
		expect(types.slice(-3)).toEqual(['signer.viewed', 'signer.signed', 'workflow.completed']);
	});

	it('shows a clear page for an invalid link, with no hint it ever existed', async () => {
		const visitor = await openWatched(browser, t.engine.url, options);
		const response = await visitor.page.goto(`${t.engine.url}/sign/${'A'.repeat(43)}`);
		expect(response?.status()).toBe(404);
		await expect(visitor.page.locator('[data-state="invalid"] h1').textContent()).resolves.toBe('This link is not valid');
		await screenshot(visitor.page, `${device}-invalid-link`);
		expectClean(visitor);
		await visitor.context.close();
	});
});
