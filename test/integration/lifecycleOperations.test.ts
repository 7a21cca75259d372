import type { ParsedMail } from 'mailparser';
import { PDFDocument } from 'pdf-lib';
import { ApiClient } from '../helpers/engine/apiClient';
import { blobStored } from '../helpers/engine/blobs';
import { withDatabase } from '../helpers/engine/database';
import { startTestEngine, type TestEngine } from '../helpers/engine/engine';
import { startReceiver, type Receiver } from '../helpers/engine/receiver';
import { PNG_1PX, SignerClient } from '../helpers/engine/signerClient';
import { startSmtp, type TestSmtp } from '../helpers/engine/smtp';
import { until } from '../helpers/waits';

/*
 * Discard, delete, correct and resend: the operations a sender has besides send and cancel.
 */

/** A one-page PDF whose bytes no other test makes (its title differs), so its blob is its own. */
async function uniquePdf(title: string): Promise<Buffer> {
	const document = await PDFDocument.create();
	document.addPage([595, 842]);
	document.setTitle(title);
	document.setCreationDate(new Date(0));
	document.setModificationDate(new Date(0));
	return Buffer.from(await document.save());
}

const PEOPLE = [
	{ name: 'Zoë Ødegård', email: 'zoe@example.com' },
	{ name: 'محمد الأحمد', email: 'mohammed@example.com' },
];

interface Draft {
	id: string;
	fileId: string;
	sha256: string;
	signerIds: string[];
	fieldIds: string[];
}

/** A draft with `pdf`, two signers in order 1 and 2, a signature field each. */
async function draftWith(api: ApiClient, name: string, pdf: Buffer, extra: Record<string, unknown> = {}): Promise<Draft> {
	const workflow = await api.post('/workflows', { name, timeZone: 'Europe/Berlin', ...extra });
	expect(workflow.status).toBe(201);
	const id = workflow.body.id as string;
	const file = await api.upload(id, 'contrat-signé.pdf', pdf);
	expect(file.status).toBe(201);
	const signerIds: string[] = [];
	const fieldIds: string[] = [];
	for (const [index, person] of PEOPLE.entries()) {
		const signer = await api.post(`/workflows/${id}/signers`, { ...person, order: index + 1 });
		signerIds.push(signer.body.id);
		const field = await api.post(`/workflows/${id}/signatures`, { fileId: file.body.id, signerId: signer.body.id, page: 1, x: 60 + index * 250, y: 80 });
		fieldIds.push(field.body.id);
	}
	return { id, fileId: file.body.id, sha256: file.body.sha256, signerIds, fieldIds };
}

async function sentWith(api: ApiClient, name: string, pdf: Buffer, extra: Record<string, unknown> = {}) {
	const draft = await draftWith(api, name, pdf, extra);
	const sent = await api.post(`/workflows/${draft.id}/send`);
	expect(sent.status).toBe(200);
	const links: string[] = draft.signerIds.map((signerId) => sent.body.signers.find((signer: { id: string }) => signer.id === signerId).signingUrl);
	return { ...draft, links };
}

async function organizationEvents(api: ApiClient): Promise<Array<{ type: string; workflowId: string | null; data: Record<string, any> }>> {
	const events = [];
	for (let after = '', more = true; more; ) {
		const page = await api.get(`/events?limit=500${after ? `&after=${after}` : ''}`);
		expect(page.status).toBe(200);
		events.push(...page.body.data);
		[after, more] = [page.body.nextCursor, page.body.hasMore];
	}
	return events;
}

const typed = (text: string) => ({ type: 'typed', text });

/** The newest workflows' ids (a test's engine holds fewer than a page). */
async function workflowIds(api: ApiClient, filter: string): Promise<string[]> {
	const page = await api.get(`/workflows?limit=100${filter}`);
	expect(page.status).toBe(200);
	return page.body.data.map((workflow: { id: string }) => workflow.id);
}

describe('discarding a draft and deleting a finished workflow', () => {
	let t: TestEngine;
	let receiver: Receiver;
	beforeAll(async () => {
		receiver = await startReceiver();
		t = await startTestEngine({ allowPrivateWebhooks: true, webhookPollIntervalMs: 50 });
		const hook = await t.api.post('/webhooks', { name: 'Archive', url: receiver.url, events: ['workflow.discarded', 'workflow.deleted', 'workflow.corrected', 'signer.reissued', 'workflow.resent', 'signer.resent'], auth: { type: 'none' } });
		expect(hook.status).toBe(201);
	});
	afterAll(async () => {
		await t.destroy();
		await receiver.close();
	});

	it('discards a draft: gone from reads and lists, its PDF gone from the blob store, the event kept in the organization trail', async () => {
		const draft = await draftWith(t.api, 'Brouillon – 東京 📄', await uniquePdf('discard me'), { requestFrom: 'HRPortal', metadata: { crmId: 'C-7' } });
		expect(await blobStored(t.dataDir, draft.sha256)).toBe(true);

		const discarded = await t.api.post(`/workflows/${draft.id}/discard`);
		expect(discarded.status).toBe(200);
		expect(discarded.body).toMatchObject({ id: draft.id, name: 'Brouillon – 東京 📄', status: 'discarded', removedBlobs: 1 });

		expect((await t.api.get(`/workflows/${draft.id}`)).status).toBe(404);
		expect((await t.api.get(`/workflows/${draft.id}/audit`)).status).toBe(404);
		expect((await t.api.get(`/workflows/${draft.id}/files/${draft.fileId}/content`)).status).toBe(404);
		expect(await workflowIds(t.api, '')).not.toContain(draft.id);
		expect(await blobStored(t.dataDir, draft.sha256)).toBe(false);

		const events = await organizationEvents(t.api);
		expect(events.filter((event) => JSON.stringify(event).includes(draft.id)).map((event) => event.type)).toEqual(['workflow.discarded']);
		expect(events.find((event) => event.type === 'workflow.discarded')).toMatchObject({
			workflowId: null,
			data: { workflowId: draft.id, name: 'Brouillon – 東京 📄', status: 'draft', files: [{ sha256: draft.sha256, signedSha256: null }] },
		});

		const [hook] = await until(
			() => receiver.received.filter((request) => request.body.data.workflowId === draft.id),
			(found) => found.length === 1,
		);
		expect(hook.body).toMatchObject({
			event: 'workflow.discarded',
			uri: `/api/v1/workflows/${draft.id}`,
			data: { workflowId: draft.id, name: 'Brouillon – 東京 📄', requestFrom: 'HRPortal', metadata: { crmId: 'C-7' } },
		});

		const again = await t.api.post(`/workflows/${draft.id}/discard`);
		expect(again.status).toBe(404);
		expect(again.body.error.code).toBe('workflow_not_found');
	});

	it('hands an n8n flow the links: signer.resent carries the same one, a correction\'s signer.reissued the new one', async () => {
		const sent = await sentWith(t.api, 'Webhook links – Ελλάδα', await uniquePdf('webhook links'));
		const of = (types: string[]) => receiver.received.filter((request) => request.body.data.workflowId === sent.id && types.includes(request.body.event));
		expect((await t.api.post(`/workflows/${sent.id}/resend`)).status).toBe(200);
		const resent = await until(() => of(['workflow.resent', 'signer.resent']), (found) => found.length === 2);
		const signerResent = resent.find((request) => request.body.event === 'signer.resent')!;
		expect(signerResent.body.data.signer).toMatchObject({ id: sent.signerIds[0], email: PEOPLE[0].email, signingUrl: sent.links[0] });

		const corrected = await t.api.post(`/workflows/${sent.id}/correct`, { signers: [{ id: sent.signerIds[0], email: 'zoe@example.net' }] });
		const newLink = corrected.body.signers.find((signer: { id: string }) => signer.id === sent.signerIds[0]).signingUrl;
		const [reissued] = await until(() => of(['signer.reissued']), (found) => found.length === 1);
		expect(reissued.body.data).toMatchObject({ reason: 'corrected', signer: { email: 'zoe@example.net', signingUrl: newLink } });
		const [correction] = await until(() => of(['workflow.corrected']), (found) => found.length === 1);
		expect(correction.body.data).toMatchObject({ changed: ['signers'], signers: [{ previous: { email: PEOPLE[0].email } }] });
	});

	it('refuses to discard a sent workflow and to delete a sent one or a draft, saying what to do', async () => {
		const sent = await sentWith(t.api, 'Sent', await uniquePdf('sent, not discardable'));
		const discard = await t.api.post(`/workflows/${sent.id}/discard`);
		expect(discard.status).toBe(409);
		expect(discard.body.error).toMatchObject({ code: 'workflow_not_draft', message: expect.stringContaining('Cancel it first') });
		const remove = await t.api.request('DELETE', `/workflows/${sent.id}`);
		expect(remove.status).toBe(409);
		expect(remove.body.error).toMatchObject({ code: 'workflow_not_finished', message: expect.stringContaining('cancel it first') });
		expect((await new SignerClient(sent.links[0]).session()).status).toBe(200);

		const draft = await draftWith(t.api, 'Draft', await uniquePdf('a draft is discarded'));
		const deleteDraft = await t.api.request('DELETE', `/workflows/${draft.id}`);
		expect(deleteDraft.status).toBe(409);
		expect(deleteDraft.body.error.code).toBe('workflow_is_draft');
		expect((await t.api.get(`/workflows/${draft.id}`)).status).toBe(200);

		const other = await t.newOrganization('Other org');
		expect((await other.api.request('DELETE', `/workflows/${sent.id}`)).status).toBe(404);
		expect((await other.api.post(`/workflows/${draft.id}/discard`)).status).toBe(404);
	});

	it('deletes a workflow whose signer was sent an email code and had a reminder schedule: those rows go with it', async () => {
		// A test key's workflow: its codes are shown, not emailed, so this engine needs no SMTP.
		const sandbox = new ApiClient(t.engine.url, (await t.api.post('/api-keys', { name: 'Sandbox', mode: 'test' })).body.apiKey);
		const workflow = (await sandbox.post('/workflows', { name: 'Prüfung – 검증', reminderPolicy: { firstAfter: 'P2D', every: 'P1D', max: 2 } })).body;
		const file = (await sandbox.upload(workflow.id, 'a.pdf', await uniquePdf('coded signer'))).body;
		const signer = (await sandbox.post(`/workflows/${workflow.id}/signers`, { name: 'Ana Núñez', email: 'ana@example.com', verification: 'email_otp' })).body;
		await sandbox.post(`/workflows/${workflow.id}/signatures`, { fileId: file.id, signerId: signer.id, page: 1, x: 50, y: 50 });
		const link = new SignerClient((await sandbox.post(`/workflows/${workflow.id}/send`)).body.signers[0].signingUrl);
		expect((await link.sendEmailCode()).status).toBe(200);
		const rows = (table: string) => withDatabase(t.dataDir, (database) => database.all(`select signer_id from ${table} where signer_id = ?`, [signer.id]));
		expect(await rows('verification_codes')).toHaveLength(1);
		expect(await rows('reminder_schedules')).toHaveLength(1);
		expect((await sandbox.post(`/workflows/${workflow.id}/cancel`, { reason: 'Falsche Fassung' })).status).toBe(200);
		const deleted = await sandbox.request('DELETE', `/workflows/${workflow.id}`);
		expect(deleted.status).toBe(200);
		expect(await rows('verification_codes')).toEqual([]);
		expect(await rows('reminder_schedules')).toEqual([]);
	});

	it('deletes a cancelled workflow: its links stop working; a PDF another workflow uses stays until that one goes too', async () => {
		const shared = await uniquePdf('shared by two workflows');
		const first = await sentWith(t.api, 'First', shared);
		const second = await draftWith(t.api, 'Second', shared);
		expect(second.sha256).toBe(first.sha256);
		// Zoë saved what she typed to finish later: that row goes with the workflow too.
		expect((await new SignerClient(first.links[0]).saveDraft({ [first.fieldIds[0]]: { type: 'typed', text: 'Zoë' } })).status).toBe(200);
		const drafts = () => withDatabase(t.dataDir, (database) => database.all('select signer_id from signer_drafts where workflow_id = ?', [first.id]));
		expect(await drafts()).toHaveLength(1);
		expect((await t.api.post(`/workflows/${first.id}/cancel`, { reason: 'Wrong version' })).status).toBe(200);

		const deleted = await t.api.request('DELETE', `/workflows/${first.id}`);
		expect(deleted.status).toBe(200);
		expect(deleted.body).toMatchObject({ id: first.id, status: 'deleted', removedBlobs: 0 });
		expect(await drafts()).toEqual([]);
		expect((await t.api.get(`/workflows/${first.id}`)).status).toBe(404);
		expect(await workflowIds(t.api, '&status=cancelled')).not.toContain(first.id);
		const oldLink = new SignerClient(first.links[0]);
		expect((await oldLink.session()).status).toBe(404);
		expect((await oldLink.page()).status).toBe(404);

		expect(await blobStored(t.dataDir, first.sha256)).toBe(true);
		const content = await t.api.get(`/workflows/${second.id}/files/${second.fileId}/content`);
		expect(content.status).toBe(200);
		expect(content.bytes.equals(shared)).toBe(true);

		expect((await t.api.post(`/workflows/${second.id}/discard`)).body.removedBlobs).toBe(1);
		expect(await blobStored(t.dataDir, first.sha256)).toBe(false);
		const deletedEvent = (await organizationEvents(t.api)).find((event) => event.type === 'workflow.deleted' && event.data.workflowId === first.id);
		expect(deletedEvent?.data).toMatchObject({ name: 'First', status: 'cancelled', auditHeadHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
	});

	it('deletes a completed workflow with its signed PDF and drawn signature, once the signed PDF is made', async () => {
		const sent = await sentWith(t.api, 'Completed – Zürich', await uniquePdf('completed then deleted'));
		const zoe = new SignerClient(sent.links[0]);
		expect((await zoe.sign({ consent: true, values: { [sent.fieldIds[0]]: { type: 'drawn', pngBase64: PNG_1PX } } })).status).toBe(200);
		expect((await new SignerClient(sent.links[1]).sign({ consent: true, values: { [sent.fieldIds[1]]: typed('محمد') } })).status).toBe(200);
		const done = await until(
			() => t.api.get(`/workflows/${sent.id}`),
			(response) => response.body.finalization?.status === 'done',
			30_000,
		);
		const signedSha256: string = done.body.files[0].signedSha256;
		const [{ sha: drawnSha256 }] = await withDatabase(t.dataDir, (database) =>
			database.all<{ sha: string }>('select value_image_sha256 as sha from signatures where id = ?', [sent.fieldIds[0]]),
		);
		expect(drawnSha256).toMatch(/^[0-9a-f]{64}$/);
		expect(await blobStored(t.dataDir, signedSha256)).toBe(true);

		const deleted = await t.api.request('DELETE', `/workflows/${sent.id}`);
		expect(deleted.status).toBe(200);
		expect(deleted.body.status).toBe('deleted');
		expect(await blobStored(t.dataDir, sent.sha256)).toBe(false);
		expect(await blobStored(t.dataDir, signedSha256)).toBe(false);
		expect(await blobStored(t.dataDir, drawnSha256)).toBe(false);
		expect((await new SignerClient(sent.links[0]).signedDocument(sent.fileId)).status).toBe(404);
		const event = (await organizationEvents(t.api)).find((candidate) => candidate.type === 'workflow.deleted' && candidate.data.workflowId === sent.id);
		expect(event?.data).toMatchObject({ status: 'completed', files: [{ sha256: sent.sha256, signedSha256 }] });
	});
});

describe('correcting and resending a sent workflow', () => {
	let smtp: TestSmtp;
	let t: TestEngine;
	const to = (mail: ParsedMail) => (Array.isArray(mail.to) ? mail.to[0] : mail.to)!.value[0].address;
	beforeAll(async () => {
		smtp = await startSmtp();
		t = await startTestEngine({ smtpUrl: smtp.url, mailPollIntervalMs: 25, publicUrl: 'https://sign.acme.test' });
	});
	afterAll(async () => {
		await t.destroy();
		await smtp.close();
	});
	const local = (link: string) => link.replace('https://sign.acme.test', t.engine.url);
	const mailsTo = (address: string) => smtp.messages.filter((mail) => to(mail) === address);

	it('gives a corrected signer a new link and emails it; the old link stops working on the page and the API', async () => {
		const sent = await sentWith(t.api, 'Arbeitsvertrag', await uniquePdf('corrected'), { message: 'Bitte unterschreiben.' });
		await until(() => mailsTo('zoe@example.com'), (mails) => mails.length === 1);

		const corrected = await t.api.post(`/workflows/${sent.id}/correct`, {
			signers: [
				{ id: sent.signerIds[0], name: 'Zoë Ødegård-Weiß', email: 'zoe.weiss@example.org' },
				{ id: sent.signerIds[1], email: 'm.alahmad@example.org' },
			],
			message: 'Corrected: please sign the new version.',
			expiresAt: '2099-06-01T10:00:00+02:00',
		});
		expect(corrected.status).toBe(200);
		expect(corrected.body).toMatchObject({ message: 'Corrected: please sign the new version.', expiresAt: '2099-06-01T08:00:00.000Z' });
		const [zoe, mohammed] = sent.signerIds.map((id) => corrected.body.signers.find((signer: { id: string }) => signer.id === id));
		expect(zoe).toMatchObject({ name: 'Zoë Ødegård-Weiß', email: 'zoe.weiss@example.org', status: 'active' });
		expect(mohammed).toMatchObject({ name: 'محمد الأحمد', email: 'm.alahmad@example.org', status: 'pending' });
		expect(zoe.signingUrl).not.toBe(sent.links[0]);
		expect(mohammed.signingUrl).not.toBe(sent.links[1]);

		for (const old of sent.links.map((link) => new SignerClient(local(link)))) {
			const session = await old.session();
			expect(session.status).toBe(404);
			expect(session.body.error.code).toBe('link_invalid');
			expect((await old.page()).status).toBe(404);
			expect((await old.sign({ consent: true, values: {} })).status).toBe(404);
		}

		// Zoë's turn: the new link goes to her new address; Mohammed's comes when his turn does.
		const [invitation] = await until(() => mailsTo('zoe.weiss@example.org'), (mails) => mails.length === 1);
		expect(invitation.text).toContain(zoe.signingUrl);
		expect(invitation.text).toContain('Corrected: please sign the new version.');
		const fresh = new SignerClient(local(zoe.signingUrl));
		expect((await fresh.session()).body).toMatchObject({ state: 'ready' });
		expect((await fresh.sign({ consent: true, values: { [sent.fieldIds[0]]: typed('Zoë') } })).status).toBe(200);
		const [next] = await until(() => mailsTo('m.alahmad@example.org'), (mails) => mails.length === 1);
		expect(next.text).toContain(mohammed.signingUrl);
		expect(mailsTo('mohammed@example.com')).toEqual([]);

		const trail = (await t.api.get(`/workflows/${sent.id}/audit`)).body;
		expect(trail.chain.intact).toBe(true);
		const correction = trail.events.find((event: { type: string }) => event.type === 'workflow.corrected');
		expect(correction.data).toMatchObject({
			changed: ['message', 'expiresAt', 'signers'],
			signers: [
				{ signerId: sent.signerIds[0], email: 'zoe.weiss@example.org', previous: { name: 'Zoë Ødegård', email: 'zoe@example.com' } },
				{ signerId: sent.signerIds[1], email: 'm.alahmad@example.org', previous: { email: 'mohammed@example.com' } },
			],
		});
		expect(trail.events.filter((event: { type: string; data: { reason?: string } }) => event.type === 'signer.reissued' && event.data.reason === 'corrected')).toHaveLength(2);

		// Zoë has signed now: she cannot be corrected any more.
		const late = await t.api.post(`/workflows/${sent.id}/correct`, { signers: [{ id: sent.signerIds[0], name: 'Someone Else' }] });
		expect(late.status).toBe(409);
		expect(late.body.error.code).toBe('signer_already_acted');
	});

	it('refuses corrections that cannot be made, with 422 for bad values and 409 for the wrong state', async () => {
		const sent = await sentWith(t.api, 'Bad corrections', await uniquePdf('bad corrections'));
		const post = (body: unknown) => t.api.post(`/workflows/${sent.id}/correct`, body);
		const expectError = async (body: unknown, status: number, code: string) => {
			const response = await post(body);
			expect([response.status, response.body.error?.code]).toEqual([status, code]);
		};
		await expectError({}, 422, 'nothing_to_correct');
		await expectError({ signers: [{ id: sent.signerIds[0], name: PEOPLE[0].name }] }, 422, 'nothing_to_correct');
		await expectError({ expiresAt: '2001-01-01T00:00:00Z' }, 422, 'correction_invalid');
		await expectError({ signers: [{ id: '6f1c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f', name: 'Nobody' }] }, 422, 'correction_invalid');
		await expectError({ signers: [{ id: sent.signerIds[0] }] }, 422, 'correction_invalid');
		const invalidEmail = await post({ signers: [{ id: sent.signerIds[0], email: 'not an address' }] });
		expect(invalidEmail.status).toBe(422);
		expect(JSON.stringify(invalidEmail.body.error.details)).toContain('email');
		expect((await post({ status: 'completed' })).status).toBe(422);
		// Nothing of it was applied: the links still work.
		expect((await new SignerClient(local(sent.links[0])).session()).status).toBe(200);

		const draft = await draftWith(t.api, 'Not sent', await uniquePdf('draft correction'));
		expect((await t.api.post(`/workflows/${draft.id}/correct`, { message: 'x' })).body.error.code).toBe('workflow_not_sent');
		await t.api.post(`/workflows/${sent.id}/cancel`);
		await expectError({ message: 'too late' }, 409, 'workflow_not_sent');
	});

	it('resends the invitations, with the same links, to the signers whose turn it is', async () => {
		const sent = await sentWith(t.api, 'Resend – 東京', await uniquePdf('resent'));
		// Other tests write to the same addresses: this workflow's mails are those with its links.
		const withLink = (link: string) => smtp.messages.filter((mail) => mail.text?.includes(link));
		await until(() => withLink(sent.links[0]), (mails) => mails.length === 1);

		const resent = await t.api.post(`/workflows/${sent.id}/resend`);
		expect(resent.status).toBe(200);
		expect(resent.body.status).toBe('sent');
		const mails = await until(() => withLink(sent.links[0]), (found) => found.length === 2);
		expect(mails.map(to)).toEqual(['zoe@example.com', 'zoe@example.com']);
		expect(mails[1].subject).toBe(mails[0].subject);
		expect(withLink(sent.links[1])).toEqual([]);
		expect((await new SignerClient(local(sent.links[0])).session()).body.state).toBe('ready');

		const events = (await t.api.get(`/workflows/${sent.id}/audit`)).body.events as Array<{ type: string; data: Record<string, unknown> }>;
		const resentEvents = events.filter((event) => event.type.endsWith('.resent'));
		expect(resentEvents.map((event) => event.type)).toEqual(['workflow.resent', 'signer.resent']);
		expect(resentEvents[0].data.signers).toEqual([{ signerId: sent.signerIds[0], name: PEOPLE[0].name, email: PEOPLE[0].email }]);
		expect(resentEvents[1].data).toMatchObject({ signerId: sent.signerIds[0], email: PEOPLE[0].email });

		const draft = await draftWith(t.api, 'Draft to resend', await uniquePdf('resend draft'));
		const early = await t.api.post(`/workflows/${draft.id}/resend`);
		expect([early.status, early.body.error.code]).toEqual([409, 'workflow_not_sent']);
		await t.api.post(`/workflows/${sent.id}/cancel`);
		const late = await t.api.post(`/workflows/${sent.id}/resend`);
		expect([late.status, late.body.error.code]).toEqual([409, 'workflow_not_sent']);
	});
});
