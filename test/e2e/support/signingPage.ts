import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';
import type { ApiClient } from '../../helpers/engine/apiClient';
import { fixturePdf } from '../../helpers/pdf/fixtures';
import { until } from '../../helpers/waits';

/* Building signing workflows for the browser tests, and what a person does on the signing page. */

export type FieldSpec =
	| { kind: 'signature' | 'initials'; page?: number; x: number; y: number; width?: number; height?: number }
	| { type: 'text' | 'date' | 'checkbox'; page?: number; x: number; y: number; width?: number; height?: number; label?: string };

export interface Person {
	name: string;
	email: string;
	role?: 'signer' | 'approver' | 'cc' | 'viewer';
	order?: number;
	accessCode?: string;
	/** The language of the signer's page (BCP 47), e.g. 'de'. */
	locale?: string;
	/** 'email_otp': a code sent by email opens the document. */
	verification?: 'none' | 'email_otp';
	/** Where the signer goes after acting outside a frame. */
	redirectUrl?: string;
	/** Default for a signer: a signature on page 1 and a "Job title" text field beside it. */
	fields?: FieldSpec[];
}

export interface SentWorkflow {
	id: string;
	fileId: string;
	/** Each person's signing link, in the order given. */
	links: string[];
	/** Field ids per person, in the order given. */
	fieldIds: string[][];
}

/** A sent workflow on the 3-page Letter fixture. */
export async function sentWorkflow(
	api: ApiClient,
	name: string,
	people: Person[],
	options: { expiresAt?: string; message?: string; allowDelegation?: boolean; redirectUrl?: string } = {},
): Promise<SentWorkflow> {
	const workflow = await api.post('/workflows', {
		name,
		message: options.message ?? 'Please sign <b>today</b>.',
		expiresAt: options.expiresAt,
		allowDelegation: options.allowDelegation,
		redirectUrl: options.redirectUrl,
	});
	expect(workflow.status).toBe(201);
	const id = workflow.body.id as string;
	const file = await api.upload(id, 'contract.pdf', fixturePdf('letter-3pages.pdf'));
	const fieldIds: string[][] = [];
	for (const [index, { fields, ...person }] of people.entries()) {
		const signer = await api.post(`/workflows/${id}/signers`, person);
		expect(signer.status).toBe(201);
		const specs: FieldSpec[] =
			fields ??
			(person.role === undefined || person.role === 'signer'
				? [
						{ kind: 'signature', x: 72, y: 100 + index * 120 },
						{ type: 'text', x: 320, y: 110 + index * 120, label: 'Job title' },
					]
				: []);
		const ids: string[] = [];
		for (const spec of specs) {
			const common = { fileId: file.body.id, signerId: signer.body.id, page: spec.page ?? 1 };
			const created =
				'kind' in spec
					? await api.post(`/workflows/${id}/signatures`, { ...common, ...spec })
					: await api.post(`/workflows/${id}/annotations`, { ...common, ...spec });
			expect(created.status).toBe(201);
			ids.push(created.body.id);
		}
		fieldIds.push(ids);
	}
	const sent = await api.post(`/workflows/${id}/send`);
	expect(sent.status).toBe(200);
	const links = people.map((person) => sent.body.signers.find((s: { email: string }) => s.email === person.email).signingUrl as string);
	return { id, fileId: file.body.id, links, fieldIds };
}

/** Opens a signing link and waits until the first page of the document is drawn, with its fields and the fonts. */
export async function openDocument(page: Page, link: string): Promise<void> {
	await page.goto(link);
	await page.locator('.page[data-rendered="true"]').first().waitFor();
	await page.evaluate(() => (globalThis as any).document.fonts.ready);
}

export async function drawSignature(page: Page): Promise<void> {
	const pad = page.locator('#signature-dialog canvas.pad');
	await pad.waitFor();
	const box = (await pad.boundingBox())!;
	await page.mouse.move(box.x + 20, box.y + box.height * 0.7);
	await page.mouse.down();
	for (let step = 1; step <= 12; step += 1)
		await page.mouse.move(box.x + 20 + (step * (box.width - 40)) / 12, box.y + box.height * (0.3 + 0.4 * (step % 2)), { steps: 3 });
	await page.mouse.up();
}

/** Fills a text or date field: in place where it is big enough (desktop), in its dialog where it is too small (phone). */
export async function fillField(page: Page, selector: string, value: string, where: 'in place' | 'dialog'): Promise<void> {
	const field = page.locator(selector);
	if (where === 'in place') {
		await field.locator('input').fill(value);
		return;
	}
	await field.click();
	await page.locator('#field-dialog #field-input').fill(value);
	await page.locator('#apply-field').click();
	await page.locator('#field-dialog').waitFor({ state: 'hidden' });
}

/** Sign (or Approve), tick the consent in the dialog and confirm; resolves once the page reloaded on its new state. */
export async function confirmAndSubmit(page: Page, expectedState: string): Promise<void> {
	await page.locator('#sign').click();
	await page.locator('#finish-dialog #consent').check();
	await Promise.all([page.waitForEvent('load'), page.locator('#confirm-sign').click()]);
	await page.locator(`[data-state="${expectedState}"]`).waitFor();
}

/** The workflow once its status is `status` (expiry and finalization happen in the background). */
export async function workflowWith(api: ApiClient, id: string, check: (body: any) => boolean, timeoutMs = 20_000) {
	return (await until(() => api.get(`/workflows/${id}`), (response) => check(response.body), timeoutMs)).body;
}

/** Waits until the page has stopped scrolling (a smooth scroll to a field) and its fonts are in, e.g. before a screenshot. */
export async function settled(page: Page): Promise<void> {
	let last = -1;
	await until(
		async () => {
			const position = await page.evaluate(() => (globalThis as any).scrollY as number);
			const still = position === last;
			last = position;
			return still;
		},
		(still) => still,
	);
	await page.evaluate(() => (globalThis as any).document.fonts.ready);
}
