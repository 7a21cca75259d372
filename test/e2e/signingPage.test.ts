import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Browser } from 'playwright-core';
import { consentCatalogue } from '../../engine/i18n';
import { signatureLook } from '../../engine/pdf/fonts';
import type { ApiClient } from '../helpers/engine/apiClient';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { SignerClient } from '../helpers/engine/signerClient';
import { pdfsig, pdftotext, qpdfCheck } from '../helpers/pdf/pdfTools';
import { until } from '../helpers/waits';
import { DESKTOP, PHONE, launchChromium, openWatched, renderedFonts, screenshot, expectClean, innerText } from './support/browser';
import { confirmAndSubmit, drawSignature, fillField, openDocument, sentWorkflow, settled, workflowWith } from './support/signingPage';

const CONSENT_TEXT = consentCatalogue.en.signer;
const APPROVAL_CONSENT_TEXT = consentCatalogue.en.approver;

const XSS_NAME = '<img src=x onerror=alert(1)>';
const PNG_1PX =
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

// Whole journeys in a real browser, finalization included, on a possibly busy machine.
jest.setTimeout(180_000);

let t: TestEngine;
let browser: Browser;
beforeAll(async () => {
	t = await startTestEngine({ expiryCheckIntervalMs: 200 });
	browser = await launchChromium();
});
afterAll(async () => {
	await browser?.close();
	await t?.destroy();
});

/** The fonts of a PDF page, as poppler's pdffonts lists them. */
function pdfFonts(bytes: Uint8Array, page: number): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'signflow-fonts-'));
	try {
		writeFileSync(path.join(dir, 'file.pdf'), bytes);
		return spawnSync('pdffonts', ['-f', String(page), '-l', String(page), path.join(dir, 'file.pdf')], { encoding: 'utf8' }).stdout;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

describe.each([
	['desktop', DESKTOP],
	['phone', PHONE],
])('the signing page on %s', (device, options) => {
	const phone = device === 'phone';
	const small = phone ? 'dialog' : 'in place';
	let api: ApiClient;
	beforeAll(async () => {
		api = (await t.newOrganization(`Org for ${device}`)).api;
		await api.put('/interface', { primaryColor: '#aa3300', logo: { contentBase64: PNG_1PX }, icon: { contentBase64: PNG_1PX } });
	});

	it('a waiting signer sees whom they wait on; a signer fills every field with progress and alerts that keep up, and signs; the next one refuses', async () => {
		const { id, links, fieldIds } = await sentWorkflow(api, `Offer letter (${device})`, [
			{
				name: XSS_NAME,
				email: 'first@example.com',
				order: 1,
				fields: [
					{ kind: 'signature', x: 72, y: 100 },
					{ type: 'text', x: 320, y: 110, label: 'Job title' },
					{ type: 'date', x: 320, y: 400, width: 150, label: 'Start date' },
					{ type: 'checkbox', x: 72, y: 400, label: 'I accept the terms' },
				],
			},
			{ name: 'Bob Ray', email: 'bob@example.com', order: 2 },
		]);
		const [signatureId, titleId, dateId, checkboxId] = fieldIds[0];

		// Bob's turn has not come.
		const bob = await openWatched(browser, t.engine.url, options);
		await bob.page.goto(links[1]);
		await expect(bob.page.locator('[data-state="waiting"] h1').textContent()).resolves.toBe('It is not your turn yet');
		await expect(bob.page.locator('[data-state="waiting"]').textContent()).resolves.toContain(XSS_NAME);
		await screenshot(bob.page, `${device}-waiting`);
		expectClean(bob);

		const first = await openWatched(browser, t.engine.url, options);
		const { page } = first;
		await openDocument(page, links[0]);
		// The organization's branding: its logo, icon and color, all served by the engine.
		expect(await page.locator('.brand img.logo').getAttribute('src')).toMatch(/\/sign\/[\w-]{43}\/logo$/);
		expect(await page.locator('link[rel="icon"]').getAttribute('href')).toMatch(/\/icon$/);
		expect(await page.locator('#sign').evaluate((node) => (globalThis as any).getComputedStyle(node).backgroundColor)).toBe('rgb(170, 51, 0)');
		await expect(page.locator('.intro').textContent()).resolves.toContain(`For ${XSS_NAME}`);
		expect(await page.locator('.intro img').count()).toBe(0);

		// The action bar is one short row: the count on one line, a small part of the screen.
		const viewport = page.viewportSize()!;
		const bar = (await page.locator('.actions').boundingBox())!;
		expect(bar.height / viewport.height).toBeLessThan(phone ? 0.1 : 0.08);
		expect(await innerText(page, '.actions .progress')).toBe(phone ? '0 of 4 done' : '0 of 4 required fields done');
		expect(await page.locator('.actions .progress').evaluate((node: any) => node.scrollWidth <= node.clientWidth)).toBe(true);
		const progressBox = (await page.locator('.actions .progress').boundingBox())!;
		expect(progressBox.height).toBeLessThan(24);

		// Signing too early: every missing field is marked, and the alert keeps count as they are filled.
		await page.locator('#sign').click();
		await expect(innerText(page, '.actions .alert')).resolves.toBe('Fill in the 4 required fields left first.');
		expect(await page.locator('.field.missing').count()).toBe(4);
		await settled(page);
		await screenshot(page, `${device}-signing-missing`, { fullPage: false });

		await page.locator(`[data-field="${signatureId}"]`).click();
		// Only one signature field: nothing to apply it to besides.
		expect(await page.locator('#signature-dialog .apply-all').isVisible()).toBe(false);
		await drawSignature(page);
		await page.locator('#apply-signature').click();
		await expect(page.locator('.field.sig img').count()).resolves.toBe(1);
		await expect(innerText(page, '.actions .alert')).resolves.toBe('Fill in the 3 required fields left first.');
		expect(await page.locator('.field.missing').count()).toBe(3);

		await fillField(page, `[data-field="${titleId}"]`, 'Head of Sales', small);
		await expect(innerText(page, '.actions .alert')).resolves.toBe('Fill in the 2 required fields left first.');

		// The 150 pt date field: in place on a wide screen; on a phone it opens a dialog whose date input has room.
		if (phone) {
			await page.locator(`[data-field="${dateId}"]`).click();
			const input = page.locator('#field-dialog input[type="date"]');
			expect((await input.boundingBox())!.width).toBeGreaterThan(250);
			await expect(innerText(page, '#field-title')).resolves.toBe('Start date');
			await input.fill('2027-01-04');
			await screenshot(page, `${device}-date-dialog`, { fullPage: false });
			await page.locator('#apply-field').click();
			await expect(innerText(page, `[data-field="${dateId}"]`)).resolves.toBe('January 4, 2027'); // Chromium asks for en-US (Accept-Language), the page's language here
		} else {
			expect((await page.locator(`[data-field="${dateId}"] input[type="date"]`).boundingBox())!.width).toBeGreaterThan(200);
			await fillField(page, `[data-field="${dateId}"]`, '2027-01-04', 'in place');
		}
		await expect(innerText(page, '.actions .alert')).resolves.toBe('Fill in the last required field first.');
		expect(await innerText(page, '.actions .progress')).toBe(phone ? '3 of 4 done' : '3 of 4 required fields done');

		await page.locator(`[data-field="${checkboxId}"] input`).check();
		await expect(innerText(page, '.actions .alert')).resolves.toBe('');
		expect(await page.locator('.actions .alert').isVisible()).toBe(false);
		expect(await page.locator('.field.missing').count()).toBe(0);
		expect(await innerText(page, '.actions .progress')).toBe(phone ? '✓ All done' : '✓ All required fields done');
		await page.locator(`[data-field="${signatureId}"]`).scrollIntoViewIfNeeded();
		await settled(page);
		await screenshot(page, `${device}-signing`, { fullPage: false });

		// The consent comes last, in a dialog, with the text that is recorded.
		await page.locator('#sign').click();
		await page.locator('#finish-dialog').waitFor();
		const shownConsent = await innerText(page, '#consent-text');
		expect(shownConsent).toBe(CONSENT_TEXT);
		await page.locator('#confirm-sign').click();
		await expect(innerText(page, '#finish-dialog .error')).resolves.toBe('Tick the box to agree to sign electronically.');
		await page.locator('#finish-dialog #consent').check();
		await expect(page.locator('#finish-dialog .error').isVisible()).resolves.toBe(false);
		await screenshot(page, `${device}-sign-dialog`, { fullPage: false });
		await Promise.all([page.waitForEvent('load'), page.locator('#confirm-sign').click()]);
		await page.locator('[data-state="done"]').waitFor();
		await screenshot(page, `${device}-done`);
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

		// Now Bob may act: he sees what the first signer filled in and signed, and refuses, with a reason.
		await openDocument(bob.page, links[1]);
		await expect(bob.page.locator('.completed img').count()).resolves.toBe(1);
		await bob.page.locator('#refuse').click();
		await bob.page.locator('#confirm-refuse').click();
		await expect(bob.page.locator('#refuse-dialog .error').textContent()).resolves.toBe('Say why you refuse.');
		await bob.page.locator('#refuse-reason').fill('The start date is wrong.');
		await screenshot(bob.page, `${device}-refusing`, { fullPage: false });
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
		expect(signed.data).toMatchObject({ consent: true, consentText: shownConsent, ip: '127.0.0.1' });
		expect(signed.userAgent).toMatch(/Chrome/);
		await Promise.all([bob.context.close(), first.context.close()]);
	});

	it('offers to use the first signature for all of the signer’s signature fields, and initials for all initials fields', async () => {
		const { id, links } = await sentWorkflow(api, `Contract with many fields (${device})`, [
			{
				name: 'Łukasz Wójcik',
				email: 'lukasz@example.com',
				fields: [1, 2, 3].flatMap((page) => [
					{ kind: 'signature' as const, page, x: 72, y: 100 },
					...(page > 1 ? [{ kind: 'initials' as const, page, x: 480, y: 60 }] : []),
				]),
			},
		]);
		const watched = await openWatched(browser, t.engine.url, options);
		const { page } = watched;
		await openDocument(page, links[0]);
		const signatures = page.locator('[aria-label="signature field"]');
		const initials = page.locator('[aria-label="initials field"]');

		await signatures.first().click();
		await expect(innerText(page, '#signature-dialog .apply-all')).resolves.toBe('Also use it for my 2 other signature fields');
		expect(await page.locator('#apply-all').isChecked()).toBe(true);
		await page.locator('#tab-type').click();
		await page.locator('#typed-signature').fill('Łukasz Wójcik');
		await screenshot(page, `${device}-signature-dialog`, { fullPage: false });
		await page.locator('#apply-signature').click();
		// Every signature field is signed (pages 2 and 3 as they are drawn), the initials wait.
		await page.locator('.page[data-page="3"]').scrollIntoViewIfNeeded();
		await until(() => signatures.count(), (count) => count === 3);
		await until(() => page.locator('[aria-label="signature field"].filled').count(), (count) => count === 3);
		expect(await page.locator('[aria-label="signature field"].filled .typed').allTextContents()).toEqual(['Łukasz Wójcik', 'Łukasz Wójcik', 'Łukasz Wójcik']);
		expect(await page.locator('[aria-label="initials field"].filled').count()).toBe(0);

		await initials.first().click();
		await expect(innerText(page, '#signature-title')).resolves.toBe('Your initials');
		await expect(innerText(page, '#signature-dialog .apply-all')).resolves.toBe('Also use it for my 1 other initials field');
		await page.locator('#tab-draw').click();
		await drawSignature(page);
		await page.locator('#apply-signature').click();
		expect(await page.locator('[aria-label="initials field"].filled img').count()).toBe(2);
		expect(await innerText(page, '.actions .progress')).toBe(phone ? '✓ All done' : '✓ All required fields done');
		await page.locator('[aria-label="initials field"]').last().scrollIntoViewIfNeeded();
		await settled(page);
		await screenshot(page, `${device}-adopted`, { fullPage: false });
		await confirmAndSubmit(page, 'completed');
		expectClean(watched);
		await watched.context.close();

		const detail = (await api.get(`/workflows/${id}`)).body;
		expect(detail.signatures.map((field: { kind: string; valueType: string }) => `${field.kind}:${field.valueType}`).sort()).toEqual([
			'initials:drawn',
			'initials:drawn',
			'signature:typed',
			'signature:typed',
			'signature:typed',
		]);
		// The stamp draws the name in Dancing Script, as the page showed it (Latin and Latin Extended files).
		const done = await workflowWith(api, id, (body) => body.files[0].signedSha256);
		const signed = await api.get(`/workflows/${id}/files/${done.files[0].id}/content?version=signed`);
		expect(pdfFonts(signed.bytes, 1)).toMatch(/DancingScript/);
		expect(pdftotext(signed.bytes, 1)).toContain('Łukasz Wójcik');
	});

	it('previews a typed signature in the font the stamp uses, and the stamp’s fallback for names Dancing Script cannot draw', async () => {
		const { id, links } = await sentWorkflow(api, `Fonts (${device})`, [{ name: 'Anna Li', email: 'anna@example.com', fields: [{ kind: 'signature', x: 72, y: 100 }] }]);
		const watched = await openWatched(browser, t.engine.url, options);
		const { page } = watched;
		await openDocument(page, links[0]);
		await page.locator('.field.sig').click();
		await page.locator('#tab-type').click();
		const cases: Array<[string, 'Dancing Script' | 'DejaVu Sans', string]> = [
			['Cleo Park', 'Dancing Script', 'Cleo Park'],
			['Łukasz Wójcik', 'Dancing Script', 'Łukasz Wójcik'],
			// Typed decomposed, stored and stamped composed (NFC).
			['Zu\u0308rich Zoë', 'Dancing Script', 'Zürich Zoë'],
			['Ngọc Anh', 'DejaVu Sans', 'Ngọc Anh'],
			['Ngo\u0323c Anh', 'DejaVu Sans', 'Ngọc Anh'],
			['דנה לוי', 'DejaVu Sans', 'דנה לוי'],
			['Ana 👩🏽‍💼', 'DejaVu Sans', 'Ana ?'],
			['Anna 李', 'DejaVu Sans', 'Anna ?'],
		];
		for (const [name, family, shown] of cases) {
			// The page decides as the stamp does.
			expect({ name, look: signatureLook(name) }).toEqual({ name, look: family === 'DejaVu Sans' ? 'sans' : 'handwriting' });
			await page.locator('#typed-signature').fill(name);
			await expect(page.locator('#signature-preview').textContent()).resolves.toBe(shown);
			// Replaced characters are explained.
			expect({ name, note: await page.locator('#preview-note').isVisible() }).toEqual({ name, note: shown !== name.normalize('NFC') });
			const families = (used: Awaited<ReturnType<typeof renderedFonts>>) => [
				...new Set(used.map(({ familyName, isCustomFont }) => `${familyName}${isCustomFont ? ' (served)' : ' (system)'}`)),
			];
			const fonts = await until(
				() => renderedFonts(page, '#signature-preview'),
				(used) => families(used).join() === `${family} (served)`,
			);
			// One design only, the file the engine serves (Dancing Script may take both its files), never a system font.
			expect({ name, fonts: families(fonts) }).toEqual({ name, fonts: [`${family} (served)`] });
		}
		await screenshot(page, `${device}-typed-fallback`, { fullPage: false });
		await page.locator('#apply-signature').click();
		await expect(page.locator('.field.sig .typed.sans').textContent()).resolves.toBe('Anna ?');
		await until(() => renderedFonts(page, '.field.sig .typed'), (used) => used[0]?.familyName === 'DejaVu Sans');
		await confirmAndSubmit(page, 'completed');
		expectClean(watched);
		await watched.context.close();

		// The stamp drew it alike: DejaVu Sans, the CJK character as "?".
		const done = await workflowWith(api, id, (body) => body.files[0].signedSha256);
		const signed = await api.get(`/workflows/${id}/files/${done.files[0].id}/content?version=signed`);
		expect(pdfFonts(signed.bytes, 1)).toMatch(/DejaVuSans/);
		expect(pdfFonts(signed.bytes, 1)).not.toMatch(/DancingScript/);
		expect(pdftotext(signed.bytes, 1)).toContain('Anna ?');
	});

	it('shows an approver what the signer filled in and signed, in place, and asks to approve; the cc downloads the sealed documents', async () => {
		const signerFields = [
			{ kind: 'signature' as const, x: 72, y: 100 },
			{ kind: 'initials' as const, x: 480, y: 60 },
			{ type: 'text' as const, x: 320, y: 110, label: 'Job title' },
			{ type: 'date' as const, x: 320, y: 400, width: 150, label: 'Start date' },
			{ type: 'checkbox' as const, x: 72, y: 400, label: 'I accept the terms' },
		];
		const people = [
			{ name: 'Ann Lee', email: 'ann@example.com', order: 1, fields: signerFields },
			{ name: 'Hal Boss', email: 'hal@example.com', role: 'approver' as const, order: 2 },
			{ name: 'Cid Copy', email: 'cid@example.com', role: 'cc' as const, order: 1 },
		];
		const { id, links, fieldIds } = await sentWorkflow(api, `Approval (${device})`, people);
		const [signatureId, initialsId, titleId, dateId, checkboxId] = fieldIds[0];
		// Another workflow of the same organization, whose values must not show here.
		const other = await sentWorkflow(api, 'Other workflow', [{ name: 'Oz Other', email: 'oz@example.com' }]);
		await new SignerClient(other.links[0]).sign({
			consent: true,
			values: { [other.fieldIds[0][0]]: { type: 'typed', text: 'Oz Secret' }, [other.fieldIds[0][1]]: { type: 'text', value: 'Secret title' } },
		});

		// Ann signs in her browser.
		const ann = await openWatched(browser, t.engine.url, options);
		await openDocument(ann.page, links[0]);
		await ann.page.locator(`[data-field="${signatureId}"]`).click();
		await drawSignature(ann.page);
		const pad = await ann.page.locator('#signature-dialog canvas.pad').evaluate((canvas: any) => ({ width: canvas.width, height: canvas.height }));
		await ann.page.locator('#apply-signature').click();
		await ann.page.locator(`[data-field="${initialsId}"]`).click();
		await ann.page.locator('#tab-type').click();
		await ann.page.locator('#typed-signature').fill('AL');
		await ann.page.locator('#apply-signature').click();
		await fillField(ann.page, `[data-field="${titleId}"]`, 'VP <b>Finance</b>', small);
		await fillField(ann.page, `[data-field="${dateId}"]`, '2027-01-04', small);
		await ann.page.locator(`[data-field="${checkboxId}"] input`).check();
		await confirmAndSubmit(ann.page, 'done');
		expectClean(ann);
		await ann.context.close();

		// The session the approver's page gets: the values of this workflow, by whom, and no links.
		const session = await new SignerClient(links[1]).session();
		const json = JSON.stringify(session.body);
		for (const link of [...links, ...other.links]) expect(json).not.toContain(link.split('/').pop());
		expect(json).not.toContain('Secret');
		expect(session.body.consentText).toBe(APPROVAL_CONSENT_TEXT);
		expect(session.body.fields).toEqual([]);
		// The drawn signature was cut to its strokes (drawn across the middle 40% of the pad's height), so it fills its field.
		const drawnPng = Buffer.from(session.body.completed[0].value.pngBase64, 'base64');
		expect(drawnPng.readUInt32BE(16)).toBeLessThan(pad.width);
		expect(drawnPng.readUInt32BE(20)).toBeLessThan(pad.height * 0.6);
		expect(session.body.completed.map((field: { kind: string; by: string; value: { type: string } }) => [field.kind, field.by, field.value.type])).toEqual([
			['signature', 'Ann Lee', 'drawn'],
			['initials', 'Ann Lee', 'typed'],
			['text', 'Ann Lee', 'text'],
			['date', 'Ann Lee', 'text'],
			['checkbox', 'Ann Lee', 'checkbox'],
		]);

		// The cc may look meanwhile, and sees the same.
		const cid = await openWatched(browser, t.engine.url, options);
		await openDocument(cid.page, links[2]);
		// openDocument waits for the first page drawn, which need not be the one the values are on.
		await cid.page.locator('.completed').nth(4).waitFor();
		expect(await cid.page.locator('.completed').count()).toBe(5);
		await cid.page.locator('.completed.text').scrollIntoViewIfNeeded();
		await settled(cid.page);
		await screenshot(cid.page, `${device}-viewing`, { fullPage: false });

		const hal = await openWatched(browser, t.engine.url, options);
		const { page } = hal;
		await openDocument(page, links[1]);
		await expect(innerText(page, '.intro')).resolves.toContain('asks you to review and approve this document');
		await expect(innerText(page, '.intro')).resolves.toContain('What others have filled in and signed is shown in place');
		await expect(innerText(page, '#sign')).resolves.toBe('Approve');
		await expect(innerText(page, '#refuse')).resolves.toBe('Decline');
		const layer = page.locator('.page[data-page="1"] .layer');
		await expect(layer.locator('.completed img').getAttribute('alt')).resolves.toBe('Signature of Ann Lee');
		await expect(layer.locator('.completed.sig .typed').textContent()).resolves.toBe('AL');
		await expect(layer.locator('.completed.text').textContent()).resolves.toBe('VP <b>Finance</b>');
		expect(await layer.locator('b').count()).toBe(0);
		await expect(layer.locator('.completed.date').textContent()).resolves.toBe('January 4, 2027'); // Chromium asks for en-US (Accept-Language), the page's language here
		await expect(layer.locator('.completed.checkbox').textContent()).resolves.toBe('☑');
		await expect(layer.locator('.completed.text').getAttribute('title')).resolves.toBe('Filled in by Ann Lee');
		// Where the stamp will put it: the field's box on the page (Letter, 612 x 792 points).
		const pageBox = (await page.locator('.page[data-page="1"]').boundingBox())!;
		const titleBox = (await layer.locator('.completed.text').boundingBox())!;
		const scale = pageBox.width / 612;
		expect(titleBox.x - pageBox.x).toBeCloseTo(320 * scale, 0);
		expect(titleBox.y - pageBox.y).toBeCloseTo((792 - 110 - 20) * scale, 0);
		expect(titleBox.width).toBeCloseTo(200 * scale, 0);
		expect(await innerText(page, '.actions .progress')).toBe(phone ? 'Review, then approve' : 'Review the document, then approve');
		// Whole, not cut short.
		expect(await page.locator('.actions .progress').evaluate((node: any) => node.scrollWidth <= node.clientWidth)).toBe(true);
		await layer.locator('.completed.text').scrollIntoViewIfNeeded();
		await settled(page);
		await screenshot(page, `${device}-approving`, { fullPage: false });

		await page.locator('#sign').click();
		await expect(innerText(page, '#finish-title')).resolves.toBe('Approve this document');
		const shownConsent = await innerText(page, '#consent-text');
		expect(shownConsent).toBe(APPROVAL_CONSENT_TEXT);
		await page.locator('#confirm-sign').click();
		await expect(innerText(page, '#finish-dialog .error')).resolves.toBe('Tick the box to agree to approve electronically.');
		await page.locator('#finish-dialog #consent').check();
		await screenshot(page, `${device}-approve-dialog`, { fullPage: false });
		await Promise.all([page.waitForEvent('load'), page.locator('#confirm-sign').click()]);
		// Approving completes the workflow: the approver sees the completed page.
		await page.locator('[data-state="completed"]').waitFor();

		const audit = (await api.get(`/workflows/${id}/audit`)).body;
		const approved = audit.events.find((event: { type: string }) => event.type === 'signer.approved');
		expect(approved.data).toMatchObject({ consent: true, consentText: shownConsent });
		expect(audit.events.find((event: { type: string }) => event.type === 'signer.signed').data.consentText).toBe(CONSENT_TEXT);

		// The cc's page offers the signed documents as soon as they are made (it reloads itself until then).
		await cid.page.goto(links[2]);
		await cid.page.locator('[data-state="completed"] .downloads a').waitFor({ timeout: 30_000 });
		const download = cid.page.locator('.downloads a');
		await expect(download.textContent()).resolves.toBe('PDFcontract-signed.pdfDownload');
		expect(await download.evaluate((node) => (globalThis as any).getComputedStyle(node).display)).toBe('flex');
		expect((await download.boundingBox())!.height).toBeGreaterThanOrEqual(44);
		await screenshot(cid.page, `${device}-cc-downloads`);
		const response = await cid.page.request.get(new URL((await download.getAttribute('href'))!, t.engine.url).toString());
		expect(response.status()).toBe(200);
		expect(response.headers()['content-type']).toBe('application/pdf');
		const signed = await response.body();
		expectClean(cid);
		expectClean(hal);
		await Promise.all([cid.context.close(), hal.context.close()]);

		// The sealed document: Letter certificate after Letter pages, both consent texts, the seal intact.
		const pdf = await PDFDocument.load(signed);
		expect(pdf.getPageCount()).toBeGreaterThanOrEqual(4);
		for (const page of pdf.getPages()) expect(page.getSize()).toEqual({ width: 612, height: 792 });
		const certificate = Array.from({ length: pdf.getPageCount() - 3 }, (_, index) => pdftotext(signed, 4 + index))
			.join(' ')
			.replace(/\s+/g, ' ');
		expect(certificate).toContain('Certificate of completion');
		// Each consent text as read, with its language and version (Chromium's Accept-Language: en-US).
		expect(certificate).toContain(`A. Language: American English (en-US), version 1 ${CONSENT_TEXT}`);
		expect(certificate).toContain(`B. Language: American English (en-US), version 1 ${APPROVAL_CONSENT_TEXT}`);
		expect(pdfsig(signed)).toContain('Signature Validation: Signature is Valid.');
		expect(qpdfCheck(signed).code).toBe(0);
	});

	it('asks for the access code, says how many tries are left, and locks the link after the last', async () => {
		const { links } = await sentWorkflow(api, `NDA (${device})`, [
			{ name: 'Cleo Park', email: 'cleo@example.com', accessCode: '4711' },
			{ name: 'Dan Lock', email: 'dan@example.com', accessCode: '1111' },
		]);
		const cleo = await openWatched(browser, t.engine.url, options);
		await cleo.page.goto(links[0]);
		await cleo.page.locator('#code').waitFor();
		await screenshot(cleo.page, `${device}-access-code`);
		await cleo.page.locator('#code').fill('1234');
		await Promise.all([cleo.page.waitForEvent('load'), cleo.page.locator('.access-form button').click()]);
		await expect(cleo.page.locator('.access-form .error').textContent()).resolves.toContain('4 attempts left');
		expect(await cleo.page.locator('.page canvas').count()).toBe(0);
		await screenshot(cleo.page, `${device}-access-code-wrong`);
		await cleo.page.locator('#code').fill('4711');
		await Promise.all([cleo.page.waitForEvent('load'), cleo.page.locator('.access-form button').click()]);
		await cleo.page.locator('.page canvas').first().waitFor();
		expectClean(cleo);
		await cleo.context.close();

		const dan = await openWatched(browser, t.engine.url, options);
		await dan.page.goto(links[1]);
		for (let attempt = 1; attempt <= 5; attempt += 1) {
			await dan.page.locator('#code').fill(`000${attempt}`);
			await Promise.all([dan.page.waitForEvent('load'), dan.page.locator('.access-form button').click()]);
		}
		await dan.page.goto(links[1]);
		await expect(innerText(dan.page, '[data-state="locked"] h1')).resolves.toBe('This link is locked');
		await screenshot(dan.page, `${device}-locked`);
		expectClean(dan);
		await dan.context.close();
	});

	it('shows a clear page when the request expired, was cancelled, or the link is not valid', async () => {
		const expiring = await sentWorkflow(api, `Quote (${device})`, [{ name: 'Eve Late', email: 'eve@example.com' }], {
			expiresAt: new Date(Date.now() + 5000).toISOString(),
		});
		const cancelled = await sentWorkflow(api, `Lease (${device})`, [{ name: 'Cal Ncel', email: 'cal@example.com' }]);
		expect((await api.post(`/workflows/${cancelled.id}/cancel`, { reason: 'The flat is let <b>already</b>.' })).status).toBe(200);
		await workflowWith(api, expiring.id, (body) => body.status === 'expired');

		const visitor = await openWatched(browser, t.engine.url, options);
		await visitor.page.goto(expiring.links[0]);
		await expect(innerText(visitor.page, '[data-state="expired"] h1')).resolves.toBe('This signing request has expired');
		await screenshot(visitor.page, `${device}-expired`);
		await visitor.page.goto(cancelled.links[0]);
		await expect(innerText(visitor.page, '[data-state="cancelled"]')).resolves.toContain('Reason: The flat is let <b>already</b>.');
		await screenshot(visitor.page, `${device}-cancelled`);

		const response = await visitor.page.goto(`${t.engine.url}/sign/${'A'.repeat(43)}`);
		expect(response?.status()).toBe(404);
		await expect(visitor.page.locator('[data-state="invalid"] h1').textContent()).resolves.toBe('This link is not valid');
		await screenshot(visitor.page, `${device}-invalid-link`);
		expectClean(visitor);
		await visitor.context.close();
	});
});
