import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import type { Browser, Page } from 'playwright-core';
import { appCatalogue, consentCatalogue, formatMessage } from '../../engine/i18n';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { until } from '../helpers/waits';
import { DESKTOP, PHONE, launchChromium, openWatched, screenshot, expectClean, innerText } from './support/browser';
import { drawSignature, fillField, openDocument, sentWorkflow, settled } from './support/signingPage';

/*
 * The signing page's own texts in the signer's language, in Chromium: a German signer and a Hebrew
 * one each fill their fields, sign and consent, and read no English text of the page's catalogue;
 * the Hebrew page is laid out right to left (the PDF pages excepted); the audit trail records the
 * consent in the language the signer read. Screenshots go to test/artifacts/languages-*.png.
 */

jest.setTimeout(180_000);

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

type Language = 'de' | 'he';

/** What the sender writes, in the signer's language. */
const SENDER = {
	de: {
		organization: 'Müller & Söhne GmbH',
		workflow: 'Arbeitsvertrag – Anna Müller',
		message: 'Bitte unterschreiben Sie bis Freitag. Grüße aus Köln!',
		signer: { name: 'Anna Müller', email: 'anna.mueller@example.com' },
		labels: { title: 'Position', date: 'Eintrittsdatum', terms: 'Ich akzeptiere die Bedingungen' },
		title: 'Leiterin Vertrieb',
	},
	he: {
		organization: 'כהן ושות׳ בע״מ',
		workflow: 'חוזה עבודה – נועה כהן',
		message: 'נא לחתום עד יום שישי. תודה!',
		signer: { name: 'נועה כהן', email: 'noa.cohen@example.com' },
		labels: { title: 'תפקיד', date: 'תאריך תחילת העבודה', terms: 'אני מסכים/ה לתנאים' },
		title: 'מנהלת מכירות',
	},
} as const;

/** The literal words of an ICU message (its text outside the placeholders, plural forms included). */
function literals(elements: MessageFormatElement[], found: string[] = []): string[] {
	for (const element of elements) {
		if (element.type === TYPE.literal) found.push(element.value);
		if (element.type === TYPE.plural || element.type === TYPE.select) for (const option of Object.values(element.options)) literals(option.value, found);
	}
	return found;
}

/** Pieces of the English texts of the page's catalogue that a page in `language` must not show (those it does not share with English). */
function englishPieces(language: Language): string[] {
	const pieces = new Set<string>();
	for (const [key, english] of Object.entries(appCatalogue.en)) {
		if (appCatalogue[language][key as keyof typeof appCatalogue.en] === english) continue;
		for (const literal of literals(parse(english, { ignoreTag: true })))
			for (const piece of literal.split(/[()]/)) if (/[A-Za-z]{3}/.test(piece.trim())) pieces.add(piece.trim());
	}
	return [...pieces];
}

/** Every text the page's script wrote, shown or not yet shown (closed dialogs, the short or long progress): text nodes and labels. */
function pageTexts(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const doc = (globalThis as any).document;
		const texts: string[] = [];
		for (const root of doc.querySelectorAll('#app, .actions, dialog'))
			for (const node of [root, ...root.querySelectorAll('*')]) {
				for (const child of node.childNodes) if (child.nodeType === 3 && child.textContent.trim()) texts.push(child.textContent.trim());
				for (const attribute of ['aria-label', 'placeholder', 'title', 'alt']) if (node.getAttribute(attribute)) texts.push(node.getAttribute(attribute));
			}
		return texts;
	});
}

async function expectNoEnglish(page: Page, language: Language, where: string) {
	const pieces = englishPieces(language);
	const texts = await pageTexts(page);
	expect(texts.length).toBeGreaterThan(20);
	const english = texts.flatMap((text) => pieces.filter((piece) => text.includes(piece)).map((piece) => `${where}: "${piece}" in "${text}"`));
	expect(english).toEqual([]);
}

const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

describe.each([
	['desktop', DESKTOP],
	['phone', PHONE],
])('the signing page in the signer’s language on %s', (device, options) => {
	const phone = device === 'phone';

	it.each(['de', 'he'] as const)('signs in %s: the page’s texts, its direction, and the consent recorded in that language', async (language) => {
		const sender = SENDER[language];
		const messages = appCatalogue[language];
		const say = (key: keyof typeof messages, values?: Record<string, string | number>) => formatMessage(messages[key], language, values);
		const { api } = await t.newOrganization(sender.organization);
		const { id, links, fieldIds } = await sentWorkflow(
			api,
			sender.workflow,
			[
				{
					...sender.signer,
					locale: language,
					fields: [
						{ kind: 'signature', x: 72, y: 100 },
						{ type: 'text', x: 320, y: 110, label: sender.labels.title },
						{ type: 'date', x: 320, y: 400, width: 150, label: sender.labels.date },
						{ type: 'checkbox', x: 72, y: 400, label: sender.labels.terms },
					],
				},
			],
			{ message: sender.message, expiresAt: '2099-03-01T17:00:00.000Z', allowDelegation: true },
		);
		const [signatureId, titleId, dateId, checkboxId] = fieldIds[0];

		const watched = await openWatched(browser, t.engine.url, options);
		const { page } = watched;
		const signRequests: unknown[] = [];
		page.on('request', (request) => {
			if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/sign')) signRequests.push(request.postDataJSON());
		});
		await openDocument(page, links[0]);

		// The page's language and direction.
		expect(await page.evaluate(() => (globalThis as any).document.documentElement.lang)).toBe(language);
		expect(await page.evaluate(() => (globalThis as any).document.documentElement.dir)).toBe(language === 'he' ? 'rtl' : 'ltr');
		expect(await page.locator('.intro').evaluate((node) => (globalThis as any).getComputedStyle(node).direction)).toBe(language === 'he' ? 'rtl' : 'ltr');

		// Its texts, from the catalogue of that language.
		// (Names in a right-to-left text come isolated, U+2068 … U+2069.)
		const intro = (await innerText(page, '.intro')).replace(/[\u2068\u2069]/g, '');
		expect(intro).toContain(say('introSign', { organization: sender.organization }));
		expect(intro).toContain(say('introFor', { name: sender.signer.name, email: sender.signer.email }));
		expect(intro).toContain(say('delegateQuestion'));
		// The deadline in the language's own words ("1. März 2099 um 17:00"), as the browser's Intl writes them.
		const deadline = await page.evaluate(
			(locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(new Date('2099-03-01T17:00:00Z')),
			language,
		);
		expect(intro).toContain(say('deadline', { deadline }));
		expect(await innerText(page, '#sign')).toBe(say('sign'));
		expect(await innerText(page, '#refuse')).toBe(say('refuse'));
		expect(await innerText(page, '.actions .progress')).toBe(say(phone ? 'progressCountShort' : 'progressCount', { done: 0, total: 4 }));
		await expectNoEnglish(page, language, 'document view');

		// Right to left: the action bar mirrors (Sign at the inline end: right in German, left in Hebrew),
		// the page number sits at the page's inline end; the PDF page and its fields do not mirror.
		const [signButton, refuseButton, progress] = [await box(page, '#sign'), await box(page, '#refuse'), await box(page, '.actions .progress')];
		if (language === 'he') {
			expect(signButton.x).toBeLessThan(refuseButton.x);
			expect(progress.x).toBeGreaterThan(refuseButton.x);
		} else {
			expect(signButton.x).toBeGreaterThan(refuseButton.x);
			expect(progress.x).toBeLessThan(refuseButton.x);
		}
		const firstPage = await box(page, '.page[data-page="1"]');
		const pageLabel = await box(page, '.page[data-page="1"] .label');
		const labelNearLeft = pageLabel.x - firstPage.x < firstPage.width / 2;
		expect(labelNearLeft).toBe(language === 'he');
		const signatureField = await box(page, `[data-field="${signatureId}"]`);
		// The prompt in the field ("Hier unterschreiben") fits it; the buttons fit the screen, none cut.
		await expect(innerText(page, `[data-field="${signatureId}"]`)).resolves.toBe(say('signHere'));
		const prompt = await until(() => box(page, `[data-field="${signatureId}"] .prompt`), (shown) => shown.width <= signatureField.width);
		expect(prompt.width).toBeLessThanOrEqual(signatureField.width);
		const viewport = page.viewportSize()!;
		for (const button of await page.locator('.actions button').all()) {
			const { x, width } = (await button.boundingBox())!;
			expect(x >= 0 && x + width <= viewport.width).toBe(true);
			expect(await button.evaluate((node: any) => node.scrollWidth <= node.clientWidth)).toBe(true);
		}
		// 72 pt from the left of a 612 pt wide page, in both directions.
		expect((signatureField.x - firstPage.x) / firstPage.width).toBeCloseTo(72 / 612, 1);

		// Signing too early: the alert counts in the language's plural.
		await page.locator('#sign').click();
		await expect(innerText(page, '.actions .alert')).resolves.toBe(say('fieldsLeft', { count: 4 }));

		// The signature: drawn in German, typed in Hebrew.
		await page.locator(`[data-field="${signatureId}"]`).click();
		await page.locator('#signature-dialog').waitFor();
		expect(await innerText(page, '#signature-title')).toBe(say('signatureTitle'));
		expect(await innerText(page, '#tab-draw')).toBe(say('drawTab'));
		await expectNoEnglish(page, language, 'signature dialog');
		if (language === 'de') {
			await drawSignature(page);
		} else {
			await page.locator('#tab-type').click();
			await page.locator('#apply-signature').click();
			await expect(innerText(page, '#signature-dialog .error')).resolves.toBe(say('typeFirst'));
			await page.locator('#typed-signature').fill(sender.signer.name);
			expect(await page.locator('#typed-signature').getAttribute('placeholder')).toBe(say('typedPlaceholder'));
		}
		await settled(page);
		await screenshot(page, `languages-${device}-${language}-signature-dialog`, { fullPage: false });
		await page.locator('#apply-signature').click();
		await page.locator('#signature-dialog').waitFor({ state: 'hidden' });

		if (!phone) {
			// The empty field's label runs the way its words do, as what is typed into it will.
			const input = page.locator(`[data-field="${titleId}"] input`);
			expect(await input.evaluate((node: any) => (globalThis as any).getComputedStyle(node).direction)).toBe(language === 'he' ? 'rtl' : 'ltr');
		}
		await fillField(page, `[data-field="${titleId}"]`, sender.title, phone ? 'dialog' : 'in place');
		if (phone) {
			await fillField(page, `[data-field="${dateId}"]`, '2027-01-04', 'dialog');
			// The date in the language's words, as Intl writes it.
			const written = await page.evaluate(
				(locale) => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date('2027-01-04T00:00:00Z')),
				language,
			);
			expect(written).not.toContain('January');
			await expect(innerText(page, `[data-field="${dateId}"]`)).resolves.toBe(written);
		} else await fillField(page, `[data-field="${dateId}"]`, '2027-01-04', 'in place');
		await expect(innerText(page, '.actions .alert')).resolves.toBe(say('fieldsLeft', { count: 1 }));
		await page.locator(`[data-field="${checkboxId}"] input`).check();
		expect(await innerText(page, '.actions .progress')).toBe(say(phone ? 'progressAllDoneShort' : 'progressAllDone'));
		await page.locator(`[data-field="${signatureId}"]`).scrollIntoViewIfNeeded();
		await settled(page);
		await expectNoEnglish(page, language, 'filled document view');
		await screenshot(page, `languages-${device}-${language}-document`, { fullPage: false });

		// The refusal and hand-over dialogs, opened and left.
		for (const [opener, dialog] of [
			['#refuse', '#refuse-dialog'],
			['#delegate', '#delegate-dialog'],
		]) {
			await page.locator(opener).click();
			await page.locator(dialog).waitFor();
			await expectNoEnglish(page, language, dialog);
			await page.locator(`${dialog} .dialog-buttons button`).first().click();
			await page.locator(dialog).waitFor({ state: 'hidden' });
		}

		// The consent, in the language, then the signature.
		await page.locator('#sign').click();
		await page.locator('#finish-dialog').waitFor();
		expect(await innerText(page, '#finish-title')).toBe(say('signTitle'));
		expect(await innerText(page, '#consent-text')).toBe(consentCatalogue[language].signer);
		await page.locator('#confirm-sign').click();
		await expect(innerText(page, '#finish-dialog .error')).resolves.toBe(say('consentMissingSign'));
		await expectNoEnglish(page, language, 'consent dialog');
		await page.locator('#finish-dialog #consent').check();
		await settled(page);
		await screenshot(page, `languages-${device}-${language}-sign-dialog`, { fullPage: false });
		await Promise.all([page.waitForEvent('load'), page.locator('#confirm-sign').click()]);
		// The only signer: the workflow is complete.
		await page.locator('[data-state="completed"]').waitFor();
		expect(signRequests).toEqual([expect.objectContaining({ consent: true, locale: language })]);
		expectClean(watched);

		// The audit trail: the consent as read, in the language it was read in.
		const audit = (await api.get(`/workflows/${id}/audit`)).body;
		const signed = audit.events.find((event: { type: string }) => event.type === 'signer.signed');
		expect(signed.data).toMatchObject({ consent: true, consentLocale: language, consentText: consentCatalogue[language].signer, consentVersion: expect.any(Number) });
		await watched.context.close();
	});
});
