import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import { PDFDocument } from 'pdf-lib';
import { ApiClient } from '../helpers/engine/apiClient';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { SignerClient } from '../helpers/engine/signerClient';
import { startSmtp, type TestSmtp } from '../helpers/engine/smtp';
import { fixturePdf } from '../helpers/pdf/fixtures';
import { pdfsig, pdftotext } from '../helpers/pdf/pdfTools';
import { eventually } from '../helpers/waits';

/*
 * Test mode end to end: a test key's workflow, sent and signed through to completion beside a live
 * one in the same engine, against a real SMTP server and a real webhook receiver.
 */

const WATERMARK = 'TEST - NOT VALID';

const recipients = (messages: ParsedMail[]) =>
	messages.map((mail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)!.value[0].address ?? '').sort();

/** A three-page workflow with two signers in order (real-world names), sent; answers its id and each signer's link. */
async function sentWorkflow(api: ApiClient, name: string, people: Array<{ name: string; email: string }>) {
	const workflow = await api.post('/workflows', { name, timeZone: 'Europe/Berlin', metadata: { crm: 'Ωμέγα-7' } });
	expect(workflow.status).toBe(201);
	const id = workflow.body.id as string;
	const file = await api.upload(id, 'contrat été.pdf', fixturePdf('letter-3pages.pdf'));
	expect(file.status).toBe(201);
	const fields: string[] = [];
	for (const [index, person] of people.entries()) {
		const signer = await api.post(`/workflows/${id}/signers`, { ...person, order: index + 1 });
		expect(signer.status).toBe(201);
		const field = await api.post(`/workflows/${id}/signatures`, { fileId: file.body.id, signerId: signer.body.id, page: 3 - index, x: 60, y: 80 });
		expect(field.status).toBe(201);
		fields.push(field.body.id);
	}
	const sent = await api.post(`/workflows/${id}/send`);
	expect(sent.status).toBe(200);
	const links = (sent.body.signers as Array<{ signingUrl: string }>).map((signer) => signer.signingUrl);
	return { id, fileId: file.body.id as string, fields, links };
}

async function signAll(workflow: { fields: string[]; links: string[] }, names: string[]): Promise<void> {
	for (const [index, link] of workflow.links.entries()) {
		const answer = await new SignerClient(link).sign({ consent: true, values: { [workflow.fields[index]]: { type: 'typed', text: names[index] } } });
		expect(answer.status).toBe(200);
	}
}

async function signedPdf(api: ApiClient, workflow: { id: string; fileId: string }): Promise<Buffer> {
	await eventually(
		() => api.get(`/workflows/${workflow.id}`),
		(response) => response.body.finalization?.status === 'done',
	);
	const response = await api.get(`/workflows/${workflow.id}/files/${workflow.fileId}/content?version=signed`);
	expect(response.status).toBe(200);
	return response.bytes;
}

async function testKeyOf(live: ApiClient, url: string): Promise<ApiClient> {
	const made = await live.post('/api-keys', { name: 'Sandbox für n8n', mode: 'test' });
	expect(made.status).toBe(201);
	expect(made.body).toMatchObject({ mode: 'test', apiKey: expect.stringMatching(/^sf_test_/) });
	return new ApiClient(url, made.body.apiKey);
}

describe('test mode', () => {
	let smtp: TestSmtp;
	let receiver: Receiver;
	let t: TestEngine;
	let live: ApiClient;
	let test: ApiClient;
	beforeEach(async () => {
		smtp = await startSmtp();
		receiver = await startReceiver();
		t = await startTestEngine({
			smtpUrl: smtp.url,
			mailFrom: 'Acme Signing <sign@acme.test>',
			mailPollIntervalMs: 25,
			mailRetryDelaysMs: [50, 50, 50],
			allowPrivateWebhooks: true,
			webhookPollIntervalMs: 50,
		});
		live = t.api;
		test = await testKeyOf(live, t.engine.url);
	});
	afterEach(async () => {
		await t.destroy();
		await receiver.close();
		await smtp.close();
	});

	it('a test workflow signed through to completion emails no one, says test: true in every webhook and event, and its signed PDF says TEST - NOT VALID on every page and the certificate', async () => {
		// Webhook configurations are the organization's: test events go to the same ones, flagged.
		expect((await live.post('/webhooks', { name: 'Everything', url: receiver.url, events: ['*'], auth: { type: 'none' } })).status).toBe(201);
		expect((await test.get('/me')).body.apiKey.mode).toBe('test');

		const sandbox = await sentWorkflow(test, 'Essai — عقد تجريبي 🧪', [
			{ name: 'Zoë Ångström', email: 'zoe.test@example.com' },
			{ name: '山田 太郎', email: 'taro.test@example.com' },
		]);
		expect((await test.get(`/workflows/${sandbox.id}`)).body.test).toBe(true);
		await signAll(sandbox, ['Zoë Ångström', '山田 太郎']);
		const testPdf = await signedPdf(test, sandbox);

		// A live workflow after it: its invitation arrives, so the mail dispatcher ran past anything the
		// test workflow could have queued before (emails go out in the order they are due).
		const real = await sentWorkflow(live, 'Contrat réel', [
			{ name: 'Łukasz Wójcik', email: 'lukasz@example.com' },
			{ name: 'Noor Haddad', email: 'noor@example.com' },
		]);
		expect((await live.get(`/workflows/${real.id}`)).body.test).toBe(false);
		await eventually(
			() => recipients(smtp.messages),
			(addresses) => addresses.includes('lukasz@example.com'),
		);
		await signAll(real, ['Łukasz Wójcik', 'Noor Haddad']);
		const livePdf = await signedPdf(live, real);
		// Every email of the live workflow is done with (invitations, completed) before the mailbox is read.
		const liveEmails = await eventually(
			async () =>
				((await live.get(`/workflows/${real.id}/emails`)).body.data as Array<{ status: string; kind: string; lastError: string | null }>).map(
					({ status, kind, lastError }) => ({ status, kind, lastError }),
				),
			// An invitation can be skipped: its signer may sign before it goes out.
			(emails) => emails.length > 0 && emails.every((email) => email.status === 'sent' || email.status === 'skipped'),
		);
		expect(recipients(smtp.messages)).toHaveLength(liveEmails.filter((email) => email.status === 'sent').length);
		expect(recipients(smtp.messages).filter((address) => address.endsWith('.test@example.com'))).toEqual([]);
		expect((await test.get(`/workflows/${sandbox.id}/emails`)).body.data).toEqual([]);

		// Every page of the test document, the certificate's too, carries the watermark as text; the seal still holds.
		const pages = (await PDFDocument.load(testPdf)).getPageCount();
		expect(pages).toBeGreaterThan(3);
		for (let page = 1; page <= pages; page += 1) expect({ page, text: pdftotext(testPdf, page) }).toEqual({ page, text: expect.stringContaining(WATERMARK) });
		// The content under the bands stays as it was: the page's own text, the certificate's.
		expect(pdftotext(testPdf, 1)).toContain('Letter contract, page 1 of 3');
		expect(pdftotext(testPdf, pages)).toContain('Audit trail');
		if (process.env.SIGNFLOW_TEST_ARTIFACTS) writeFileSync(path.join(process.env.SIGNFLOW_TEST_ARTIFACTS, 'test-mode.pdf'), testPdf);
		expect(pdfsig(testPdf)).toContain('Signature Validation: Signature is Valid.');
		expect(pdftotext(livePdf)).not.toContain(WATERMARK);

		// The webhooks: every event of the test workflow says test: true, the live one's false.
		const received = await eventually(
			() => receiver.received.map((request) => request.body as { event: string; test: boolean; data: { workflowId: string; test?: boolean } }),
			(bodies) => bodies.filter((body) => body.event === 'workflow.completed').length === 2,
		);
		const ofSandbox = received.filter((body) => body.data.workflowId === sandbox.id);
		const ofReal = received.filter((body) => body.data.workflowId === real.id);
		expect(ofSandbox.map((body) => body.event)).toEqual(expect.arrayContaining(['workflow.created', 'workflow.sent', 'signer.signed', 'workflow.completed']));
		expect(ofSandbox.filter((body) => body.test !== true || body.data.test !== true)).toEqual([]);
		expect(ofReal.length).toBeGreaterThan(4);
		expect(ofReal.filter((body) => body.test !== false || 'test' in body.data)).toEqual([]);

		// The audit trail and the events feed say it too; each key's feed holds only its own mode's workflows.
		const audit = (await test.get(`/workflows/${sandbox.id}/audit`)).body;
		expect(audit.chain.intact).toBe(true);
		expect(audit.events.filter((event: { data: { test?: boolean } }) => event.data.test !== true)).toEqual([]);
		const feedOf = async (api: ApiClient) => ((await api.get('/events?limit=500')).body.data as Array<{ workflowId: string | null }>).map((event) => event.workflowId);
		expect(new Set(await feedOf(test))).toEqual(new Set([sandbox.id]));
		expect(new Set(await feedOf(live))).toEqual(new Set([real.id]));

		// Verify: the test key knows its document; to the live key it is no document of its own.
		const verify = (api: ApiClient, bytes: Buffer) => api.post('/verify', { contentBase64: bytes.toString('base64') });
		expect((await verify(test, testPdf)).body).toMatchObject({ unmodified: true, known: true, workflow: { id: sandbox.id } });
		expect((await verify(live, testPdf)).body).toMatchObject({ unmodified: false, known: false, workflow: null });
		expect((await verify(test, livePdf)).body).toMatchObject({ known: false, workflow: null });
	}, 180_000);

	it('a live key cannot see or act on test workflows, nor a test key on live ones: 404 as for another organization', async () => {
		const draftOf = async (api: ApiClient, name: string) => {
			const workflow = await api.post('/workflows', { name });
			const file = await api.upload(workflow.body.id, 'pièce.pdf', fixturePdf('a4-1page.pdf'));
			const signer = await api.post(`/workflows/${workflow.body.id}/signers`, { name: 'Ана Петрова', email: 'ana@example.com' });
			await api.post(`/workflows/${workflow.body.id}/signatures`, { fileId: file.body.id, signerId: signer.body.id, page: 1, x: 50, y: 50 });
			return { id: workflow.body.id as string, fileId: file.body.id as string, signerId: signer.body.id as string };
		};
		const liveDraft = await draftOf(live, 'Live draft — réel');
		const testDraft = await draftOf(test, 'Test draft — تجربة');
		const liveSent = await draftOf(live, 'Live sent');
		const testSent = await draftOf(test, 'Test sent');
		expect((await live.post(`/workflows/${liveSent.id}/send`)).status).toBe(200);
		expect((await test.post(`/workflows/${testSent.id}/send`)).status).toBe(200);

		const attempts = (api: ApiClient, draft: { id: string; fileId: string; signerId: string }, sent: { id: string; signerId: string }) => [
			['get', () => api.get(`/workflows/${draft.id}`)],
			['audit', () => api.get(`/workflows/${draft.id}/audit`)],
			['emails', () => api.get(`/workflows/${draft.id}/emails`)],
			['download', () => api.get(`/workflows/${draft.id}/files/${draft.fileId}/content`)],
			['add file', () => api.upload(draft.id, 'x.pdf', fixturePdf('a4-1page.pdf'))],
			['add signer', () => api.post(`/workflows/${draft.id}/signers`, { name: 'M', email: 'm@example.com' })],
			['send', () => api.post(`/workflows/${draft.id}/send`)],
			['remind', () => api.post(`/workflows/${sent.id}/remind`)],
			['new link', () => api.post(`/workflows/${sent.id}/signers/${sent.signerId}/reissue`, {})],
			['cancel', () => api.post(`/workflows/${sent.id}/cancel`)],
		] as Array<[string, () => Promise<{ status: number; body: any }>]>;
		for (const [direction, api, draft, sent] of [
			['live key on test workflows', live, testDraft, testSent],
			['test key on live workflows', test, liveDraft, liveSent],
		] as const)
			for (const [name, attempt] of attempts(api, draft, sent)) {
				const response = await attempt();
				expect({ direction, name, status: response.status, code: response.body?.error?.code }).toEqual({ direction, name, status: 404, code: 'workflow_not_found' });
			}

		// Lists: each key sees its own mode's workflows, all of them, and no other.
		const names = async (api: ApiClient, query = '') =>
			((await api.get(`/workflows?limit=100${query}`)).body.data as Array<{ name: string }>).map((workflow) => workflow.name).sort();
		expect(await names(live)).toEqual(['Live draft — réel', 'Live sent']);
		expect(await names(test)).toEqual(['Test draft — تجربة', 'Test sent']);
		expect(await names(live, '&status=sent')).toEqual(['Live sent']);
		expect(await names(test, '&q=draft')).toEqual(['Test draft — تجربة']);

		// Nothing was changed by the refused attempts.
		expect((await test.get(`/workflows/${testSent.id}`)).body.status).toBe('sent');
		expect((await live.get(`/workflows/${liveSent.id}`)).body.status).toBe('sent');
		expect((await test.get(`/workflows/${testDraft.id}`)).body.signers).toHaveLength(1);

		// Removed workflows leave an organization-level event naming them: each key's feed has its own mode's only.
		expect((await live.post(`/workflows/${liveDraft.id}/discard`)).status).toBe(200);
		expect((await test.post(`/workflows/${testDraft.id}/discard`)).status).toBe(200);
		const discardedIn = async (api: ApiClient) =>
			((await api.get('/events?limit=500')).body.data as Array<{ type: string; data: { workflowId?: string } }>)
				.filter((event) => event.type === 'workflow.discarded')
				.map((event) => event.data.workflowId);
		expect(await discardedIn(live)).toEqual([liveDraft.id]);
		expect(await discardedIn(test)).toEqual([testDraft.id]);

		// A test key makes only test keys.
		const escalation = await test.post('/api-keys', { name: 'Prod', mode: 'live' });
		expect(escalation.status).toBe(422);
		expect(escalation.body.error.code).toBe('test_key_cannot_make_live_key');
		expect((await test.post('/api-keys', { name: 'Another sandbox' })).body.mode).toBe('test');
	}, 120_000);
});
